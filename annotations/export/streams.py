"""Whole export files, as streams of bytes built from the presenters, one row at a time.

``export_file()`` is the one entry point the page, the command and the account
archive share: a queryset from ``scopes.annotations_for_export`` in, an
``ExportFile`` (filename, content type, byte chunks) out. Nothing but the current
chunk of rows is held in memory, whatever the number of annotations.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from annotations.export import csv_format, jsonld, markdown_format
from annotations.export.links import Links
from annotations.export.rows import ExportRow, export_rows
from annotations.models import Annotation, Reply
from annotations.permissions import User, reply_filter

FORMATS = ("md", "csv", "jsonld")
BUFFER = 64 * 1024


class ExportFormatError(ValueError):
    """An unknown format, named in the message."""


@dataclass
class ExportFile:
    filename: str
    content_type: str
    chunks: Iterator[bytes]


def export_file(
    annotations: QuerySet[Annotation],
    fmt: str,
    links: Links,
    *,
    name: str = "marginalia",
    label: str = "Marginalia annotations",
    today: datetime.date | None = None,
    replies_for: User | None = None,
) -> ExportFile:
    """``annotations`` as one file in ``fmt``: "md" (a zip of one file per document
    when there are several), "csv" or "jsonld"; with ``replies_for``, each annotation
    with the replies that reader may see."""
    today = today or timezone.localdate()

    def rows():
        return export_rows(annotations, replies_for=replies_for)

    stem = f"{name}-{today.isoformat()}"
    if fmt == "csv":
        return ExportFile(
            f"{stem}.csv",
            "text/csv; charset=utf-8",
            buffered(csv_lines(rows(), links)),
        )
    if fmt == "jsonld":
        head = jsonld.collection_head(
            collection_id=f"{links.base_url}/export/{name}",
            label=label,
            total=annotations.count() + _reply_count(annotations, replies_for),
        )
        return ExportFile(
            f"{stem}.jsonld",
            jsonld.PROFILE,
            buffered(jsonld_lines(rows(), links, head)),
        )
    if fmt == "md":
        documents = annotations.order_by().values("document_id").distinct().count()
        files = markdown_files(rows(), links, today, reader=replies_for)
        if documents == 1:
            slug, text = next(files)
            return ExportFile(f"{slug}.md", "text/markdown; charset=utf-8", iter([text.encode()]))
        return ExportFile(f"{stem}.zip", "application/zip", zip_stream(files))
    raise ExportFormatError(f"Unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")


def _reply_count(annotations: QuerySet[Annotation], reader: User | None) -> int:
    """How many replies ``export_rows(..., replies_for=reader)`` adds: the same filter."""
    if reader is None:
        return 0
    return Reply.objects.filter(
        reply_filter(reader), annotation__in=annotations.order_by().values("pk"), hidden=False
    ).count()


def buffered(parts: Iterable[str], size: int = BUFFER) -> Iterator[bytes]:
    """UTF-8 bytes in chunks of about ``size``: few writes, bounded memory."""
    pending: list[str] = []
    length = 0
    for part in parts:
        pending.append(part)
        length += len(part)
        if length >= size:
            yield "".join(pending).encode()
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode()


class _Echo:
    """A file for csv.writer that hands each written line back."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[ExportRow], links: Links) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(csv_format.HEADER)
    for row in rows:
        yield writer.writerow(csv_format.annotation_csv_row(row, links))


def jsonld_lines(rows: Iterable[ExportRow], links: Links, head: dict) -> Iterator[str]:
    """The collection, its annotations one per line inside ``first.items``."""
    opening, closing = json.dumps(head, ensure_ascii=False).split('"items": []', 1)
    yield opening + '"items": ['
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(
            jsonld.annotation_jsonld(row, links, context=False), ensure_ascii=False
        )
        separator = ",\n"
        for reply in row.replies:
            yield separator + json.dumps(
                jsonld.reply_jsonld(reply, row, links, context=False), ensure_ascii=False
            )
    yield "\n]" + closing + "\n"


def markdown_files(
    rows: Iterable[ExportRow], links: Links, exported: datetime.date, reader: User | None = None
) -> Iterator[tuple[str, str]]:
    """(slug, Markdown) for each document, in order; sections become headings. Notes by
    others than ``reader`` carry their author's name."""
    reader_name = reader.get_username() if reader is not None else None
    for _, document_rows in itertools.groupby(rows, key=lambda row: row.document_id):
        parts: list[str] = []
        section = None
        slug = ""
        for row in document_rows:
            if not parts:
                slug = row.document_slug
                parts.append(markdown_format.front_matter(row, links, exported))
            if (row.section, row.section_level) != section:
                section = (row.section, row.section_level)
                parts.append(markdown_format.section_heading(row))
            attributed = reader_name is not None and row.author != reader_name
            parts.append(markdown_format.annotation_markdown(row, links, attributed=attributed))
        yield slug, "".join(parts)


class _Chunks:
    """A write-only file for zipfile that collects what is written, to be drained."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_stream(files: Iterable[tuple[str, str]]) -> Iterator[bytes]:
    """A zip of the files, yielded as each one is written."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for slug, text in files:
            archive.writestr(f"{slug}.md", text)
            yield sink.drain()
    yield sink.drain()


def grouped_for_print(rows: Iterable[ExportRow], links: Links) -> Iterator[dict]:
    """Documents, each with its sections and their notes (row and paragraph link)."""
    for _, document_rows in itertools.groupby(rows, key=lambda row: row.document_id):
        document: dict | None = None
        for row in document_rows:
            if document is None:
                document = {
                    "title": row.document_title,
                    "author": row.document_author,
                    "url": links.document(row.document_slug),
                    "sections": [],
                }
            sections = document["sections"]
            if not sections or sections[-1]["key"] != (row.section, row.section_level):
                sections.append(
                    {
                        "key": (row.section, row.section_level),
                        "title": row.section or row.document_title,
                        "notes": [],
                    }
                )
            url = links.paragraph(row.document_slug, row.ordinal)
            sections[-1]["notes"].append({"row": row, "url": url})
        if document is not None:
            yield document
