"""Writes to reading circles: one transaction each, keyword-only arguments.

Each function checks the input and the actor's right to act, then writes. Bad input
raises ``AnnotationError`` naming the field; acting on what one may see but not do
raises ``PermissionDenied``; an invite that cannot be used raises ``InviteError``.
Nothing is written when any of them is raised.

Roles: owners change the circle, roles and anyone's membership; owners and
moderators invite, keep the reading list, moderate and remove plain members; every
member may leave. A circle always keeps at least one owner.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.library import circle_library_delete
from annotations.models import (
    Annotation,
    Circle,
    Invite,
    Membership,
    Reaction,
    Role,
    Visibility,
)
from annotations.services import _UNSET

MAX_NAME = 120
MAX_DESCRIPTION = 2_000
# Slugs the circle pages may use as paths of their own (/circles/new/).
RESERVED_SLUGS = frozenset({"new"})

INVITE_MESSAGES = {
    "unknown": "This invite link is not valid: it may have been mistyped, or its circle "
    "no longer exists.",
    "expired": "This invite link has expired. Ask the circle for a new one.",
    "revoked": "This invite link has been withdrawn. Ask the circle for a new one.",
    "used_up": "This invite link has been used as many times as it allows. Ask the circle "
    "for a new one.",
}


class InviteError(Exception):
    """An invite that cannot be used: ``status`` says why, ``message`` says so plainly."""

    def __init__(self, status: str):
        self.status = status
        self.message = INVITE_MESSAGES[status]
        super().__init__(self.message)


# The circle


def circle_create(*, owner, name: str, description: str = "") -> Circle:
    """Create a circle with ``owner`` as its owner.

    The slug comes from the name, made unique with -2, -3…. Side effects: creates the
    circle and the owner's membership.
    """
    name = _check_name(name)
    description = check_text("description", description, MAX_DESCRIPTION)
    base = slugify(name)[:MAX_NAME].strip("-") or "circle"
    with transaction.atomic():
        circle = _circle_with_free_slug(base, name=name, description=description)
        Membership.objects.create(circle=circle, user=owner, role=Role.OWNER)
    return circle


def _circle_with_free_slug(base: str, **fields) -> Circle:
    """Insert the circle under the first free slug; another insert may take it first."""
    for attempt, slug in enumerate(_slug_candidates(base)):
        try:
            with transaction.atomic():  # a savepoint, to try the next slug after a clash
                return Circle.objects.create(slug=slug, **fields)
        except IntegrityError:
            if attempt >= 10:
                raise
    raise AssertionError("unreachable: the candidates never run out")


def circle_update(
    *, circle: Circle, actor, name: str = _UNSET, description: str = _UNSET
) -> Circle:
    """Rename or redescribe a circle (owners). Its slug, and so its links, stay.

    Side effects: saves the circle.
    """
    permissions.require(
        actor, circle.pk, permissions.is_owner, "Only an owner can change the circle."
    )
    fields = []
    if name is not _UNSET:
        circle.name = _check_name(name)
        fields.append("name")
    if description is not _UNSET:
        circle.description = check_text("description", description, MAX_DESCRIPTION)
        fields.append("description")
    if fields:
        circle.save(update_fields=fields)
    return circle


def circle_delete(*, circle: Circle, actor) -> None:
    """Delete a circle (owners): see ``circle_dissolve`` for what goes with it."""
    permissions.require(
        actor, circle.pk, permissions.is_owner, "Only an owner can delete the circle."
    )
    circle_dissolve(circle=circle)


def circle_dissolve(*, circle: Circle) -> None:
    """Delete a circle, whoever asked (an owner, or the deletion of its last member).

    Side effects: the documents in its library are deleted, with every annotation on
    them (``library.circle_library_delete``); the annotations shared with it on other
    texts become private (they stay their authors', unhidden) and lose their reactions;
    its memberships, invites, reading list, moderators' hides and topic summaries are
    deleted with it. Replies a moderator hid stay hidden.
    """
    with transaction.atomic():
        circle_library_delete(circle=circle)
        shared = Annotation.objects.filter(circle=circle)
        Reaction.objects.filter(annotation__in=shared.values("pk")).delete()
        shared.update(visibility=Visibility.PRIVATE, circle=None, hidden=False)
        circle.delete()


# Invites


def invite_create(
    *,
    circle: Circle,
    actor,
    expires: datetime.datetime | None = None,
    max_uses: int | None = None,
) -> Invite:
    """A link that lets whoever follows it join (owners and moderators).

    ``expires``, if given, is in the future; ``max_uses``, if given, at least 1.
    Side effects: creates the invite.
    """
    permissions.require(
        actor, circle.pk, permissions.can_manage, "Only owners and moderators can invite."
    )
    if expires is not None:
        if not isinstance(expires, datetime.datetime) or timezone.is_naive(expires):
            raise AnnotationError("expires", "expires must be a date and time with a timezone.")
        if expires <= timezone.now():
            raise AnnotationError("expires", "expires must be in the future.")
    if max_uses is not None:
        if isinstance(max_uses, bool) or not isinstance(max_uses, int):
            raise AnnotationError("max_uses", "max_uses must be a whole number.")
        if max_uses < 1:
            raise AnnotationError("max_uses", "max_uses must be at least 1.")
    return Invite.objects.create(
        circle=circle, created_by=actor, expires=expires, max_uses=max_uses
    )


def invite_revoke(*, invite: Invite, actor) -> None:
    """Withdraw an invite (owners and moderators); revoking it twice changes nothing.

    Side effects: sets the invite's ``revoked`` time.
    """
    permissions.require(
        actor, invite.circle_id, permissions.can_manage, "Only owners and moderators can revoke."
    )
    if invite.revoked is None:
        invite.revoked = timezone.now()
        invite.save(update_fields=["revoked"])


def invite_status(token: str) -> tuple[Invite | None, str]:
    """The invite (its circle loaded) and whether it can be used: "valid", "unknown",
    "expired", "revoked" or "used_up". Reads only."""
    invite = None
    if isinstance(token, str) and token:
        invite = Invite.objects.select_related("circle").filter(token=token).first()
    if invite is None:
        return None, "unknown"
    return invite, _status_of(invite)


def invite_accept(*, token: str, user) -> Membership:
    """Join the invite's circle as a member.

    A reader who already belongs gets their membership back and uses nothing up.
    Otherwise an invite that cannot be used raises ``InviteError``. Side effects:
    creates the membership and counts one use of the invite, together.
    """
    if not isinstance(token, str) or not token:
        raise InviteError("unknown")
    with transaction.atomic():
        # The lock makes concurrent accepts queue on PostgreSQL; SQLite's IMMEDIATE
        # transactions queue them anyway. The conditional update below holds either way.
        invite = Invite.objects.select_for_update().filter(token=token).first()
        if invite is None:
            raise InviteError("unknown")
        existing = Membership.objects.filter(circle_id=invite.circle_id, user=user.pk).first()
        if existing is not None:
            return existing
        status = _status_of(invite)
        if status != "valid":
            raise InviteError(status)
        counted = (
            Invite.objects.filter(pk=invite.pk)
            .filter(Q(max_uses__isnull=True) | Q(uses__lt=F("max_uses")))
            .update(uses=F("uses") + 1)
        )
        if not counted:
            raise InviteError("used_up")
        return Membership.objects.create(circle_id=invite.circle_id, user=user, role=Role.MEMBER)


def _status_of(invite: Invite) -> str:
    if invite.revoked is not None:
        return "revoked"
    if invite.expires is not None and invite.expires <= timezone.now():
        return "expired"
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return "used_up"
    return "valid"


# Members


def member_set_role(*, circle: Circle, actor, user, role: str) -> Membership:
    """Make a member an owner, a moderator or a plain member (owners only).

    The last owner cannot be demoted. Side effects: saves the membership.
    """
    with transaction.atomic():
        lock_circle(circle)
        permissions.require(
            actor, circle.pk, permissions.is_owner, "Only an owner can change roles."
        )
        if role not in Role.values:
            raise AnnotationError("role", f"Unknown role {role!r}; choose one of {_roles()}.")
        membership = _membership_of(circle, user)
        if membership.role == Role.OWNER and role != Role.OWNER and _is_last_owner(membership):
            raise AnnotationError(
                "role", "A circle needs an owner: make someone else an owner first."
            )
        if membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    return membership


def member_remove(*, circle: Circle, actor, user) -> None:
    """Remove a member, or leave (``user`` is ``actor``).

    Owners remove anyone but the last owner; moderators remove plain members; anyone
    may leave, except the last owner. Side effects: deletes the membership; the
    annotations they shared stay in the circle, theirs to edit or delete.
    """
    with transaction.atomic():
        lock_circle(circle)
        acting = _membership_of(circle, actor, missing=PermissionDenied)
        membership = _membership_of(circle, user)
        is_self = membership.pk == acting.pk
        if not permissions.can_remove(acting.role, membership.role, is_self=is_self):
            if permissions.can_manage(acting.role):
                raise PermissionDenied("Moderators can remove plain members only.")
            raise PermissionDenied("Only owners and moderators can remove members.")
        if membership.role == Role.OWNER and _is_last_owner(membership):
            raise AnnotationError(
                "user", "The last owner cannot leave: make someone else an owner first."
            )
        membership.delete()


def lock_circle(circle: Circle) -> None:
    """Queue changes to one circle's members or list behind each other (PostgreSQL; SQLite's
    IMMEDIATE transactions queue every write), so that two owners demoting each other
    cannot leave it without one. NO KEY: joining (a new membership) need not wait."""
    list(Circle.objects.select_for_update(no_key=True).filter(pk=circle.pk).values("pk"))


def _is_last_owner(membership: Membership) -> bool:
    others = Membership.objects.filter(circle_id=membership.circle_id, role=Role.OWNER).exclude(
        pk=membership.pk
    )
    return not others.exists()


def _membership_of(circle: Circle, user, missing: type[Exception] | None = None) -> Membership:
    membership = Membership.objects.filter(circle=circle, user=getattr(user, "pk", None)).first()
    if membership is None:
        if missing is not None:
            raise missing("You are not a member of this circle.")
        name = user.get_username() if hasattr(user, "get_username") else user
        raise AnnotationError("user", f"{name} is not a member of this circle.")
    return membership


def circle_visited(*, circle: Circle, user) -> datetime.datetime | None:
    """Record that ``user`` opened the circle now; returns when they last did (None the
    first time). Side effects: sets the membership's ``last_visit``."""
    membership = _membership_of(circle, user, missing=PermissionDenied)
    previous = membership.last_visit
    membership.last_visit = timezone.now()
    membership.save(update_fields=["last_visit"])
    return previous


# Checks


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise AnnotationError("name", "A circle needs a name.")
    name = " ".join(name.split())
    if len(name) > MAX_NAME:
        raise AnnotationError(
            "name", f"A name is at most {MAX_NAME} characters; this has {len(name)}."
        )
    return name


def check_text(field: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise AnnotationError(field, f"{field} must be a string.")
    if len(value) > limit:
        raise AnnotationError(
            field, f"{field} is at most {limit:,} characters; this has {len(value):,}."
        )
    return value


def _slug_candidates(base: str):
    """base, then base-2, base-3…, skipping reserved words and the slugs already taken."""
    taken = set(
        Circle.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    number = 1
    while True:
        slug = base if number == 1 else f"{base}-{number}"
        if slug not in taken and slug not in RESERVED_SLUGS:
            yield slug
        number += 1


def _roles() -> str:
    return ", ".join(Role.values)
