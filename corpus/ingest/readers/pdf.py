"""PDF files: the text layer, page by page, in reading order.

pdfminer.six lays out each page (characters into lines, lines into boxes, boxes in
reading order, columns one after the other); each page becomes a SourcePage whose
lines are its boxes' lines with a blank line between boxes, and the pages go to
``parse_pages`` (page furniture, joins across page breaks, headings, notes).
"""

from __future__ import annotations

import io
import logging
import re

from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.psparser import PSException

from ..blocks import IngestError, ParsedDocument, SourcePage
from ..parse import parse_pages
from .build import clean
from .pdflayout import PageAggregator, page_rows

ENCRYPTED = "the PDF is encrypted"
DAMAGED = "the PDF is damaged and cannot be read"
NO_TEXT_LAYER = "the PDF has no text layer (scanned images only?)"
# Typographic ligatures ("ﬁ") are one glyph in the PDF and two letters in the text.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# Text at a slant or stacked vertically is a watermark or a margin label, not prose.
_LAYOUT = LAParams(detect_vertical=False, all_texts=False)

# pdfminer warns about every odd object it repairs; the reader's errors say what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    document = _document(data)
    info = _info(document)
    pages: list[SourcePage] = []
    try:
        for number, layout in enumerate(_layouts(document), 1):
            pages.append(SourcePage(number=number, lines=_page_lines(layout)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(ENCRYPTED) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError):
        raise IngestError(DAMAGED) from None
    if not pages:
        raise IngestError("the PDF has no pages")
    if not any(line.strip() for page in pages for line in page.lines):
        raise IngestError(NO_TEXT_LAYER)
    parsed = parse_pages(pages)
    parsed.title = info.get("title") or parsed.title
    parsed.author = info.get("author") or parsed.author
    return parsed


def _layouts(document: PDFDocument):
    """Each page laid out (``extract_pages``, through the faster ``PageAggregator``)."""
    resources = PDFResourceManager(caching=True)
    device = PageAggregator(resources, laparams=_LAYOUT)
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.create_pages(document):
        interpreter.process_page(page)
        yield device.get_result()


def _page_lines(layout) -> list[str]:
    lines: list[str] = []
    for rows in page_rows(layout):
        texts = [_row_text(row).translate(_LIGATURES) for row in rows]
        texts = [text for text in texts if text.strip()]
        if texts:
            if lines:
                lines.append("")
            lines.extend(texts)
    return lines


def _row_text(row: list) -> str:
    """The text of a printed line (pdfminer's lines on one baseline, left to right)."""
    first, *rest = (line.get_text().rstrip("\n") for line in row)
    return " ".join([first.rstrip(), *(text.strip() for text in rest)]) if rest else first


def _document(data: bytes) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(ENCRYPTED) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError):
        raise IngestError(DAMAGED) from None


def _info(document: PDFDocument) -> dict[str, str]:
    """Title, author and date from the document information, where they look meant."""
    found: dict[str, str] = {}
    for info in document.info:
        for key, field in (("Title", "title"), ("Author", "author")):
            value = _string(info.get(key))
            # Word processors fill the title with a file name ("Microsoft Word - x.doc").
            if value and not re.search(r"\.(docx?|odt|pdf|tex|dvi)$|^untitled$", value, re.I):
                found.setdefault(field, value)
    return found


def _string(value: object) -> str:
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            text = value.decode("utf-16", errors="replace")
        else:
            text = value.decode("latin-1")
        return clean(text)
    return clean(value) if isinstance(value, str) else ""
