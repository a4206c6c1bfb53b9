"""One topic's guide: every passage tagged with it in a scope, merged, placed and
grouped in reading order, with its discussion, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.http import Http404

from annotations.guides.merge import Mark, Passage, merge_passages, passage_text
from annotations.guides.queries import HEAT_LEVELS, get_scope_for_user, tag_key
from annotations.models import Annotation, ReactionKind, Reply, TaggedAnnotation, TopicSummary
from annotations.permissions import Scope, User, reply_filter
from annotations.queries import reaction_counts, tags_by_annotation
from annotations.threads import thread_order
from corpus.models import Document
from corpus.queries import VersionLayout, version_layouts

KEY_PASSAGES = 5
REACTION_KINDS = tuple(ReactionKind.values)


@dataclass(slots=True)
class GuideReply:
    author: str
    body_html: str
    body: str
    created: object
    id: int = 0
    parent_id: int | None = None
    depth: int = 0  # how far its thread indents it (annotations/threads.py)
    in_reply_to: str | None = None  # deeper than threads.MAX_DEPTH: whom it answers


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
    highlight_ids: list[int] = field(default_factory=list)

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


def threaded(replies: list[GuideReply]) -> list[GuideReply]:
    """An annotation's replies in thread order, each with its depth (a pure step)."""
    ordered = []
    for entry in thread_order(replies):
        entry.reply.depth, entry.reply.in_reply_to = entry.depth, entry.in_reply_to
        ordered.append(entry.reply)
    return ordered


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
    topic = _load(user, get_scope_for_user(user, scope), tag_key(tag))
    placed = [_place(passage, topic) for passage in merge_passages(topic.marks())]
    # Reading order: documents by title, then (current version first) by position.
    placed.sort(
        key=lambda item: (
            item[0].document_title.casefold(),
            item[0].document_slug,
            not item[0].current,
            item[0].version_id,
            item[0].start,
        )
    )
    in_order = [passage for passage, _order in placed]
    key_passages = sorted(range(len(in_order)), key=lambda i: (-in_order[i].member_count, i))
    return Guide(
        scope=topic.scope,
        key=topic.key,
        name=topic.names.most_common(1)[0][0] if topic.names else topic.key,
        documents=_grouped(placed),
        key_passages=[in_order[i] for i in key_passages[:KEY_PASSAGES]],
        related=_related(in_order, topic),
        summary=topic.summary,
        passage_count=len(in_order),
        member_count=len({row.author_id for row in topic.rows}),
    )


@dataclass
class _Topic:
    """What one topic's guide is built from, loaded in a fixed number of queries."""

    scope: Scope
    key: str
    rows: list  # the annotations, as named rows, by version and position
    by_id: dict[int, object]
    tags: dict[int, list[str]]
    names: Counter  # how the topic's own tag is written, and how often
    others: dict[int, list[tuple[str, str]]]  # annotation id -> other topics (key, name)
    replies: dict[int, list[GuideReply]]
    reactions: dict[int, dict[str, int]]
    documents: dict[int, dict]
    layouts: dict[int, VersionLayout]
    summary: TopicSummary | None

    def marks(self):
        return (
            Mark(row.id, row.version_id, row.start, row.end, row.author_id) for row in self.rows
        )


