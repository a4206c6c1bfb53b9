"""CSV in the column layout Readwise imports, safe to open in a spreadsheet."""

from __future__ import annotations

import datetime

from annotations.export.links import Links
from annotations.export.rows import ExportRow

# Readwise's columns first (it reads them by name), then ours: who wrote the note,
# whether a moderator hid it, its replies, one per line as "name: text" in thread order,
# and, line for line, which reply each answers: the number of that reply's line in
# "Replies" (1 is the first), or 0 for the highlight itself.
HEADER = (
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Note",
    "Location",
    "Date",
    "Tags",
    "Annotated by",
    "Hidden",
    "Replies",
    "Reply parents",
)
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
        row.author,
        "hidden by a moderator" if row.hidden else "",
        "\n".join(f"{reply.author}: {reply.body}" for reply in row.replies),
        _reply_parents(row),
    ]
    return [neutralise(cell) for cell in cells]


def _reply_parents(row: ExportRow) -> str:
    line_of = {reply.id: number for number, reply in enumerate(row.replies, start=1)}
    return "\n".join(str(line_of.get(reply.parent_id, 0)) for reply in row.replies)
