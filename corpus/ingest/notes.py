"""Endnotes: a numbered list closing the text, and the markers that point to it."""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import NOTE_LABEL_MAX, Block, NoteRef, PageNote
from .text import collapse

_NOTE = re.compile(r"(\d{1,3})\.\s*(\S.*)")
# A marker is a number set straight after a word or a sentence's end
# ("level.2", "state22 while"), never part of a decimal ("2.5", "4.0").
_MARKER = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[.,;:!?”’\"')\]])|(?<=[”\"] ))(?<!\d[.,])"
    r"(\d{1,3})(?![\d.,]\d)(?=[\s.,;:)\]”’]|$)"
)
_DIGIT = re.compile(r"\d")
_MIN_NOTES = 3
_BRACKETED_NOTE = re.compile(r"\[(\d{1,3})\]\s*(\S.*)")
_BRACKETED_MARKER = re.compile(r"(?<=\S)\[(\d{1,3})\]")


def find_notes(chunks: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
    """Which of the (kind, text) chunks are endnotes: index -> (number, text).

    Endnotes are the run of numbered paragraphs that ends the text, counting
    upwards.
    """
    found: dict[int, tuple[int, str]] = {}
    previous_number: int | None = None
    for index in range(len(chunks) - 1, -1, -1):
        kind, text = chunks[index]
        match = _NOTE.fullmatch(text)
        if kind == "list_item" or not match:
            break
        number = int(match.group(1))
        if previous_number is not None and number >= previous_number:
            break
        found[index] = (number, match.group(2).strip())
        previous_number = number
    return found if len(found) >= _MIN_NOTES else {}


def find_bracketed_notes(chunks: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
    """A book's footnotes as Project Gutenberg sets them: '[1] The note.' on a paragraph
    of its own, anywhere, once its marker '[1]' stood in the text before it."""
    found: dict[int, tuple[int, str]] = {}
    marked: set[int] = set()
    for index, (_kind, text) in enumerate(chunks):
        if "[" not in text:
            continue  # neither a note nor a marker: both open with a bracket
        match = _BRACKETED_NOTE.fullmatch(text)
        if match and int(match.group(1)) in marked:
            found[index] = (int(match.group(1)), match.group(2).strip())
            continue
        marked.update(int(number) for number in _BRACKETED_MARKER.findall(text))
    return found


def _markers(text: str) -> list[re.Match[str]]:
    """``_MARKER.finditer(text)``, tried only where a digit stands (a marker starts with
    one; its lookbehinds see the text before): the pattern's own scan tries them at
    every character of a paragraph."""
    found: list[re.Match[str]] = []
    end = 0
    for digit in _DIGIT.finditer(text):
        if digit.start() < end:
            continue
        match = _MARKER.match(text, digit.start())
        if match:
            found.append(match)
            end = match.end()
    return found


def link_refs(blocks: list[Block]) -> list[Block]:
    """Attach NoteRefs to the markers in the text that name an existing note."""
    numbers = {block.number for block in blocks if block.kind == "note"}
    if not numbers:
        return blocks
    linked = []
    for block in blocks:
        if block.kind in ("body", "quote", "list_item"):
            markers = _markers(block.text)
            if "[" in block.text:
                markers.extend(_BRACKETED_MARKER.finditer(block.text))
            refs = tuple(
                NoteRef(m.start(1), m.end(1), int(m.group(1)))
                for m in sorted(markers, key=lambda m: m.start())
                if int(m.group(1)) in numbers
            )
            if refs:
                block = replace(block, refs=refs)
        linked.append(block)
    return linked


# A page's first and last source line, its first line's text, and its footnotes.
PageSpan = tuple[int, int, str, list[PageNote]]
_SYMBOLS = "*†‡§‖¶"
_PROBE = 24  # characters of a page's first line looked for in the paragraph it continues


def marker_pattern(label: str) -> re.Pattern[str]:
    """A footnote's marker in running text: its label set straight after a word or a
    sentence's end ('level.2', 'state* while'), never in a number or a time ('1:00')."""
    # after a letter, a closing mark, or an opening bracket that is itself set close ('law[*]')
    after = r"(?:(?<=[^\W\d_])|(?<=[.,;:!?”’\"')\]])|(?<=\S\[))"
    if label.isdigit():
        return re.compile(rf"{after}({label})(?![\d.,:]\d|\w)")
    return re.compile(rf"{after}({re.escape(label)})")


def place_page_notes(blocks: list[Block], spans: list[PageSpan]) -> list[Block]:
    """Each page's footnotes as note blocks after the paragraph the page ends in, each
    linked from its marker in the page's text.

    A marker is looked for in the page's paragraphs in the notes' order, each after the
    one before; the paragraph carried over from the page before is searched from where the
    page's first line stands in it. A note whose marker is not found stays, unlinked.
    """
    refs: dict[int, list[NoteRef]] = {}
    after: dict[int, list[Block]] = {}  # block index -> notes set after it
    for first, last, first_text, page_notes in spans:
        if not page_notes:
            continue
        indexes = [i for i, block in enumerate(blocks) if first <= block.line <= last]
        carried = [i for i, block in enumerate(blocks) if block.line < first][-1:]
        searched = carried + indexes
        place = searched[-1] if searched else len(blocks) - 1
        cursor = (0, _page_start(blocks, carried, first_text))
        for note in page_notes:
            found = _find_marker(blocks, searched, cursor, note.label)
            if found is not None:
                position, index, start, end = found
                refs.setdefault(index, []).append(NoteRef(start, end, note.number))
                cursor = (position, end)
            label = note.label
            if label == str(note.number) or len(label) > NOTE_LABEL_MAX:
                label = ""
            note_block = Block(
                "note", collapse(note.text), number=note.number, label=label, line=last
            )
            after.setdefault(place, []).append(note_block)
    result: list[Block] = []
    for index, block in enumerate(blocks):
        if index in refs:
            block = replace(
                block, refs=tuple(sorted([*block.refs, *refs[index]], key=lambda r: r.start))
            )
        result.append(block)
        result.extend(after.get(index, []))
    if not blocks:
        result.extend(note for notes_after in after.values() for note in notes_after)
    return result


def _page_start(blocks: list[Block], carried: list[int], first_text: str) -> int:
    """Where the page's text starts in the paragraph carried over from the page before."""
    if not carried or not first_text:
        return 0
    return max(0, blocks[carried[0]].text.find(first_text[:_PROBE]))


def _find_marker(
    blocks: list[Block], searched: list[int], cursor: tuple[int, int], label: str
) -> tuple[int, int, int, int] | None:
    pattern = marker_pattern(label)
    position, offset = cursor
    for at in range(position, len(searched)):
        block = blocks[searched[at]]
        if block.kind not in ("body", "quote", "list_item", "heading"):
            continue
        match = pattern.search(block.text, offset if at == position else 0)
        if match:
            return at, searched[at], match.start(1), match.end(1)
    return None


def symbol_number(label: str) -> int | None:
    """A note's number from its label: '12' is 12, '*' 1, '†' 2, '**' 2, '[*]' 1."""
    label = label.strip("[]().")
    if label.isdigit():
        return int(label)
    if label and label[0] in _SYMBOLS and label == label[0] * len(label):
        return _SYMBOLS.index(label[0]) + len(label)
    return None
