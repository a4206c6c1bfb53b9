"""One topic's guide: every passage tagged with it in a scope, merged, placed and
grouped in reading order, with its discussion, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404
from taggit.models import Tag

from annotations.guides.context import add_sentences
from annotations.guides.limits import GuideLimits, ReadingRanges, reading_ranges
from annotations.guides.merge import Passage, merge_passages, passage_text
from annotations.guides.queries import HEAT_LEVELS, get_scope_for_user, tag_key
from annotations.guides.questions import OpenQuestion, is_question_tag, open_questions
from annotations.margin import TAG_SEPARATOR, tag_names
from annotations.models import (
    Anchor,
    Annotation,
    ReactionKind,
    Reply,
    TaggedAnnotation,
    TopicSummary,
)
from annotations.permissions import Scope, User, reply_filter
from annotations.queries import reaction_counts
from annotations.sql import IdList
from annotations.threads import thread_order
from corpus.models import Document
from corpus.queries import VersionLayout, version_layouts

KEY_PASSAGES = 5
# A guide page lays out this many passages; the handout and the Markdown, all of them.
PASSAGES_PER_PAGE = 100
REACTION_KINDS = tuple(ReactionKind.values)


class LimitError(ValueError):
    """Limits a guide cannot have, the parameter named in the message."""


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
    exact: str = ""


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
    # The rest of the sentence(s) the passage is in, before and after its words.
    before: str = ""
    after: str = ""

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
    open_questions: list[OpenQuestion] = field(default_factory=list)
    limits: GuideLimits = field(default_factory=GuideLimits)
    page: int = 1
    page_count: int = 1


def threaded(replies: list[GuideReply]) -> list[GuideReply]:
    """An annotation's replies in thread order, each with its depth (a pure step)."""
    ordered = []
    for entry in thread_order(replies):
        entry.reply.depth, entry.reply.in_reply_to = entry.depth, entry.in_reply_to
        ordered.append(entry.reply)
    return ordered


def topic_tags(key: str) -> QuerySet:
    """The tags that are the topic ``key``: its spellings in any case."""
    return Tag.objects.filter(name__iexact=key)


def _topic_filter(key: str) -> Q:
    """Annotations tagged with the topic: found from the tags' index rather than by a
    subquery per annotation."""
    return Q(
        pk__in=TaggedAnnotation.objects.filter(tag__in=topic_tags(key)).values("content_object_id")
    )


