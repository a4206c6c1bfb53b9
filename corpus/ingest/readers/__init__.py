"""Readers: a file's bytes, in any accepted format, to a ParsedDocument.

One module per format, each ``read(data, *, filename="") -> ParsedDocument``, raising
IngestError with a one-line message for bad input; ``read_any`` picks the reader
(``detect.py``). Pure Python, no Django.
"""

from __future__ import annotations

from ..blocks import IngestError, ParsedDocument
from .detect import NOT_A_TEXT, Format, detect_format

__all__ = ["NOT_A_TEXT", "Format", "detect_format", "read_any"]


def read_any(data: bytes, filename: str = "") -> ParsedDocument:
    """Read a file of any accepted format (text, Markdown, HTML, EPUB, PDF)."""
    fmt = detect_format(data, filename)
    # Imported on use: trafilatura, ebooklib and pdfminer take a while to import.
    if fmt == "pdf":
        from . import pdf as reader
    elif fmt == "epub":
        from . import epub as reader
    elif fmt == "html":
        from . import html as reader
    elif fmt == "markdown":
        from . import markdown as reader
    else:
        from . import text as reader
    parsed = reader.read(data, filename=filename)
    if not parsed.blocks:
        raise IngestError("no text to ingest")
    return parsed
