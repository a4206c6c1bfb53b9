"""The compare page's rows as HTML-ready data: each side's paragraphs with their changed
words in <del> or <ins>, the reader's visible annotations marked in the text and listed
beside the paragraph where each starts.

Every piece of text goes through escape(); what the template prints as safe is built here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from annotations.margin import PageAnnotation
from corpus.compare import MOVED, Block, Row, Spans
from corpus.models import Paragraph

OLD, NEW = "old", "new"
QUOTE_LENGTH = 160
# The change elements of each side, and what a screen reader hears around them.
_CHANGE_TAGS = {OLD: ("del", "[deleted: "), NEW: ("ins", "[inserted: ")}


@dataclass
class Note:
    """An annotation listed beside its paragraph."""

    author: str
    mine: bool
    quote: str
    color: str
    anchor: str
    visibility: str


@dataclass
class ShownParagraph:
    ordinal: int
    kind: str
    html: SafeString
    notes: list[Note] = field(default_factory=list)


@dataclass
class ShownRow:
    kind: str
    old: list[ShownParagraph]
    new: list[ShownParagraph]
    # A move: the ordinal of the paragraph at its other place.
    partner: int | None = None

    @property
    def label(self) -> str:
        """What happened to the row's text, in words: colour is never the only sign."""
        if len(self.old) > 1:
            return "Merged"
        if len(self.new) > 1:
            return "Split"
        return self.kind.capitalize()


@dataclass
class ShownBlock:
    rows: list[ShownRow]
    collapsed: bool
    annotation_count: int = 0


@dataclass
class Side:
    """One version's paragraphs and the annotations the reader may see on it."""

    paragraphs: Sequence[Paragraph]
    annotations: Sequence[PageAnnotation]
    # Annotations by the index of the paragraph where each starts, and each paragraph's
    # marks (clipped to it), built once.
    notes: dict[int, list[Note]] = field(init=False)
    marks: dict[int, list[tuple[int, int, PageAnnotation]]] = field(init=False)

    def __post_init__(self) -> None:
        self.notes, self.marks = {}, {}
        starts = [paragraph.start for paragraph in self.paragraphs]
        text = "\n\n".join(paragraph.text for paragraph in self.paragraphs)
        for annotation in self.annotations:
            # The paragraph it starts in, or the next one if it starts between two.
            index = max(bisect_right(starts, annotation.start) - 1, 0)
            if index < len(self.paragraphs) and annotation.start >= self.paragraphs[index].end:
                index += 1
            if index >= len(self.paragraphs):
                continue
            self.notes.setdefault(index, []).append(_note(annotation, text))
            while index < len(self.paragraphs) and self.paragraphs[index].start < annotation.end:
                paragraph = self.paragraphs[index]
                start = max(annotation.start, paragraph.start) - paragraph.start
                end = min(annotation.end, paragraph.end) - paragraph.start
                if start < end:
                    self.marks.setdefault(index, []).append((start, end, annotation))
                index += 1

    def shown(self, index: int, changes: Spans, side: str) -> ShownParagraph:
        paragraph = self.paragraphs[index]
        return ShownParagraph(
            ordinal=paragraph.ordinal,
            kind=paragraph.kind,
            html=render_text(paragraph.text, changes, self.marks.get(index, ()), side),
            notes=self.notes.get(index, []),
        )


def present_blocks(blocks: Sequence[Block], old: Side, new: Side) -> list[ShownBlock]:
    shown = []
    for block in blocks:
        rows = [_row(row, old, new) for row in block.rows]
        count = sum(len(paragraph.notes) for row in rows for paragraph in (*row.old, *row.new))
        shown.append(ShownBlock(rows, block.collapsed, count))
    return shown


def _row(row: Row, old: Side, new: Side) -> ShownRow:
    old_changes = row.old_changes or ((),) * len(row.old)
    new_changes = row.new_changes or ((),) * len(row.new)
    olds = [old.shown(i, spans, OLD) for i, spans in zip(row.old, old_changes, strict=True)]
    news = [new.shown(j, spans, NEW) for j, spans in zip(row.new, new_changes, strict=True)]
    partner = None
    if row.kind == MOVED:
        partner = (
            new.paragraphs[row.partner].ordinal if row.old else old.paragraphs[row.partner].ordinal
        )
    return ShownRow(row.kind, olds, news, partner)


def _note(annotation: PageAnnotation, text: str) -> Note:
    quote = " ".join(text[annotation.start : annotation.end].split())
    if len(quote) > QUOTE_LENGTH:
        quote = quote[: QUOTE_LENGTH - 1].rstrip() + "…"
    return Note(
        author=annotation.author,
        mine=annotation.mine,
        quote=quote,
        color=annotation.color,
        anchor=annotation.anchor,
        visibility=annotation.visibility,
    )


def render_text(
    text: str,
    changes: Spans,
    marks: Sequence[tuple[int, int, PageAnnotation]],
    side: str,
) -> SafeString:
    """The paragraph's text, escaped: its changed runs in <del> (old side) or <ins> (new),
    each with a label for screen readers, and annotated runs in <mark> inside them."""
    edges = {0, len(text)}
    for start, end in changes:
        edges.update((start, end))
    for start, end, _ in marks:
        edges.update((start, end))
    points = sorted(edges)
    tag, label = _CHANGE_TAGS[side]
    parts: list[str] = []
    in_change = False
    for start, end in zip(points, points[1:], strict=False):
        changed = any(s <= start and end <= e for s, e in changes)
        if changed != in_change:
            if changed:
                parts.append(f'<{tag}><span class="visually-hidden">{label}</span>')
            else:
                parts.append(f'<span class="visually-hidden">]</span></{tag}>')
            in_change = changed
        covering = [annotation for s, e, annotation in marks if s <= start and end <= e]
        piece = escape(text[start:end])
        if covering:
            top = covering[-1]
            mine = " hl-mine" if any(annotation.mine for annotation in covering) else ""
            piece = f'<mark class="hl hl-{escape(top.color)}{mine}">{piece}</mark>'
        parts.append(piece)
    if in_change:
        parts.append(f'<span class="visually-hidden">]</span></{tag}>')
    return mark_safe("".join(parts))
