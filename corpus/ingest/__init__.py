"""Parsing: raw text in, blocks out. Pure Python, no Django."""

from .blocks import (
    BLOCK_KINDS,
    Block,
    DroppedLine,
    IngestError,
    NoteRef,
    ParsedDocument,
    SourcePage,
)
from .decode import decode_bytes
from .parse import parse_pages, parse_text

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "DroppedLine",
    "IngestError",
    "NoteRef",
    "ParsedDocument",
    "SourcePage",
    "decode_bytes",
    "parse_pages",
    "parse_text",
]
