"""What a format's reader makes of a file: the highlights in it, and the entries it
passes over with the reason. Readers are pure (bytes in, entries out) and raise
``ImportFileError`` for a file they cannot read at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotations.imports.report import ImportFileError, check_size

# Each quote not found verbatim is searched for approximately, in the request: a limit
# that keeps the slowest import within a request's time.
MAX_IMPORT_HIGHLIGHTS = 5_000

SKIPPED = "skipped"  # not a highlight: a bookmark, a reply
NOT_IMPORTED = "not imported"  # a note with no quote to place it by

# Colours other apps use, as ours (Readwise's, and Kindle's where an export gives them).
COLORS = {
    "yellow": "yellow",
    "orange": "yellow",
    "green": "green",
    "blue": "blue",
    "pink": "pink",
    "red": "pink",
    "purple": "purple",
    "violet": "purple",
}


@dataclass
class Highlight:
    index: int  # its position in the file, from 0
    quote: str
    title: str = ""  # the book or page the file names
    comment: str = ""  # Markdown
    tags: list[str] = field(default_factory=list)
    color: str = ""  # ours, or "" for the default
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    slug: str = ""  # a document of ours the file names (our own CSV's links)
    source_id: str | None = None


@dataclass
class PassedOver:
    index: int
    status: str  # SKIPPED or NOT_IMPORTED
    message: str
    title: str = ""
    quote: str = ""
    source_id: str | None = None


Entry = Highlight | PassedOver


def decoded(data: bytes, kind: str) -> str:
    """A text file's bytes as text (UTF-8, with or without a BOM); a binary file is
    refused by name."""
    check_size(data)
    if b"\x00" in data[:8192]:
        raise ImportFileError(f"This is a binary file, not {kind}.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Older Kindles and spreadsheet apps save Windows-1252.
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(f"This is not a text file: it is not {kind}.") from None


def check_count(entries: list) -> None:
    if len(entries) > MAX_IMPORT_HIGHLIGHTS:
        raise ImportFileError(
            f"At most {MAX_IMPORT_HIGHLIGHTS:,} highlights per import; this file has "
            f"{len(entries):,}: split it."
        )


def color_of(name: str) -> str:
    return COLORS.get(name.strip().casefold(), "")