def guide(
    user: User,
    scope: str,
    tag: str,
    limits: GuideLimits | None = None,
    *,
    page: int | None = None,
) -> Guide:
    """Every passage tagged ``tag`` in ``scope`` (within ``limits``), by document and
    section in reading order, each in its sentence; Http404 when the topic has none at
    all or has no page ``page``, LimitError for limits the scope cannot have.

    ``page``: only that page's PASSAGES_PER_PAGE passages are laid out (its counts, key
    passages, open questions and related topics are still the whole topic's); None: all.

    A fixed number of queries: the circle, the annotations, how the topic's tag is
    written, their other tags, reactions, the documents, paragraph offsets, sections, the
    summary; then, for the passages laid out, replies, words and comments, and the
    paragraphs; two more for the reading list, one when the limits leave nothing.
    """
    limits = limits or GuideLimits()
    topic = _load(user, get_scope_for_user(user, scope), tag_key(tag), limits)
    merged = merge_passages(topic.rows, ordered=True)
    # Reading order: documents by title, then (current version first) by position.
    merged.sort(key=_reading_order(topic))
    page_count = max(1, -(-len(merged) // PASSAGES_PER_PAGE)) if page is not None else 1
    if page is not None and not 1 <= page <= page_count:
        raise Http404(f"This guide has {page_count} page{'s' if page_count > 1 else ''}.")
    shown = (
        range((page - 1) * PASSAGES_PER_PAGE, min(len(merged), page * PASSAGES_PER_PAGE))
        if page is not None
        else range(len(merged))
    )
    strength = [len(passage.members) for passage in merged]
    key_indexes = sorted(range(len(merged)), key=lambda i: (-strength[i], i))[:KEY_PASSAGES]
    # Asked as questions; open ones are those nobody has answered, which their replies
    # say: read (with the replies of the passages on show) for those passages only.
    asked = topic.asked_ids()
    with_questions = [
        i for i, passage in enumerate(merged) if not asked.isdisjoint(passage.highlight_ids)
    ]
    topic.replies = _replies(
        topic.user,
        (pk for i in {*shown, *key_indexes, *with_questions} for pk in merged[i].highlight_ids),
    )
    questions = {pk for pk in asked if not topic.replies.get(pk)}
    asking = [i for i in with_questions if not questions.isdisjoint(merged[i].highlight_ids)]
    # Only what this page shows is laid out: placed, given its sentence and its notes.
    laid_out = sorted({*shown, *key_indexes, *asking})
    topic.details = _details(pk for i in laid_out for pk in merged[i].highlight_ids)
    placed = {i: _place(merged[i], topic) for i in laid_out}
    orphaned = {pk for pk, row in topic.details.items() if row.anchor == Anchor.ORPHANED}
    # An orphan's words are not in the text: no sentence around them.
    add_sentences(
        (p for p, _ in placed.values() if orphaned.isdisjoint(p.highlight_ids)), topic.layouts
    )
    return Guide(
        scope=topic.scope,
        key=topic.key,
        name=topic.names.most_common(1)[0][0] if topic.names else topic.key,
        documents=_grouped([placed[i] for i in shown]),
        key_passages=[placed[i][0] for i in key_indexes],
        related=_related(merged, topic),
        summary=topic.summary,
        passage_count=len(merged),
        member_count=len({row.author_id for row in topic.rows}),
        open_questions=open_questions((placed[i][0] for i in asking), asked),
        limits=limits,
        page=page or 1,
        page_count=page_count,
    )


def _reading_order(topic: _Topic):
    """A sort key for passages: documents by title, then (current version first) by
    position."""
    documents = {
        pk: (document["title"].casefold(), document["slug"], document["current_version_id"])
        for pk, document in topic.documents.items()
    }
    by_id = topic.by_id

    def key(passage: Passage) -> tuple:
        title, slug, current = documents[by_id[passage.highlight_ids[0]].document_id]
        return (title, slug, passage.version_id != current, passage.version_id, passage.start)

    return key


def _details(ids) -> dict[int, object]:
    """The words, comments, author names, tags and state of the annotations a page lays
    out: read for those only, not for every annotation of a large topic."""
    return {
        row.id: row
        for row in Annotation.objects.filter(pk__in=IdList(set(ids)))
        .annotate(tag_names=tag_names())
        .values_list(
            "id",
            "exact",
            "comment",
            "comment_html",
            "author__username",
            "hidden",
            "anchor",
            "tag_names",
            named=True,
        )
    }


def _replies(user: User, ids) -> dict[int, list[GuideReply]]:
    """annotation id -> its replies in thread order, for the annotations ``ids``: what
    replies_visible_to(user) allows; a reply a moderator hid stays out of the guide even
    for those who may see it."""
    replies: dict[int, list[GuideReply]] = defaultdict(list)
    for annotation_id, author, body, body_html, created, pk, parent_id in (
        Reply.objects.filter(reply_filter(user), annotation_id__in=IdList(set(ids)), hidden=False)
        .order_by("id")
        .values_list(
            "annotation_id", "author__username", "body", "body_html", "created", "id", "parent_id"
        )
    ):
        replies[annotation_id].append(GuideReply(author, body_html, body, created, pk, parent_id))
    return {annotation_id: threaded(thread) for annotation_id, thread in replies.items()}


class _Row(NamedTuple):
    id: int
    version_id: int
    document_id: int
    start: int
    end: int
    author_id: int


@dataclass
class _Topic:
    """What one topic's guide is built from, loaded in a fixed number of queries."""

    user: User
    scope: Scope
    key: str
    rows: list[_Row]  # the annotations, by version and position
    by_id: dict[int, _Row]
    names: Counter  # how the topic's own tag is written, and how often
    others: dict[int, list[tuple[str, str]]]  # annotation id -> other topics (key, name)
    reactions: dict[int, dict[str, int]]
    documents: dict[int, dict]
    layouts: dict[int, VersionLayout]
    summary: TopicSummary | None
    asked: set[int] = field(default_factory=set)  # asked as questions by another tag
    # Of the passages laid out: replies (``_replies``), and words, comments, author
    # names and tags (``_details``).
    replies: dict[int, list[GuideReply]] = field(default_factory=dict)
    details: dict[int, object] = field(default_factory=dict)

    def asked_ids(self) -> set[int]:
        """Annotations asked as questions, by a reaction or a tag (answered or not)."""
        if is_question_tag(self.key):
            return set(self.by_id)
        asked = {pk for pk, counts in self.reactions.items() if counts.get("question", 0) > 0}
        return asked | self.asked


def _load(user: User, scope: Scope, key: str, limits: GuideLimits) -> _Topic:
    topic = Annotation.objects.filter(scope.filter, _topic_filter(key))
    in_topic = topic.filter(limits.created_filter())
    ranges: ReadingRanges | None = None
    if limits.reading_list:
        if scope.circle is None:
            raise LimitError("reading_list: only a circle's guide has a reading list.")
        ranges = reading_ranges(scope.circle)
        in_topic = in_topic.filter(document_id__in=ranges.documents)
    rows = [
        _Row._make(values)
        for values in in_topic.order_by("version_id", "start", "end", "id").values_list(
            "id", "version_id", "document_id", "start", "end", "author_id"
        )
    ]
    # Limits that leave nothing show an empty guide; a topic with nothing at all is none.
    if not rows and not (limits and topic.exists()):
        raise Http404("No such topic")
    # Offsets only (never the text) of the versions' paragraphs, to place passages.
    layouts = version_layouts({row.version_id for row in rows})
    if ranges is not None:
        rows = [
            row
            for row in rows
            if ranges.keeps(row.document_id, row.version_id, row.start, layouts[row.version_id])
        ]
    # The topic's ids as one parameter: not its query again as a subquery of each read.
    ids = [row.id for row in rows]
    # Their tags: how the topic's own tag is written on them (and how often), and the
    # other topics they are in. The links come unordered from the tags' index, the few
    # tags' names apart; each annotation's other topics are listed by name.
    tagged: dict[int, list[int]] = defaultdict(list)  # tag id -> its annotations
    for annotation_id, tag_id in (
        TaggedAnnotation.objects.filter(content_object_id__in=IdList(ids))
        .order_by()
        .values_list("content_object_id", "tag_id")
    ):
        tagged[tag_id].append(annotation_id)
    names: Counter = Counter()
    others: dict[int, list[tuple[str, str]]] = defaultdict(list)
    asked: set[int] = set()  # asked as a question by one of their other tags
    for tag_id, name, own in sorted(
        Tag.objects.filter(pk__in=tagged)
        .annotate(own=ExpressionWrapper(Q(name__iexact=key), output_field=BooleanField()))
        .values_list("pk", "name", "own"),
        key=lambda tag: tag[1],
    ):
        name_key = tag_key(name)
        # The topic's own tag, as the database folds its case or beyond that.
        if own or name_key == key:
            names[name] += len(tagged[tag_id])
            continue
        other = (name_key, name)
        for annotation_id in tagged[tag_id]:
            others[annotation_id].append(other)
        if is_question_tag(name):
            asked.update(tagged[tag_id])
    summary = None
    if scope.summary_filter is not None:
        summary = (
            TopicSummary.objects.filter(scope.summary_filter, tag=key)
            .select_related("edited_by")
            .first()
        )
    return _Topic(
        user=user,
        scope=scope,
        key=key,
        rows=rows,
        by_id={row.id: row for row in rows},
        names=names,
        others=others,
        reactions=reaction_counts(Annotation.objects.filter(pk__in=IdList(ids)).values("pk")),
        documents={
            doc["id"]: doc
            for doc in Document.objects.filter(pk__in={row.document_id for row in rows}).values(
                "id", "slug", "title", "current_version_id"
            )
        },
        layouts=layouts,
        summary=summary,
        asked=asked,
    )


def _place(passage: Passage, topic: _Topic) -> tuple[GuidePassage, int | None]:
    """A merged passage as the guide shows it, with its section's order."""
    members = [topic.by_id[pk] for pk in passage.highlight_ids]
    details = topic.details
    document = topic.documents[members[0].document_id]
    placed = topic.layouts[passage.version_id].place(passage.start)
    text = passage_text(passage, topic.by_id, details)
    return (
        GuidePassage(
            start=passage.start,
            end=passage.end,
            text=text,
            runs=[
                (text[left - passage.start : right - passage.start], min(n, HEAT_LEVELS))
                for left, right, n in passage.strength
            ],
            members=sorted({details[row.id].author__username for row in members}, key=str.casefold),
            annotations=[
                GuideAnnotation(
                    id=row.id,
                    author=details[row.id].author__username,
                    comment=details[row.id].comment,
                    comment_html=details[row.id].comment_html,
                    hidden=details[row.id].hidden,
                    tags=sorted(details[row.id].tag_names.split(TAG_SEPARATOR))
                    if details[row.id].tag_names
                    else [],
                    replies=topic.replies.get(row.id, []),
                    exact=details[row.id].exact,
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


def _related(passages: list[Passage], topic: _Topic) -> list[tuple[str, int]]:
    """The other topics on the topic's passages: (name, passages shared), most first."""
    others = topic.others
    related: dict[str, int] = {}
    names: dict[str, str] = {}
    for passage in passages:
        ids = passage.highlight_ids
        if len(ids) == 1:  # the usual case: one note, its tags
            if ids[0] not in others:
                continue
            found = others[ids[0]]
        else:
            found = [pair for pk in ids if pk in others for pair in others[pk]]
        on_passage: dict[str, str] = {}
        for name_key, name in found:
            if name_key not in on_passage:
                on_passage[name_key] = name
        for name_key, name in on_passage.items():
            related[name_key] = related.get(name_key, 0) + 1
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
