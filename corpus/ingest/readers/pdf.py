"""PDF files: the text layer, page by page, in reading order.

pdfminer.six lays out each page (characters into lines, lines into boxes, boxes in
reading order, columns one after the other); each page becomes a SourcePage whose
lines are its boxes' lines with a blank line between boxes, its footnotes taken out
(``pdfnotes.py``), and the pages go to ``parse_pages`` (page furniture, joins across
page breaks, headings, notes).
"""

from __future__ import annotations

import io
import logging
import re

from pdfminer.layout import LAParams, LTChar, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser, PDFSyntaxError
from pdfminer.psparser import PSException

from ..blocks import IngestError, ParsedDocument, SourcePage
from ..parse import parse_pages
from .build import clean
from .pdflayout import PageAggregator, page_rows
from .pdfnotes import PdfBox, PdfLine, body_size, split_notes

ENCRYPTED = "the PDF is encrypted"
DAMAGED = "the PDF is damaged and cannot be read"
NO_TEXT_LAYER = "the PDF has no text layer (scanned images only?)"
# Typographic ligatures ("ﬁ") are one glyph in the PDF and two letters in the text.
_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
# A character this much smaller than its line's, set above its baseline, is a marker.
_RAISED = 0.8
# Text at a slant or stacked vertically is a watermark or a margin label, not prose.
_LAYOUT = LAParams(detect_vertical=False, all_texts=False)

# pdfminer warns about every odd object it repairs; the reader's errors say what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    document = _document(data)
    info = _info(document)
    laid_out: list[list[PdfBox]] = []
    try:
        for layout in _layouts(document):
            laid_out.append(_page_boxes(layout))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(ENCRYPTED) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError):
        raise IngestError(DAMAGED) from None
    if not laid_out:
        raise IngestError("the PDF has no pages")
    pages = _pages(laid_out)
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


def _pages(laid_out: list[list[PdfBox]]) -> list[SourcePage]:
    """Each page's text lines, its footnotes taken out."""
    size = body_size(laid_out)
    pages: list[SourcePage] = []
    carried = None  # the last note so far, which the next page's foot may continue
    for number, boxes in enumerate(laid_out, 1):
        lines, notes = split_notes(boxes, size, carried)
        pages.append(SourcePage(number=number, lines=lines, notes=notes))
        carried = notes[-1] if notes else carried if not lines else None
    return pages


def _page_boxes(layout) -> list[PdfBox]:
    """The page's text boxes in reading order (``page_rows``), each line of them a
    printed line: pdfminer's pieces on one baseline, read left to right as one."""
    boxes: list[PdfBox] = []
    for rows in page_rows(layout):
        lines = [_row_line(row) for row in rows]
        lines = [line for line in lines if line.text.strip()]
        if lines:
            pieces = [piece for row in rows for piece in row]
            boxes.append(
                PdfBox(
                    min(piece.x0 for piece in pieces),
                    min(piece.y0 for piece in pieces),
                    max(piece.x1 for piece in pieces),
                    max(piece.y1 for piece in pieces),
                    lines,
                )
            )
    return boxes


def _row_line(row: list[LTTextLine]) -> PdfLine:
    """A printed line from pdfminer's lines on one baseline, left to right."""
    first, *rest = [_line(line) for line in row]
    if not rest:
        return first
    return PdfLine(
        " ".join([first.text.rstrip(), *(line.text.strip() for line in rest)]),
        first.size,
        first.raised + tuple(label for line in rest for label in line.raised),
        first.opening,
    )


def _line(line: LTTextLine) -> PdfLine:
    """A line's text, its characters' usual size and the labels set raised in it."""
    text = line.get_text().rstrip("\n").translate(_LIGATURES)
    chars = [obj for obj in line if isinstance(obj, LTChar) and not obj._text.isspace()]
    if not chars:
        return PdfLine(text, 0.0)
    sizes = sorted(char.size for char in chars)
    size = sizes[len(sizes) // 2]
    if sizes[0] >= size * _RAISED:
        return PdfLine(text, size)  # no smaller character: nothing raised
    bottoms = sorted(char.y0 for char in chars)
    baseline = bottoms[len(bottoms) // 2]
    labels: list[str] = []
    current: list[str] = []
    opening = ""
    for position, char in enumerate(chars):
        if char.size < size * _RAISED and char.y0 > baseline + size * 0.1:
            current.append(char._text)
            continue
        if current:
            labels.append("".join(current))
            if len(labels) == 1 and position == len(current):
                opening = labels[0]
            current = []
    if current:
        labels.append("".join(current))
    return PdfLine(_raised_glued(line, size, text), size, tuple(labels), opening)


def _raised_glued(line: LTTextLine, size: float, text: str) -> str:
    """The line's text with no space before a raised marker ('reports 1 from' is
    'reports¹ from' in print): pdfminer sets one where the marker stands apart."""
    objs = list(line)
    out: list[str] = []
    for index, obj in enumerate(objs):
        following = objs[index + 1] if index + 1 < len(objs) else None
        if (
            not isinstance(obj, LTChar)
            and obj.get_text() == " "
            and out
            and isinstance(following, LTChar)
            and following.size < size * _RAISED
            and not following._text.isspace()
        ):
            continue
        out.append(obj.get_text())
    return "".join(out).rstrip("\n").translate(_LIGATURES)


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
