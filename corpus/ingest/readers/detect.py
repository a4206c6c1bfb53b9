"""Which format a file is, from its content first and its name second."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from typing import Literal

from ..blocks import IngestError

Format = Literal["pdf", "epub", "html", "markdown", "text"]

NOT_A_TEXT = "not a text, Markdown, HTML, EPUB or PDF file"
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b[^>]*>", re.I)
_FRONT_MATTER = re.compile(r"---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", re.S)
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)
_SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".epub": "epub",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


def detect_format(data: bytes, filename: str = "") -> Format:
    """The format of ``data``: magic numbers decide, then markup, then the extension.

    Raises IngestError for an empty file or one that is none of the formats.
    """
    if not data.strip():
        raise IngestError("the file is empty")
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if _is_epub(data):
            return "epub"
        raise IngestError(NOT_A_TEXT + " (a zip archive that is not an EPUB)")
    by_name = _SUFFIXES.get(PurePath(filename).suffix.lower())
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head) or (by_name == "html" and _HTML_ANYWHERE.search(data[:65536])):
        return "html"
    if by_name == "html":
        return "html"
    if _looks_binary(data):
        raise IngestError(NOT_A_TEXT)
    if by_name in ("markdown", "text"):
        return by_name
    sample = data[:65536].decode("utf-8", errors="replace").replace("\r\n", "\n")
    if _FRONT_MATTER.match(sample) or _ATX_HEADING.search(sample):
        return "markdown"
    return "text"


def _is_epub(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == b"application/epub+zip"
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 32 and byte not in b"\n\r\t\f")
    return controls > len(sample) * 0.01
