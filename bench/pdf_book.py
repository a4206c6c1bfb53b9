"""A book-length PDF for the PDF reader's benchmark, written here with no PDF library.

The seed book's hard-wrapped lines are set as a printed book is: a running head in
capitals on every page, the page number at its foot, 36 lines of Times-Roman a page, a
paragraph's first line indented and a gap between paragraphs. Compressed content
streams and one of the standard 14 fonts (pdfminer.six knows its metrics), so the
reader does what it does for a real book: inflate, interpret, lay out characters.
"""

from __future__ import annotations

import zlib

_WIDTH, _HEIGHT = 420, 595  # A5, points
_LINES_PER_PAGE = 36
_LEADING = 13
_SIZE = 10


def book_lines(text: str) -> list[str]:
    """The text's lines, runs of blank lines cut to one (a paragraph gap)."""
    lines: list[str] = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line or (lines and lines[-1]):
            lines.append(line)
    return lines


def book_pdf(lines: list[str], *, pages: int, title: str = "A HISTORY") -> bytes:
    """``pages`` pages of ``lines`` (from the start again if they run out)."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Info /Title (A History of Soviet Socialism) >>",
    ]
    page_ids: list[int] = []
    cursor = 0
    for number in range(1, pages + 1):
        body: list[tuple[str, bool]] = []
        for _ in range(_LINES_PER_PAGE):
            line, before = lines[cursor % len(lines)], lines[cursor % len(lines) - 1]
            body.append((line, not before))  # a paragraph's first line is indented
            cursor += 1
        stream = zlib.compress(_page_content(body, number, title).encode("cp1252", "replace"))
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (_WIDTH, _HEIGHT, len(objects))
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    return _file(objects)


def _page_content(body: list[tuple[str, bool]], number: int, title: str) -> str:
    ops = [f"BT /F1 8 Tf 1 0 0 1 {_WIDTH / 2 - 30} {_HEIGHT - 40} Tm ({_escape(title)}) Tj ET"]
    y = _HEIGHT - 70
    for line, indented in body:
        if line:
            x = 52 if indented else 40
            ops.append(f"BT /F1 {_SIZE} Tf 1 0 0 1 {x} {y} Tm ({_escape(line)}) Tj ET")
        y -= _LEADING
    ops.append(f"BT /F1 9 Tf 1 0 0 1 {_WIDTH / 2} 30 Tm ({number}) Tj ET")
    return "\n".join(ops)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
