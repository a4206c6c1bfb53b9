"""The reads of study guides: a scope's topics and one topic's guide.

Whose annotations a guide holds is decided by ``visibility_filter``; a scope only
narrows it. A scope the reader may not read is answered with Http404. Every read here
runs a fixed number of queries, whatever the number of passages.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404

from annotations import queries
from annotations.circles import ReactionKind
from annotations.guides.merge import Mark, Passage, merge_passages
from annotations.guides.models import TopicSummary
from annotations.models import Annotation, Reply, TaggedAnnotation
from annotations.permissions import Scope, ScopeError, User, reply_filter
from annotations.queries import annotations_visible_to, reaction_counts, tags_by_annotation
from corpus.models import Document
from corpus.queries import version_layouts

KEY_PASSAGES = 5
REACTION_KINDS = tuple(ReactionKind.values)
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
    documents = list(
        Document.objects.filter(pk__in=set(document_of_version.values()) or [0])
        .order_by("title", "id")
        .values("id", "slug", "title")
    )
    return TopicIndex(scope=guide, topics=found, documents=documents)


# One topic's guide.


@dataclass(slots=True)
class GuideReply:
    author: str
    body_html: str
    body: str
    created: object


@dataclass(slots=True)
class GuideAnnotation:
    id: int
    author: str
    comment: str
    comment_html: str
    hidden: bool = False  # hidden by a moderator: shown, marked, to those who may see it
    tags: list[str] = field(default_factory=list)
    replies: list[GuideReply] = field(default_factory=list)


@dataclass(slots=True)
class GuidePassage:
    start: int
    end: int
    text: str
    runs: list[tuple[str, int]]  # (text, strength level 1..HEAT_LEVELS)
    members: list[str]  # usernames of the distinct members who marked it
    annotations: list[GuideAnnotation]
    reactions: dict[str, int]
    document_slug: str
    document_title: str
    ordinal: int | None  # the paragraph it starts in
    section_title: str
    current: bool  # in the document's current version (else an earlier one)
    version_id: int

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def anchor(self) -> str:
        return f"passage-{self.version_id}-{self.start}"


@dataclass
class GuideSection:
    order: int | None
    title: str
    passages: list[GuidePassage] = field(default_factory=list)


@dataclass
class GuideDocument:
    slug: str
    title: str
    sections: list[GuideSection] = field(default_factory=list)


@dataclass
class Guide:
    scope: Scope
    key: str
    name: str
    documents: list[GuideDocument]
    key_passages: list[GuidePassage]
    related: list[tuple[str, int]]  # (tag, passages it shares with this topic)
    summary: TopicSummary | None
    passage_count: int
    member_count: int


def _topic_filter(tag: str) -> Exists:
    return Exists(
        TaggedAnnotation.objects.filter(content_object=OuterRef("pk"), tag__name__iexact=tag)
    )


def guide(user: User, scope: str, tag: str) -> Guide:
    """Every passage tagged ``tag`` in ``scope``, by document and section in reading
    order; Http404 when there is none.

    A fixed number of queries: the circle, the annotations, their tags, replies,
    reactions, the documents, paragraph offsets, sections and the summary.
    """
    guide_scope_ = get_scope_for_user(user, scope)
    key = tag_key(tag)
    in_topic = Annotation.objects.filter(guide_scope_.filter, _topic_filter(key))
    rows = list(
        in_topic.order_by("version_id", "start", "end", "id").values_list(
            "id",
            "version_id",
            "document_id",
            "start",
            "end",
            "exact",
            "author_id",
            "author__username",
            "comment",
            "comment_html",
            "hidden",
            named=True,
        )
    )
    if not rows:
        raise Http404("No such topic")
    by_id = {row.id: row for row in rows}
    # The topic's annotations again as a subquery: no list of thousands of ids to send.
    in_topic_ids = in_topic.order_by().values("pk")

    tags = tags_by_annotation(in_topic_ids)
    # The other topics on each annotation, as (key, name): for the related topics.
    others: dict[int, list[tuple[str, str]]] = defaultdict(list)
    names: Counter = Counter()
    for annotation_id, annotation_tags in tags.items():
        for name in annotation_tags:
            name_key = tag_key(name)
            if name_key == key:
                names[name] += 1
            else:
                others[annotation_id].append((name_key, name))

    replies: dict[int, list[GuideReply]] = defaultdict(list)
    for annotation_id, author, body, body_html, created in (
        # What replies_visible_to(user) allows, narrowed to the topic's annotations; a
        # reply a moderator hid stays out of the guide even for those who may see it.
        Reply.objects.filter(reply_filter(user), annotation__in=in_topic_ids, hidden=False)
        .order_by("id")
        .values_list("annotation_id", "author__username", "body", "body_html", "created")
    ):
        replies[annotation_id].append(GuideReply(author, body_html, body, created))

    reactions = reaction_counts(in_topic_ids)

    document_ids = {row.document_id for row in rows}
    documents = {
        doc["id"]: doc
        for doc in Document.objects.filter(pk__in=document_ids).values(
            "id", "slug", "title", "current_version_id"
        )
    }
    # Offsets only (never the text) of the versions' paragraphs, to place each passage.
    layouts = version_layouts({row.version_id for row in rows})

    summary = None
    if guide_scope_.summary_filter is not None:
        summary = (
            TopicSummary.objects.filter(guide_scope_.summary_filter, tag=key)
            .select_related("edited_by")
            .first()
        )

    passages = merge_passages(
        Mark(row.id, row.version_id, row.start, row.end, row.author_id) for row in rows
    )
    built: list[tuple[int, GuidePassage, int | None]] = []
    related: Counter = Counter()
    related_names: dict[str, str] = {}
    for passage in passages:
        members = [by_id[pk] for pk in passage.highlight_ids]
        document = documents[members[0].document_id]
        placed = layouts[passage.version_id].place(passage.start)
        ordinal, order, section_title = placed.ordinal, placed.section_order, placed.section_title
        passage_tags = {}
        for pk in passage.highlight_ids:
            for name_key, name in others.get(pk, ()):
                passage_tags.setdefault(name_key, name)
        related.update(passage_tags.keys())
        for tag_name_key, name in passage_tags.items():
            related_names.setdefault(tag_name_key, name)
        text = _passage_text(passage, by_id)
        built.append(
            (
                passage.version_id,
                GuidePassage(
                    start=passage.start,
                    end=passage.end,
                    text=text,
                    runs=[
                        (text[left - passage.start : right - passage.start], min(n, HEAT_LEVELS))
                        for left, right, n in passage.strength
                    ],
                    members=sorted({row.author__username for row in members}, key=str.casefold),
                    annotations=[
                        GuideAnnotation(
                            id=row.id,
                            author=row.author__username,
                            comment=row.comment,
                            comment_html=row.comment_html,
                            hidden=row.hidden,
                            tags=tags.get(row.id, []),
                            replies=replies.get(row.id, []),
                        )
                        for row in sorted(members, key=lambda row: row.id)
                    ],
                    reactions=_sum_reactions(reactions, passage.highlight_ids),
                    document_slug=document["slug"],
                    document_title=document["title"],
                    ordinal=ordinal,
                    section_title=section_title,
                    current=passage.version_id == document["current_version_id"],
                    version_id=passage.version_id,
                ),
                order,
            )
        )

    # Reading order: documents by title, then (current version first) by position.
    built.sort(
        key=lambda item: (
            item[1].document_title.casefold(),
            item[1].document_slug,
            not item[1].current,
            item[0],
            item[1].start,
        )
    )
    grouped: list[GuideDocument] = []
    for _version_id, passage, order in built:
        if not grouped or grouped[-1].slug != passage.document_slug:
            grouped.append(GuideDocument(passage.document_slug, passage.document_title))
        sections_ = grouped[-1].sections
        if not sections_ or (sections_[-1].order, sections_[-1].title) != (
            order,
            passage.section_title,
        ):
            sections_.append(GuideSection(order, passage.section_title))
        sections_[-1].passages.append(passage)

    in_order = [item[1] for item in built]
    key_passages = sorted(range(len(in_order)), key=lambda i: (-in_order[i].member_count, i))[
        :KEY_PASSAGES
    ]
    return Guide(
        scope=guide_scope_,
        key=key,
        name=names.most_common(1)[0][0] if names else key,
        documents=grouped,
        key_passages=[in_order[i] for i in key_passages],
        related=sorted(
            ((related_names[k], n) for k, n in related.items()),
            key=lambda item: (-item[1], item[0].casefold()),
        ),
        summary=summary,
        passage_count=len(in_order),
        member_count=len({row.author_id for row in rows}),
    )


def _passage_text(passage: Passage, by_id: dict[int, dict]) -> str:
    """The union's text, pieced together from the highlights' own quotes (each is
    ``text[start:end]`` of its version), so no version text is loaded."""
    pieces = []
    covered = passage.start
    # merge_passages lists a passage's highlights by start.
    for row in (by_id[pk] for pk in passage.highlight_ids):
        if row.end > covered:
            pieces.append(row.exact[covered - row.start :])
            covered = row.end
    return "".join(pieces)


def _sum_reactions(counts: dict[int, dict[str, int]], ids: list[int]) -> dict[str, int]:
    total = dict.fromkeys(REACTION_KINDS, 0)
    for pk in ids:
        for kind, n in counts.get(pk, {}).items():
            total[kind] += n
    return total


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
    ``user`` may see; ties in reading order. Three queries, however many there are."""
    rows = list(
        annotations_visible_to(user)
        .filter(version_id=version_id)
        .values_list("id", "start", "end", "author_id")
    )
    passages = merge_passages(
        Mark(pk, version_id, start, end, author) for pk, start, end, author in rows
    )
    top = sorted(passages, key=lambda p: (-p.member_count, p.start))[:limit]
    ids = [pk for passage in top for pk in passage.highlight_ids]
    # Run even with no passages, so the page's query count never depends on them.
    quotes = {
        row.pk: row
        for row in Annotation.objects.filter(pk__in=ids or [0]).only("id", "start", "end", "exact")
    }
    layout = version_layouts([version_id], with_sections=False)[version_id]
    found = []
    for passage in top:
        found.append(
            MarkedPassage(
                start=passage.start,
                end=passage.end,
                text=_passage_text(passage, quotes),
                members=passage.member_count,
                ordinal=layout.place(passage.start).ordinal or 1,
            )
        )
    return found