def _load(user: User, scope: Scope, key: str) -> _Topic:
    in_topic = Annotation.objects.filter(scope.filter, _topic_filter(key))
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
    # The topic's annotations again as a subquery: no list of thousands of ids to send.
    in_topic_ids = in_topic.order_by().values("pk")
    tags = tags_by_annotation(in_topic_ids)
    names: Counter = Counter()
    others: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for annotation_id, annotation_tags in tags.items():
        for name in annotation_tags:
            name_key = tag_key(name)
            if name_key == key:
                names[name] += 1
            else:
                others[annotation_id].append((name_key, name))
    replies: dict[int, list[GuideReply]] = defaultdict(list)
    for annotation_id, author, body, body_html, created, pk, parent_id in (
        # What replies_visible_to(user) allows, narrowed to the topic's annotations; a
        # reply a moderator hid stays out of the guide even for those who may see it.
        Reply.objects.filter(reply_filter(user), annotation__in=in_topic_ids, hidden=False)
        .order_by("id")
        .values_list(
            "annotation_id", "author__username", "body", "body_html", "created", "id", "parent_id"
        )
    ):
        replies[annotation_id].append(GuideReply(author, body_html, body, created, pk, parent_id))
    for annotation_id, thread in replies.items():
        replies[annotation_id] = threaded(thread)
    summary = None
    if scope.summary_filter is not None:
        summary = (
            TopicSummary.objects.filter(scope.summary_filter, tag=key)
            .select_related("edited_by")
            .first()
        )
    return _Topic(
        scope=scope,
        key=key,
        rows=rows,
        by_id={row.id: row for row in rows},
        tags=tags,
        names=names,
        others=others,
        replies=replies,
        reactions=reaction_counts(in_topic_ids),
        documents={
            doc["id"]: doc
            for doc in Document.objects.filter(pk__in={row.document_id for row in rows}).values(
                "id", "slug", "title", "current_version_id"
            )
        },
        # Offsets only (never the text) of the versions' paragraphs, to place passages.
        layouts=version_layouts({row.version_id for row in rows}),
        summary=summary,
    )


def _place(passage: Passage, topic: _Topic) -> tuple[GuidePassage, int | None]:
    """A merged passage as the guide shows it, with its section's order."""
    members = [topic.by_id[pk] for pk in passage.highlight_ids]
    document = topic.documents[members[0].document_id]
    placed = topic.layouts[passage.version_id].place(passage.start)
    text = passage_text(passage, topic.by_id)
    return (
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
                    tags=topic.tags.get(row.id, []),
                    replies=topic.replies.get(row.id, []),
                )
                for row in sorted(members, key=lambda row: row.id)
            ],
            reactions=_sum_reactions(topic.reactions, passage.highlight_ids),
            document_slug=document["slug"],
            document_title=document["title"],
            ordinal=placed.ordinal,
            section_title=placed.section_title,
            current=passage.version_id == document["current_version_id"],
            version_id=passage.version_id,
            highlight_ids=passage.highlight_ids,
        ),
        placed.section_order,
    )


def _grouped(placed: list[tuple[GuidePassage, int | None]]) -> list[GuideDocument]:
    """Passages in reading order, grouped by document, then by section."""
    grouped: list[GuideDocument] = []
    for passage, order in placed:
        if not grouped or grouped[-1].slug != passage.document_slug:
            grouped.append(GuideDocument(passage.document_slug, passage.document_title))
        sections = grouped[-1].sections
        if not sections or (sections[-1].order, sections[-1].title) != (
            order,
            passage.section_title,
        ):
            sections.append(GuideSection(order, passage.section_title))
        sections[-1].passages.append(passage)
    return grouped


def _related(passages: list[GuidePassage], topic: _Topic) -> list[tuple[str, int]]:
    """The other topics on the topic's passages: (name, passages shared), most first."""
    related: Counter = Counter()
    names: dict[str, str] = {}
    for passage in passages:
        on_passage: dict[str, str] = {}
        for pk in passage.highlight_ids:
            for name_key, name in topic.others.get(pk, ()):
                on_passage.setdefault(name_key, name)
        related.update(on_passage.keys())
        for name_key, name in on_passage.items():
            names.setdefault(name_key, name)
    return sorted(
        ((names[key], n) for key, n in related.items()),
        key=lambda item: (-item[1], item[0].casefold()),
    )


def _sum_reactions(counts: dict[int, dict[str, int]], ids: list[int]) -> dict[str, int]:
    total = dict.fromkeys(REACTION_KINDS, 0)
    for pk in ids:
        for kind, n in counts.get(pk, {}).items():
            total[kind] += n
    return total
