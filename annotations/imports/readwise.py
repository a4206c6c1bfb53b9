"""Readwise's CSV, as Readwise exports it (Highlight, Book Title, Book Author, Amazon Book
ID, Note, Color, Tags, Location Type, Location, Highlighted at, Document tags) and as our
own CSV export writes it (``export/csv_format.py``: Highlight, Title, Author, URL, Note,
Location, Date, Tags, …). Columns are read by name; only Highlight is required.
"""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urlparse

from annotations.export.csv_format import FORMULA_STARTS
from annotations.imports.entries import (
    NOT_IMPORTED,
    Entry,
    Highlight,
    PassedOver,
    check_count,
    color_of,
    decoded,
)
from annotations.imports.report import ImportFileError

# Our export's paragraph links: /read/<slug>/p/<n>/.
_DOCUMENT_PATH = re.compile(r"^/read/(?P<slug>[-a-zA-Z0-9_]+)/")


def read_readwise(data: bytes) -> list[Entry]:
    text = decoded(data, "a Readwise CSV")
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(f"The CSV cannot be read: {error}.") from None
    header = rows[0].keys() if rows else next(csv.reader(io.StringIO(text)), [])
    columns = {(name or "").strip().casefold(): name for name in header}
    if "highlight" not in columns:
        raise ImportFileError("The CSV has no Highlight column: it is not a Readwise CSV.")
    check_count(rows)

    def cell(row: dict, *names: str) -> str:
        for name in names:
            value = row.get(columns.get(name, ""))
            if isinstance(value, str) and value.strip():
                return _plain(value.strip())
        return ""

    entries: list[Entry] = []
    for index, row in enumerate(rows):
        quote, title = cell(row, "highlight"), cell(row, "book title", "title")
        if not quote:
            entries.append(PassedOver(index, NOT_IMPORTED, "No highlight in this row.", title))
            continue
        link = _DOCUMENT_PATH.match(urlparse(cell(row, "url")).path)
        entries.append(
            Highlight(
                index,
                quote,
                title,
                comment=cell(row, "note"),
                tags=[tag.strip() for tag in cell(row, "tags").split(",") if tag.strip()],
                color=color_of(cell(row, "color")),
                slug=link["slug"] if link else "",
            )
        )
    return entries


def _plain(value: str) -> str:
    """A cell our export protected from spreadsheets ("'=x") as it was written."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value
