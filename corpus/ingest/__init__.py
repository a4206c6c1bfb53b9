"""Parsing: a file's bytes or raw text in, blocks out. Pure Python, no Django."""

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
from .readers import detect_format, read_any

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "DroppedLine",
    "IngestError",
    "NoteRef",
    "ParsedDocument",
    "SourcePage",
    "decode_bytes",
    "detect_format",
    "parse_pages",
    "parse_text",
    "read_any",
]
