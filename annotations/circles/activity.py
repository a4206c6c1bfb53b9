"""A circle's activity: the annotations shared with it, the replies and the reactions to
them, newest first, as the reader may see them, a page at a time, in a fixed number of
queries. A reply to a reply says whom it answers; the reader's own doings are never new."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from annotations.models import (
    Annotation,
    Circle,
    CircleHide,
    Reaction,
    Reply,
    Visibility,
)
from annotations.permissions import User
from annotations.queries import annotations_visible_to, replies_visible_to
from corpus.queries import paragraph_ordinal_at

PAGE_SIZE = 20
# Far deeper than anyone pages; keeps the two "newest N" queries small.
MAX_PAGE = 500
QUOTE_LENGTH = 280
# The three kinds of item in a circle's activity stream.
ANNOTATION, REPLY, REACTION = "annotation", "reply", "reaction"


@dataclass
class ActivityItem:
    """A shared annotation or a reply to one, as the circle's activity stream shows it."""

    kind: str  # ANNOTATION or REPLY
    id: int
    author: str
    created: datetime
    html: str  # comment_html or body_html: rendered and sanitised on write
    quote: str
    color: str
    document_slug: str
    document_title: str
    ordinal: int | None
    hidden: bool
    new: bool
    annotation_id: int
    annotation_author: str = ""  # for a reply or a reaction: whose highlight it answers
    parent_author: str = ""  # for a reply to a reply: whose reply it answers
    reaction: str = ""  # for a reaction: agree, disagree or question
    review_requested: bool = False  # hidden, and its author asked the moderators to look again

    @property
    def is_reply(self) -> bool:
        return self.kind == REPLY

    @property
    def is_reaction(self) -> bool:
        return self.kind == REACTION


@dataclass
class ActivityPage:
    items: list[ActivityItem]
    number: int
    num_pages: int
    count: int
    new_count: int
    annotation_count: int = 0
    reply_count: int = 0
    reaction_count: int = 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1


def circle_activity(
    circle: Circle, user: User, *, page: int = 1, since: datetime | None = None
) -> ActivityPage:
    """The annotations shared with ``circle``, the replies and the reactions to them,
    newest first, as ``user`` may see them, page ``page`` of ``PAGE_SIZE``; items others
    created after ``since`` are marked new and counted (the reader's own never are).

    Seven queries at most, whatever the number of members or annotations: how many of
    each kind there are (three), which ones are on the page (one UNION of all, ordered by
    time), then those annotations, replies and reactions with what is shown of them (three).
    """
    annotations = annotations_visible_to(user).filter(circle=circle, visibility=Visibility.CIRCLE)
    replies = replies_visible_to(user).filter(
        annotation__circle=circle, annotation__visibility=Visibility.CIRCLE
    )
    # Reactions are marks on the annotations the reader sees, by members of the circle.
    reactions = Reaction.objects.filter(annotation__in=annotations.order_by().values("pk"))
    annotation_counts = _counts(annotations, since, user, "author")
    reply_counts = _counts(replies, since, user, "author")
    reaction_counts = _counts(reactions, since, user, "user")
    count = annotation_counts["total"] + reply_counts["total"] + reaction_counts["total"]
    num_pages = max(1, math.ceil(count / PAGE_SIZE))
    number = min(page, num_pages)
    offset = (number - 1) * PAGE_SIZE
    rows = _page_keys(annotations, replies, reactions)[offset : offset + PAGE_SIZE] if count else []
    keys = [(kind, pk) for _created, kind, pk in rows]
    mine = user.get_username()
    found = {
        key: item
        for kind in (ANNOTATION, REPLY, REACTION)
        for key, item in _items(kind, [pk for k, pk in keys if k == kind], since, mine).items()
    }
    return ActivityPage(
        # A row deleted between the queries is left out rather than failing the page.
        items=[found[key] for key in keys if key in found],
        number=number,
        num_pages=num_pages,
        count=count,
        new_count=annotation_counts["new"] + reply_counts["new"] + reaction_counts["new"],
        annotation_count=annotation_counts["total"],
        reply_count=reply_counts["total"],
        reaction_count=reaction_counts["total"],
    )


