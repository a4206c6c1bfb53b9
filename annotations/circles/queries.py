"""Reads for the circle pages: members, the reading list, invites and the activity stream.

Who may see an annotation or a reply is still decided in ``annotations.queries``; these
functions only scope and shape what it allows, in a fixed number of queries each. The
caller has checked that the reader belongs to the circle (``get_circle_for_member``).
"""

from __future__ import annotations

from django.db.models import (
    Case,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.http import Http404
from django.utils import timezone

from annotations.models import (
    Circle,
    Invite,
    Membership,
    ReadingListEntry,
    Role,
)
from annotations.permissions import User, circles_of
from corpus.models import Section

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


def get_member_of(
    circle: Circle, *, user_id: int | None = None, username: str | None = None
) -> Membership:
    """A member of ``circle`` (with their user), by user id or username; else Http404."""
    lookup = {"user_id": user_id} if username is None else {"user__username": username}
    membership = Membership.objects.filter(circle=circle, **lookup).select_related("user").first()
    if membership is None:
        raise Http404("No such member")
    return membership


def _section_title(document_ref: str) -> Subquery:
    """The title of the entry's section in its document's current version."""
    # No ordering: Section's default one joins corpus_document inside the subquery, and
    # that unaliased join shadowed the outer document (another document's section title).
    return Subquery(
        Section.objects.filter(
            version=OuterRef(f"{document_ref}__current_version"), order=OuterRef("section_order")
        )
        .order_by()
        .values("title")[:1]
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


def get_invite_of(circle: Circle, *, pk: int | None = None, token: str | None = None) -> Invite:
    """An invite of ``circle``, by id or token; else Http404."""
    lookup = {"pk": pk} if token is None else {"token": token}
    invite = Invite.objects.filter(circle=circle, **lookup).first()
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
