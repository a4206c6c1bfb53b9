"""The parser's output: plain data, no Django.

Text in (one document's raw text), blocks out. The corpus service turns a
``ParsedDocument`` into a stored version whose paragraphs are these blocks, in
order, their texts joined by ``"\\n\\n"``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

BlockKind = Literal["heading", "body", "quote", "list_item", "note"]
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)


class IngestError(Exception):
    """A file that cannot be ingested; the message names the problem in one line."""


# The longest note label kept as printed (a longer one shows as the note's number).
NOTE_LABEL_MAX = 16


@dataclass(frozen=True)
class NoteRef:
    """A note marker inside a block's text, e.g. the ``2`` in ``level.2``."""

    start: int  # offset of the marker in Block.text
    end: int
    number: int  # the note it points to (Block.number of a ``note`` block)


@dataclass(frozen=True)
class Block:
    kind: str  # one of BLOCK_KINDS
    text: str  # normalised: NFC, whitespace collapsed, no leading/trailing space
    # Headings only: 1 = top level (a book's parts and front/back matter, an
    # article's section headings), 2 = a book's chapters, 3 = sub-headings.
    level: int = 0
    number: int | None = None  # notes only: the note's own number
    label: str = ""  # notes only: its marker as printed, where not its number ('*', '†')
    refs: tuple[NoteRef, ...] = ()  # note markers inside ``text``
    line: int = 0  # 1-based line of the source where the block starts


@dataclass(frozen=True)
class DroppedLine:
    """A source line left out of the document, reported to whoever ingests."""

    line: int  # 1-based
    text: str
    reason: str  # e.g. "running header", "page chrome", "duplicate caption", "title"


@dataclass
class PageNote:
    """A footnote found at a page's foot, taken out of the page's lines."""

    number: int  # the note's number: its label's, or a symbol's place in * † ‡ § ‖ ¶
    label: str  # its marker as printed in the text: '2', '*', '†'
    text: str


@dataclass
class SourcePage:
    """A page of a paged source (a PDF), its text lines in reading order, as extracted."""

    number: int | None  # the page's printed number, when the reader knows it
    lines: list[str]
    notes: list[PageNote] = field(default_factory=list)  # its footnotes, in order


@dataclass
class ParsedDocument:
    blocks: list[Block]
    title: str | None = None  # a title line found at the top of the text, if any
    # From the source's metadata: a Gutenberg header, front matter, EPUB, PDF or HTML.
    author: str | None = None
    published: str | None = None  # a date, as the source gives it
    dropped: list[DroppedLine] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
