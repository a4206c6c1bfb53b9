"""Annotations as flat rows for export, streamed in constant memory.

The annotations are read with ``.iterator()`` in chunks of ``CHUNK``; each chunk's
tags come in one query, and the paragraph each highlight starts in is found by
bisecting its version's paragraph offsets, loaded once per version (one query for
all the versions a chunk brings in). A correlated subquery per row would scan a
version's paragraphs for every one of 100,000 rows; the offsets of a version are a
few thousand integers.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from annotations.models import Annotation, Reply, TaggedAnnotation
from annotations.permissions import User, reply_filter
from corpus.models import Paragraph, Section

CHUNK = 2_000

FIELDS = (
    "id",
    "author__username",
    "document_id",
    "document__slug",
    "document__title",
    "document__author",
    "version_id",
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "color",
    "comment",
    "visibility",
    "created",
    "updated",
    "hidden",
)


@dataclass(slots=True)
class ExportRow:
    """One annotation as every export format sees it."""

    id: int
    author: str
    document_id: int
    document_slug: str
    document_title: str
    document_author: str
    version_id: int
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: str
    comment: str
    visibility: str
    created: datetime.datetime
    updated: datetime.datetime
    hidden: bool = False  # hidden by a moderator of its circle (exported to those who see it)
    tags: list[str] = field(default_factory=list)
    replies: list[ExportReply] = field(default_factory=list)
    ordinal: int | None = None  # the paragraph the highlight starts in
    section: str = ""  # that paragraph's section title
    section_level: int = 1


@dataclass(slots=True)
class ExportReply:
    id: int
    author: str
    body: str
    created: datetime.datetime
    updated: datetime.datetime


@dataclass(slots=True)
class _VersionLayout:
    starts: list[int]
    ordinals: list[int]
    sections: list[tuple[str, int]]


def export_rows(
    annotations: QuerySet[Annotation], chunk: int = CHUNK, *, replies_for: User | None = None
) -> Iterator[ExportRow]:
    """``annotations`` (in their order) as ExportRows, reading ``chunk`` at a time; with
    ``replies_for``, each with the replies that reader may see (none a moderator hid),
    one more query a chunk."""
    layouts: dict[int, _VersionLayout] = {}
    batch: list[ExportRow] = []
    for values in annotations.values_list(*FIELDS).iterator(chunk_size=chunk):
        batch.append(ExportRow(*values))
        if len(batch) >= chunk:
            yield from _completed(batch, layouts, replies_for)
            batch = []
    if batch:
        yield from _completed(batch, layouts, replies_for)


def _completed(
    batch: list[ExportRow], layouts: dict[int, _VersionLayout], replies_for: User | None
) -> list[ExportRow]:
    if replies_for is not None:
        _add_replies(batch, replies_for)
    tags: dict[int, list[str]] = defaultdict(list)
    tag_rows = (
        TaggedAnnotation.objects.filter(content_object_id__in=[row.id for row in batch])
        .order_by("tag__name", "id")
        .values_list("content_object_id", "tag__name")
    )
    for annotation_id, name in tag_rows:
        tags[annotation_id].append(name)
    _load_layouts({row.version_id for row in batch} - layouts.keys(), layouts)
    for row in batch:
        row.tags = sorted(tags.get(row.id, []), key=str.casefold)
        layout = layouts[row.version_id]
        index = bisect.bisect_right(layout.starts, row.start) - 1
        if index >= 0:
            row.ordinal = layout.ordinals[index]
            row.section, row.section_level = layout.sections[index]
    return batch


def _add_replies(batch: list[ExportRow], reader: User) -> None:
    by_id = {row.id: row for row in batch}
    replies = (
        Reply.objects.filter(reply_filter(reader), annotation_id__in=by_id, hidden=False)
        .order_by("created", "id")
        .values_list("annotation_id", "id", "author__username", "body", "created", "updated")
    )
    for annotation_id, *values in replies:
        by_id[annotation_id].replies.append(ExportReply(*values))


def _load_layouts(version_ids: Iterable[int], layouts: dict[int, _VersionLayout]) -> None:
    version_ids = list(version_ids)
    if not version_ids:
        return
    sections = {
        pk: (title, level)
        for pk, title, level in Section.objects.filter(version_id__in=version_ids).values_list(
            "id", "title", "level"
        )
    }
    for version_id in version_ids:
        layouts[version_id] = _VersionLayout([], [], [])
    paragraphs = (
        Paragraph.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "start")
        .values_list("version_id", "start", "ordinal", "section_id")
    )
    for version_id, start, ordinal, section_id in paragraphs:
        layout = layouts[version_id]
        layout.starts.append(start)
        layout.ordinals.append(ordinal)
        layout.sections.append(sections.get(section_id, ("", 1)))
