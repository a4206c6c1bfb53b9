"""CSV in the column layout Readwise imports, safe to open in a spreadsheet."""

from __future__ import annotations

import datetime

from annotations.export.links import Links
from annotations.export.rows import ExportRow

HEADER = ("Highlight", "Title", "Author", "URL", "Note", "Location", "Date", "Tags")
# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A leading apostrophe makes a would-be formula plain text (OWASP's advice)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def annotation_csv_row(row: ExportRow, links: Links) -> list[str]:
    cells = [
        row.exact,
        row.document_title,
        row.document_author,
        links.paragraph(row.document_slug, row.ordinal),
        row.comment,
        "" if row.ordinal is None else str(row.ordinal),
        row.created.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        ", ".join(row.tags),
    ]
    return [neutralise(cell) for cell in cells]
