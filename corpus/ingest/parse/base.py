"""What every dialect works on: source lines, chunks of them, and chunks into blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import hyphens, notes
from ..blocks import Block, BlockKind, DroppedLine, ParsedDocument


@dataclass
class Line:
    no: int  # 1-based source line
    text: str  # collapsed
    indented: bool  # leading whitespace: in a PDF extraction, the first line of a page
    page_start: bool = False  # the first line of a page, its furniture removed


@dataclass
class Chunk:
    """Consecutive non-blank lines, with what separated them from the chunk before."""

    lines: list[Line]
    blank_before: int = 0
    header_before: bool = False  # a running header was removed just before
    kind: BlockKind = "body"
    level: int = 0
    text: str = ""
    # Wrapped text: the chunk's text was taken into the heading before it (a title that
    # wraps), so it is no block of its own.
    part_of_heading: bool = False
    # Wrapped text: a line of back matter (a chronology, an index), so a list item.
    back_matter_entry: bool = False
    # Wrapped text: the lines joined, and how many lines there were (lines only grow).
    joined: tuple[int, str] | None = field(default=None, repr=False, compare=False)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def page_break_before(self) -> bool:
        return (
            self.blank_before >= 2
            or self.header_before
            or self.first.indented
            or self.first.page_start
        )


class Parser:
    """A dialect's reader of the source lines.

    ``chunks()``, each dialect's own, reads the lines into chunks of one kind each;
    ``parse()`` makes them blocks, finds the endnotes and links the markers to them.
    """

    def __init__(self, lines: list[Line | None], dropped: list[DroppedLine]):
        self.lines = lines
        self.dropped = dropped
        self.title: str | None = None
        self.warnings: list[str] = []

    def parse(self) -> ParsedDocument:
        chunks = self.chunks()
        chunks = [chunk for chunk in chunks if chunk.text]
        texts = [(c.kind, c.text) for c in chunks]
        note_chunks = {**notes.find_bracketed_notes(texts), **notes.find_notes(texts)}
        blocks: list[Block] = []
        for index, chunk in enumerate(chunks):
            if index in note_chunks:
                number, text = note_chunks[index]
                blocks.append(Block("note", text, number=number, line=chunk.first.no))
            else:
                blocks.append(Block(chunk.kind, chunk.text, level=chunk.level, line=chunk.first.no))
        blocks = notes.link_refs(blocks)
        self.dropped.sort(key=lambda d: d.line)
        return ParsedDocument(
            blocks=blocks, title=self.title, dropped=self.dropped, warnings=self.warnings
        )

    def chunks(self) -> list[Chunk]:
        raise NotImplementedError

    def drop(self, line: Line, reason: str) -> None:
        self.dropped.append(DroppedLine(line.no, line.text, reason))


def split_chunks(lines: list[Line | None]) -> list[Chunk]:
    chunks: list[Chunk] = []
    current: list[Line] = []
    blank = 0
    pending_blank = 0
    for line in lines:
        if line is None:
            if current:
                chunks.append(Chunk(current, blank_before=pending_blank))
                current = []
                blank = 0
            blank += 1
            continue
        if not current:
            pending_blank = blank if chunks else 0
        current.append(line)
    if current:
        chunks.append(Chunk(current, blank_before=pending_blank))
    return chunks


def join_lines(lines: list[str], vocabulary: hyphens.Vocabulary) -> str:
    """Join a paragraph's lines; linear in its length, however many lines it has."""
    parts: list[str] = []
    tail = ""  # the end of the text joined so far: all that ``seam`` looks at
    for line in lines:
        if not line:
            continue
        if not tail:
            parts.append(line)
            tail = line[-_TAIL:]
            continue
        cut, separator = seam(tail, line, vocabulary)
        if cut:
            parts[-1] = parts[-1][:-cut]
        parts.append(separator)
        parts.append(line)
        tail = (tail[: len(tail) - cut] + separator + line)[-_TAIL:]
    return "".join(parts)


def join(left: str, right: str, vocabulary: hyphens.Vocabulary) -> str:
    if not left:
        return right
    if not right:
        return left
    cut, separator = seam(left[-_TAIL:], right, vocabulary)
    return left[: len(left) - cut] + separator + right


# Characters of the text before a line break that decide how it joins the next line.
_TAIL = 80


def seam(left: str, right: str, vocabulary: hyphens.Vocabulary) -> tuple[int, str]:
    """How ``left`` meets ``right``: characters to cut from its end, and what goes between."""
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].isalpha():
        return (1 if hyphens.hyphen_goes(left, right, vocabulary) else 0), ""
    if left[-1] in "—–/" and left[-2:-1] != " ":
        return 0, ""
    if left.endswith("-") and left[-2:-1].isdigit() and right[:1].isdigit():
        return 0, ""  # a range of numbers broken at its hyphen: '283-' / '288'
    if right[0] in "—" or right[0] in ",.;:!?)]”’" and len(right) < 3:
        return 0, ""
    return 0, " "
