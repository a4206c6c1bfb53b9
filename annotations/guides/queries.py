"""The reads of study guides: a scope as a guide reads it, its topics (the index), and
a document's most-marked passages; one topic's guide is in ``guide.py``.

Whose annotations a guide holds is decided by the scope (``permissions.Scope.filter``).
A scope the reader may not read is answered with Http404. Every read here runs a fixed
number of queries, whatever the number of passages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.http import Http404

from annotations import queries
from annotations.guides.merge import Mark, merge_passages, passage_text
from annotations.models import Anchor, Annotation, TaggedAnnotation
from annotations.permissions import Scope, ScopeError, User
from annotations.queries import annotations_visible_to
from corpus.models import Document
from corpus.queries import version_layouts

HEAT_LEVELS = 4


def get_scope_for_user(user: User, scope: str) -> Scope:
    """``scope`` as ``user`` may read it; Http404 for one they may not (or none such)."""
    try:
        return queries.get_scope_for_user(user, scope)
    except ScopeError:
        raise Http404("No such scope") from None


def tag_key(name: str) -> str:
    return name.strip().lower()


def heat_level(count: int, most: int) -> int:
    """0 for nothing, else 1..HEAT_LEVELS in proportion to the largest count."""
    if count <= 0 or most <= 0:
        return 0
    return max(1, -(-count * HEAT_LEVELS // most))


# The topic index.


@dataclass
class Topic:
    key: str
    name: str
    passages: int = 0
    members: int = 0
    documents: int = 0
    # document id -> passages on this topic in that document
    cells: dict[int, int] = field(default_factory=dict)


@dataclass
class TopicIndex:
    scope: Scope
    topics: list[Topic]
    documents: list[dict]  # {"id", "slug", "title"} by title

    def grid(self) -> list[dict]:
        """One row per topic, one cell per document, each with its heat level."""
        most = max((n for topic in self.topics for n in topic.cells.values()), default=0)
        return [
            {
                "topic": topic,
                "cells": [
                    {
                        "document": document,
                        "count": topic.cells.get(document["id"], 0),
                        "level": heat_level(topic.cells.get(document["id"], 0), most),
                    }
                    for document in self.documents
                ],
            }
            for topic in self.topics
        ]


def topics(user: User, scope: str) -> TopicIndex:
    """Every topic in ``scope`` with its counts, and the documents they cover.

    Three queries at most: the circle (for a circle scope), the tag links, the documents.
    """
    guide = get_scope_for_user(user, scope)
    rows = (
        TaggedAnnotation.objects.filter(
            content_object__in=Annotation.objects.filter(guide.filter).values("pk")
        )
        .order_by()
        .values_list(
            "tag__name",
            "content_object_id",
            "content_object__version_id",
            "content_object__start",
            "content_object__end",
            "content_object__author_id",
            "content_object__document_id",
        )
    )
    marks: dict[str, list[Mark]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    document_of_version: dict[int, int] = {}
    for name, pk, version_id, start, end, author_id, document_id in rows:
        key = tag_key(name)
        names[key][name] += 1
        marks[key].append(Mark(pk, version_id, start, end, author_id))
        document_of_version[version_id] = document_id
    found = []
    for key, highlights in marks.items():
        passages = merge_passages(highlights)
        cells = Counter(document_of_version[p.version_id] for p in passages)
        found.append(
            Topic(
                key=key,
                name=names[key].most_common(1)[0][0],
                passages=len(passages),
                members=len({h.author_id for h in highlights}),
                documents=len(cells),
                cells=dict(cells),
            )
        )
    found.sort(key=lambda topic: (topic.key, topic.name))
    document_ids = set(document_of_version.values())
    documents = (
        list(
            Document.objects.filter(pk__in=document_ids)
            .order_by("title", "id")
            .values("id", "slug", "title")
        )
        if document_ids
        else []
    )
    return TopicIndex(scope=guide, topics=found, documents=documents)


@dataclass
class MarkedPassage:
    """One of a document's most-marked passages, for its page."""

    start: int
    end: int
    text: str
    members: int
    ordinal: int  # the paragraph it starts in


def most_marked_passages(user: User, *, version_id: int, limit: int = 5) -> list[MarkedPassage]:
    """The passages of a version marked by the most members, among the annotations
    ``user`` may see; ties in reading order. Three queries however many there are (two
    when there are none)."""
    rows = list(
        annotations_visible_to(user)
        .filter(version_id=version_id)
        # An orphan's words are not in this text: it marks no passage of it.
        .exclude(anchor=Anchor.ORPHANED)
        .values_list("id", "start", "end", "author_id")
    )
    passages = merge_passages(
        Mark(pk, version_id, start, end, author) for pk, start, end, author in rows
    )
    top = sorted(passages, key=lambda p: (-p.member_count, p.start))[:limit]
    ids = [pk for passage in top for pk in passage.highlight_ids]
    quotes = {
        row.pk: row
        for row in Annotation.objects.filter(pk__in=ids).only("id", "start", "end", "exact")
    }
    layout = version_layouts([version_id], with_sections=False)[version_id]
    found = []
    for passage in top:
        found.append(
            MarkedPassage(
                start=passage.start,
                end=passage.end,
                text=passage_text(passage, quotes),
                members=passage.member_count,
                ordinal=layout.place(passage.start).ordinal or 1,
            )
        )
    return found
