"""Reads for the circle pages: members, the reading list, invites and the activity stream.

Who may see an annotation or a reply is still decided in ``annotations.queries``; these
functions only scope and shape what it allows, in a fixed number of queries each. The
caller has checked that the reader belongs to the circle (``get_circle_for_member``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from annotations.circles import Circle, Invite, Membership, ReadingListEntry, Role
from annotations.models import Annotation, Reply, Visibility
from annotations.queries import User, annotations_visible_to, circles_of, replies_visible_to
from corpus.models import Paragraph, Section

PAGE_SIZE = 20
# Far deeper than anyone pages; keeps the two "newest N" queries small.
MAX_PAGE = 500
QUOTE_LENGTH = 280
# The two kinds of item in a circle's activity stream.
ANNOTATION, REPLY = "annotation", "reply"

_ROLE_RANK = Case(
    When(role=Role.OWNER, then=0),
    When(role=Role.MODERATOR, then=1),
    default=2,
    output_field=IntegerField(),
)


def circle_members(circle: Circle) -> list[Membership]:
    """The circle's memberships with their users: owners, then moderators, then members."""
    return list(
        Membership.objects.filter(circle=circle)
        .select_related("user")
        .only("role", "joined", "circle_id", "user__username")
        .annotate(rank=_ROLE_RANK)
        .order_by("rank", "user__username", "id")
    )


def get_member_of(circle: Circle, user_id: int) -> Membership:
    membership = (
        Membership.objects.filter(circle=circle, user_id=user_id).select_related("user").first()
    )
    if membership is None:
        raise Http404("No such member")
    return membership


def _section_title(document_ref: str) -> Subquery:
    """The title of the entry's section in its document's current version."""
    return Subquery(
        Section.objects.filter(
            version=OuterRef(f"{document_ref}__current_version"), order=OuterRef("section_order")
        ).values("title")[:1]
    )


def reading_list(circle: Circle) -> list[ReadingListEntry]:
    """The circle's reading list in its order, each entry with its document and section title."""
    return list(
        ReadingListEntry.objects.filter(circle=circle)
        .select_related("document")
        .only(
            "section_order",
            "position",
            "due",
            "note",
            "circle_id",
            "document__slug",
            "document__title",
            "document__current_version_id",
        )
        .annotate(section_title=_section_title("document"))
        .order_by("position", "id")
    )


def reading_lists_for_user(user: User) -> list[ReadingListEntry]:
    """The reading lists of every circle ``user`` belongs to, in one query (none if anonymous)."""
    if not user.is_authenticated:
        return []
    return list(
        ReadingListEntry.objects.filter(
            circle__in=circles_of(user), document__current_version__isnull=False
        )
        .select_related("document", "circle")
        .only(
            "section_order",
            "position",
            "due",
            "note",
            "circle__name",
            "circle__slug",
            "document__slug",
            "document__title",
            "document__current_version_id",
        )
        .annotate(section_title=_section_title("document"))
        .order_by("circle__name", "circle_id", "position", "id")
    )


def get_entry_of(circle: Circle, pk: int) -> ReadingListEntry:
    entry = ReadingListEntry.objects.filter(circle=circle, pk=pk).first()
    if entry is None:
        raise Http404("No such reading list entry")
    entry.circle = circle
    return entry


def active_invites(circle: Circle) -> list[Invite]:
    """The circle's invites that can still be used: not revoked, expired or used up."""
    return list(
        Invite.objects.filter(circle=circle, revoked__isnull=True)
        .filter(Q(expires__isnull=True) | Q(expires__gt=timezone.now()))
        .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
        .order_by("-created", "-id")
    )


def get_invite_of(circle: Circle, pk: int) -> Invite:
    invite = Invite.objects.filter(circle=circle, pk=pk).first()
    if invite is None:
        raise Http404("No such invite")
    invite.circle = circle
    return invite


