"""Footnotes at a PDF page's foot: told from the text by their place, size and markers.

A footnote is a line at the foot of its column (no line of the text's size below it)
that opens with a label, '1', '*', '†' or '[*]', matching a marker in the page's text:
a raised, smaller label ('level.²'), or, where the note is set smaller than the text,
the label set straight after a word ('level.2'). The lines after it, to the next label,
are the note's; a smaller line opening a page's foot with no label continues the note
the page before ended on. Everything else stays text: a page number at the foot (no
words after it), a numbered list at a page's end (no marker in the text, its own size).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..blocks import PageNote
from ..notes import marker_pattern, symbol_number

# A line set this much smaller than the text's usual size is a note's (or a caption's).
_SMALLER = 0.92
# A character this much smaller than its line's, raised above it, is a marker.
_RAISED = 0.8
_LABEL = re.compile(r"(\[(?:\d{1,3}|\*{1,3})\]|\d{1,3}|[*†‡§‖¶]{1,3})[.)]?(?:\s+|$)")
# A box of the text's size below a note, with no more characters than this, is
# furniture (a page number), not text the note would have to sit above.
_FURNITURE_CHARS = 15


@dataclass
class PdfLine:
    text: str
    size: float  # the usual size of its characters
    raised: tuple[str, ...] = ()  # labels set raised and smaller in the line, in order
    opening: str = ""  # a raised label that opens the line


@dataclass
class PdfBox:
    """A box of lines as pdfminer laid it out (PDF coordinates: y grows upwards)."""

    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[PdfLine]

    @property
    def size(self) -> float:
        sizes = sorted(line.size for line in self.lines)
        return sizes[len(sizes) // 2] if sizes else 0.0

    @property
    def chars(self) -> int:
        return sum(len(line.text.strip()) for line in self.lines)


def body_size(pages: list[list[PdfBox]]) -> float:
    """The text's size: the size most of the document's characters are set in."""
    counts: Counter[float] = Counter()
    for boxes in pages:
        for box in boxes:
            for line in box.lines:
                counts[round(line.size * 2) / 2] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 0.0


def split_notes(
    boxes: list[PdfBox], text_size: float, carried: PageNote | None = None
) -> tuple[list[str], list[PageNote]]:
    """The page's text lines (a blank line between boxes) and its footnotes.

    ``carried``: the last note of the page before, which a label-less smaller line at
    this page's foot continues (its text is extended in place).
    """
    small = [box.size <= text_size * _SMALLER for box in boxes]
    feet = [
        index
        for index, box in enumerate(boxes)
        # set smaller than the text, or opening with a raised label
        if (small[index] or box.lines[0].opening)
        and _at_foot(box, index, boxes, small)
        and _worded(box)
    ]
    foot_set = set(feet)
    text = [box for index, box in enumerate(boxes) if index not in foot_set]
    raised = {label for box in text for line in box.lines for label in line.raised}
    page_text = " ".join(line.text for box in text for line in box.lines)
    notes: list[PageNote] = []
    kept_feet: set[int] = set()
    for index in feet:
        box = boxes[index]
        # A label-less note box continues the note before it: the page before's, or one
        # this page began at another column's foot.
        before = notes[-1] if notes else carried
        found = _notes_in(box, small[index], raised, page_text, before)
        if found is None:
            kept_feet.add(index)
            continue
        notes.extend(found)
    kept = [box for index, box in enumerate(boxes) if index not in foot_set or index in kept_feet]
    return _page_lines(kept), notes


def _page_lines(boxes: list[PdfBox]) -> list[str]:
    """The boxes' lines, a blank line between boxes, except between the lines of
    double-spaced text, which pdfminer sets one to a box (a court's opinion)."""
    single = sum(1 for box in boxes if len(box.lines) == 1)
    double_spaced = len(boxes) >= 6 and single >= 0.6 * len(boxes)
    lines: list[str] = []
    previous: PdfBox | None = None
    for box in boxes:
        box_lines = [line.text for line in box.lines if line.text.strip()]
        if not box_lines:
            continue
        if lines and not (double_spaced and previous is not None and _stacked(previous, box)):
            lines.append("")
        lines.extend(box_lines)
        previous = box
    return lines


def _stacked(above: PdfBox, box: PdfBox) -> bool:
    """The next line of the same paragraph, a double space below: a line alone under a
    line alone, of the same size, not indented from it (an indented line opens a
    paragraph; the line under an indented opening stands left of it), no more than a
    line's height between."""
    size = above.lines[-1].size
    return (
        len(above.lines) == 1
        and len(box.lines) == 1
        and abs(box.lines[0].size - size) <= 0.5
        and box.x0 <= above.x0 + 2
        and 0 <= above.y0 - box.y1 <= 1.5 * size
    )


def _at_foot(box: PdfBox, index: int, boxes: list[PdfBox], small: list[bool]) -> bool:
    """No line of the text's size below the box in its column (furniture aside)."""
    for other_index, other in enumerate(boxes):
        if other_index == index or small[other_index] or other.chars <= _FURNITURE_CHARS:
            continue
        below = other.y1 <= box.y0 + 1
        overlaps = other.x0 < box.x1 and box.x0 < other.x1
        if below and overlaps:
            return False
    return True


def _worded(box: PdfBox) -> bool:
    """More than a bare number or label: a page number at the foot is no note."""
    return any(len(line.text.split()) >= 2 or len(line.text.strip()) > 4 for line in box.lines)


def _notes_in(
    box: PdfBox, small: bool, raised: set[str], page_text: str, carried: PageNote | None
) -> list[PageNote] | None:
    """The box's notes, or None if it is text (a line before any label that continues
    nothing, or a label no marker in the page's text points to)."""
    notes: list[PageNote] = []
    current: PageNote | None = None
    continued: list[str] = []
    for line in box.lines:
        text = line.text.strip()
        if not text:
            continue
        label, rest = _label(line, text)
        number = symbol_number(label) if label else None
        last = current or carried
        # Numbered notes count up: '10 seconds.' inside note 13 is its text.
        counts_up = not (label.isdigit() and last and last.label.isdigit()) or (
            number > last.number
        )
        if number is not None and counts_up and _marked(label, line, small, raised, page_text):
            current = PageNote(number, label.strip("[]"), rest)
            notes.append(current)
        elif current is not None:
            current.text = f"{current.text} {text}".strip()
        elif small and carried is not None:
            continued.append(text)
        else:
            return None
    if not notes and not continued:
        return None
    if continued and carried is not None:
        carried.text = " ".join([carried.text, *continued])
    return notes


def _label(line: PdfLine, text: str) -> tuple[str, str]:
    if line.opening and text.startswith(line.opening):
        return line.opening, text[len(line.opening) :].strip()
    match = _LABEL.match(text)
    if not match:
        return "", text
    return match.group(1), text[match.end() :].strip()


def _marked(label: str, line: PdfLine, small: bool, raised: set[str], page_text: str) -> bool:
    """Does a marker in the page's text point to this label? A raised marker does; in a
    note set smaller than the text, so does the label set straight after a word."""
    bare = label.strip("[]")
    if bare in raised or label in raised:
        return True
    if not small:
        return False
    return bool(marker_pattern(bare).search(page_text))