def _counts(items: QuerySet, since: datetime | None, user: User, by: str) -> dict[str, int]:
    if since is None:
        return {**items.aggregate(total=Count("id")), "new": 0}
    others = Q(created__gt=since) & ~Q(**{by: user.pk})
    return items.aggregate(total=Count("id"), new=Count("id", filter=others))


def _page_keys(annotations: QuerySet, replies: QuerySet, reactions: QuerySet) -> QuerySet:
    """(created, kind, id) of all three, newest first: one query to slice a page from."""

    def keys(items: QuerySet, kind: str) -> QuerySet:
        return (
            items.order_by()
            .annotate(item_kind=Value(kind, output_field=CharField()))
            .values_list("created", "item_kind", "id")
        )

    return (
        keys(annotations, ANNOTATION)
        .union(keys(replies, REPLY), keys(reactions, REACTION), all=True)
        .order_by("-created", "-item_kind", "-id")
    )


# What an activity item shows, and where each kind of item keeps it.
_COLUMNS = (
    "author",
    "created",
    "html",
    "exact",
    "color",
    "document_slug",
    "document_title",
    "hidden",
    "annotation_id",
    "annotation_author",
    "parent_author",
    "reaction",
)
_NOTHING = Value("", output_field=CharField())
_SOURCES = {
    ANNOTATION: (
        "author__username",
        "created",
        "comment_html",
        "exact",
        "color",
        "document__slug",
        "document__title",
        "hidden",
        "id",
        _NOTHING,
        _NOTHING,
        _NOTHING,
    ),
    REPLY: (
        "author__username",
        "created",
        "body_html",
        "annotation__exact",
        "annotation__color",
        "annotation__document__slug",
        "annotation__document__title",
        "hidden",
        "annotation_id",
        "annotation__author__username",
        "parent__author__username",
        _NOTHING,
    ),
    REACTION: (
        "user__username",
        "created",
        _NOTHING,
        "annotation__exact",
        "annotation__color",
        "annotation__document__slug",
        "annotation__document__title",
        "annotation__hidden",
        "annotation_id",
        "annotation__author__username",
        _NOTHING,
        "kind",
    ),
}


def _items(
    kind: str, ids: list[int], since: datetime | None, reader: str
) -> dict[tuple, ActivityItem]:
    """The items of one kind on the page, with what is shown of each, in one query."""
    if not ids:
        return {}
    if kind == ANNOTATION:
        rows = Annotation.objects.annotate(
            ordinal=paragraph_ordinal_at(),
            review=Exists(
                CircleHide.objects.filter(
                    annotation=OuterRef("pk"),
                    circle=OuterRef("circle"),
                    review_requested__isnull=False,
                )
            ),
        )
    else:
        rows = (Reply if kind == REPLY else Reaction).objects.annotate(
            ordinal=paragraph_ordinal_at("annotation__version", "annotation__start"),
            review=Value(False, output_field=BooleanField()),
        )
    items = {}
    for pk, ordinal, review, *values in rows.filter(pk__in=ids).values_list(
        "id", "ordinal", "review", *_SOURCES[kind]
    ):
        shown = dict(zip(_COLUMNS, values, strict=True))
        exact = shown.pop("exact")
        shown["parent_author"] = shown["parent_author"] or ""
        items[kind, pk] = ActivityItem(
            kind=kind,
            id=pk,
            ordinal=ordinal,
            review_requested=review,
            quote=_excerpt(exact),
            new=bool(since and shown["created"] > since and shown["author"] != reader),
            **shown,
        )
    return items


def _excerpt(text: str) -> str:
    if len(text) <= QUOTE_LENGTH:
        return text
    return text[: QUOTE_LENGTH - 1].rstrip() + "…"