def circles_with_members_for_user(user: User) -> list[Membership]:
    """Every membership of every circle ``user`` belongs to, with its circle, user and role:
    the reading view's circle layers, its member filter and the reader's roles, in one
    query."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(circle__in=circles_of(user))
        .select_related("circle", "user")
        .only("role", "circle__slug", "circle__name", "user__username")
        .order_by("circle__name", "circle_id", "user__username")
    )


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
    annotation_author: str = ""  # for a reply: whose highlight it answers

    @property
    def is_reply(self) -> bool:
        return self.kind == REPLY


@dataclass
class ActivityPage:
    items: list[ActivityItem]
    number: int
    num_pages: int
    count: int
    new_count: int
    annotation_count: int = 0
    reply_count: int = 0

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


def page_number(value: str | None) -> int:
    """A ``?page=`` value as a page number: anything that is not one is page 1."""
    if value and value.isascii() and value.isdigit() and len(value) <= 4:
        return min(max(1, int(value)), MAX_PAGE)
    return 1


def circle_activity(
    circle: Circle, user: User, *, page: int = 1, since: datetime | None = None
) -> ActivityPage:
    """The annotations shared with ``circle`` and the replies to them, newest first, as
    ``user`` may see them, page ``page`` of ``PAGE_SIZE``; items created after ``since``
    are marked new and counted.

    Five queries at most, whatever the number of members or annotations: how many of
    each there are (two), which ones are on the page (one UNION of both, ordered by
    time), then those annotations and those replies with what is shown of them (two).
    """
    annotations = annotations_visible_to(user).filter(circle=circle, visibility=Visibility.CIRCLE)
    replies = replies_visible_to(user).filter(
        annotation__circle=circle, annotation__visibility=Visibility.CIRCLE
    )
    annotation_counts = _counts(annotations, since)
    reply_counts = _counts(replies, since)
    count = annotation_counts["total"] + reply_counts["total"]
    num_pages = max(1, math.ceil(count / PAGE_SIZE))
    number = min(page, num_pages)
    offset = (number - 1) * PAGE_SIZE
    rows = _page_keys(annotations, replies)[offset : offset + PAGE_SIZE] if count else []
    keys = [(kind, pk) for _created, kind, pk in rows]
    found = {
        **_annotation_items([pk for kind, pk in keys if kind == ANNOTATION], since),
        **_reply_items([pk for kind, pk in keys if kind == REPLY], since),
    }
    return ActivityPage(
        # A row deleted between the queries is left out rather than failing the page.
        items=[found[key] for key in keys if key in found],
        number=number,
        num_pages=num_pages,
        count=count,
        new_count=annotation_counts["new"] + reply_counts["new"],
        annotation_count=annotation_counts["total"],
        reply_count=reply_counts["total"],
    )


def _counts(items: QuerySet, since: datetime | None) -> dict[str, int]:
    if since is None:
        return {**items.aggregate(total=Count("id")), "new": 0}
    return items.aggregate(total=Count("id"), new=Count("id", filter=Q(created__gt=since)))


def _page_keys(annotations: QuerySet, replies: QuerySet) -> QuerySet:
    """(created, kind, id) of both, newest first: one query to slice a page from."""

    def keys(items: QuerySet, kind: str) -> QuerySet:
        return (
            items.order_by()
            .annotate(kind=Value(kind, output_field=CharField()))
            .values_list("created", "kind", "id")
        )

    return (
        keys(annotations, ANNOTATION)
        .union(keys(replies, REPLY), all=True)
        .order_by("-created", "-kind", "-id")
    )


def _paragraph_ordinal(prefix: str = "") -> Subquery:
    """The ordinal of the paragraph a highlight starts in, in the highlight's version."""
    return Subquery(
        Paragraph.objects.filter(
            version=OuterRef(f"{prefix}version"),
            start__lte=OuterRef(f"{prefix}start"),
            end__gte=OuterRef(f"{prefix}start"),
        ).values("ordinal")[:1]
    )


def _annotation_items(ids: list[int], since: datetime | None) -> dict[tuple, ActivityItem]:
    if not ids:
        return {}
    rows = (
        Annotation.objects.filter(pk__in=ids)
        .annotate(ordinal=_paragraph_ordinal())
        .values_list(
            "id",
            "author__username",
            "created",
            "comment_html",
            "exact",
            "color",
            "document__slug",
            "document__title",
            "ordinal",
            "hidden",
        )
    )
    items = {}
    for pk, author, created, html, exact, color, slug, title, ordinal, hidden in rows:
        items[ANNOTATION, pk] = ActivityItem(
            kind=ANNOTATION,
            id=pk,
            author=author,
            created=created,
            html=html,
            quote=_excerpt(exact),
            color=color,
            document_slug=slug,
            document_title=title,
            ordinal=ordinal,
            hidden=hidden,
            new=bool(since and created > since),
            annotation_id=pk,
        )
    return items


def _reply_items(ids: list[int], since: datetime | None) -> dict[tuple, ActivityItem]:
    if not ids:
        return {}
    rows = (
        Reply.objects.filter(pk__in=ids)
        .annotate(ordinal=_paragraph_ordinal("annotation__"))
        .values_list(
            "id",
            "author__username",
            "created",
            "body_html",
            "annotation__exact",
            "annotation__color",
            "annotation__document__slug",
            "annotation__document__title",
            "ordinal",
            "hidden",
            "annotation_id",
            "annotation__author__username",
        )
    )
    items = {}
    for row in rows:
        pk, author, created, html, exact, color, slug, title, ordinal, hidden = row[:10]
        items[REPLY, pk] = ActivityItem(
            kind=REPLY,
            id=pk,
            author=author,
            created=created,
            html=html,
            quote=_excerpt(exact),
            color=color,
            document_slug=slug,
            document_title=title,
            ordinal=ordinal,
            hidden=hidden,
            new=bool(since and created > since),
            annotation_id=row[10],
            annotation_author=row[11],
        )
    return items


def _excerpt(text: str) -> str:
    if len(text) <= QUOTE_LENGTH:
        return text
    return text[: QUOTE_LENGTH - 1].rstrip() + "…"
