"""Annotations as flat rows for export, streamed in constant memory.

The annotations are read with ``.iterator()`` in chunks of ``CHUNK``; each chunk's
tags come in one query, and the paragraph each highlight starts in is found in its
version's layout (``corpus.queries.version_layouts``), loaded once per version (two
queries for all the versions a chunk brings in). A correlated subquery per row would scan a
version's paragraphs for every one of 100,000 rows; the offsets of a version are a
few thousand integers.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from annotations.models import Annotation, Reply
from annotations.permissions import User, reply_filter
from annotations.queries import tags_by_annotation
from annotations.threads import thread_order
from corpus.queries import VersionLayout, version_layouts

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
    "comment_html",
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
    comment_html: str = ""  # the comment rendered and sanitised on write (for print)
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
    # The exported reply it answers (None: the annotation, or one not exported).
    parent_id: int | None = None
    depth: int = 0  # how far to indent it (annotations/threads.py), at most MAX_DEPTH
    in_reply_to: str | None = None  # deeper than MAX_DEPTH: whom it answers
    body_html: str = ""  # the body rendered and sanitised on write (for print)


def export_rows(
    annotations: QuerySet[Annotation], chunk: int = CHUNK, *, replies_for: User | None = None
) -> Iterator[ExportRow]:
    """``annotations`` (in their order) as ExportRows, reading ``chunk`` at a time; with
    ``replies_for``, each with the replies that reader may see (none a moderator hid),
    one more query a chunk."""
    layouts: dict[int, VersionLayout] = {}
    batch: list[ExportRow] = []
    for values in annotations.values_list(*FIELDS).iterator(chunk_size=chunk):
        batch.append(ExportRow(*values))
        if len(batch) >= chunk:
            yield from _completed(batch, layouts, replies_for)
            batch = []
    if batch:
        yield from _completed(batch, layouts, replies_for)


def _completed(
    batch: list[ExportRow], layouts: dict[int, VersionLayout], replies_for: User | None
) -> list[ExportRow]:
    if replies_for is not None:
        _add_replies(batch, replies_for)
    tags = tags_by_annotation(row.id for row in batch)
    layouts.update(version_layouts({row.version_id for row in batch} - layouts.keys()))
    for row in batch:
        row.tags = sorted(tags.get(row.id, []), key=str.casefold)
        placed = layouts[row.version_id].place(row.start)
        row.ordinal, row.section, row.section_level = (
            placed.ordinal,
            placed.section_title,
            placed.section_level,
        )
    return batch


def _add_replies(batch: list[ExportRow], reader: User) -> None:
    by_id = {row.id: row for row in batch}
    replies = (
        Reply.objects.filter(reply_filter(reader), annotation_id__in=by_id, hidden=False)
        .order_by("created", "id")
        .values_list(
            "annotation_id",
            "id",
            "author__username",
            "body",
            "created",
            "updated",
            "parent_id",
            "body_html",
        )
    )
    for annotation_id, *values, body_html in replies:
        by_id[annotation_id].replies.append(ExportReply(*values, body_html=body_html))
    for row in by_id.values():
        if row.replies:
            row.replies = _threaded(row.replies)


def _threaded(replies: list[ExportReply]) -> list[ExportReply]:
    """The replies in thread order; one whose parent is not exported answers the annotation."""
    exported = {reply.id for reply in replies}
    ordered = []
    for entry in thread_order(replies):
        reply = entry.reply
        if reply.parent_id not in exported:
            reply.parent_id = None
        reply.depth, reply.in_reply_to = entry.depth, entry.in_reply_to
        ordered.append(reply)
    return ordered
