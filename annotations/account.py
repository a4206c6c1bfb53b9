"""A reader's account as a whole: what deleting it takes away, deleting it, and what a
new password ends.

Like every write, one transaction with keyword-only arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from rest_framework.authtoken.models import Token

from annotations.circles.services import circle_dissolve
from annotations.models import (
    Annotation,
    Circle,
    LibraryText,
    Membership,
    Reaction,
    Reply,
    Role,
    TopicSummary,
)


@dataclass
class AccountDeletion:
    """What deleting an account does, to say so before it is done."""

    annotations: int
    replies: int
    reactions: int
    own_summaries: int  # of the reader's own guide: deleted
    circle_summaries: int  # last edited in a circle's guide: stay, by "a former member"
    circles_deleted: list[str]  # names of the circles with no one else in them
    texts_deleted: int  # in those circles' libraries: deleted with them
    circles_passed_on: list[str]  # names of the circles whose last owner they are


def account_deletion_preview(user) -> AccountDeletion:
    """What ``account_delete`` would delete, and what would stay with the circles."""
    deleted, passed_on = [], []
    for circle, heir in _circles_without_another_owner(user):
        (passed_on if heir else deleted).append(circle)
    return AccountDeletion(
        annotations=Annotation.objects.filter(author=user.pk).count(),
        replies=Reply.objects.filter(author=user.pk).count(),
        reactions=Reaction.objects.filter(user=user.pk).count(),
        own_summaries=TopicSummary.objects.filter(owner=user.pk).count(),
        circle_summaries=TopicSummary.objects.filter(
            edited_by=user.pk, circle__isnull=False
        ).count(),
        circles_deleted=[circle.name for circle in deleted],
        texts_deleted=LibraryText.objects.filter(circle__in=deleted).count() if deleted else 0,
        circles_passed_on=[circle.name for circle in passed_on],
    )


def account_password_changed(*, user) -> None:
    """What a new password ends besides the sessions (which Django ties to the password's
    hash): the API token. Side effects: deletes the user's token."""
    Token.objects.filter(user=user.pk).delete()


def account_delete(*, user) -> None:
    """Delete ``user`` and everything the data download calls theirs.

    Side effects: their annotations, replies, reactions, memberships, reading positions,
    token, own-guide summaries, pending uploads and upload jobs go with them (CASCADE); a
    circle's topic summary they last edited stays with the circle, by "a former member"
    (``edited_by`` becomes None). A circle they are the last owner of passes to its longest-standing
    moderator, else its longest-standing member; a circle with no one else in it is
    dissolved, its annotations (theirs) going with the account and the texts of its
    library (``circle_dissolve``) deleted.
    """
    with transaction.atomic():
        for circle, heir in _circles_without_another_owner(user, lock=True):
            if heir is None:
                circle_dissolve(circle=circle)
            else:
                heir.role = Role.OWNER
                heir.save(update_fields=["role"])
        user.delete()


def _circles_without_another_owner(user, *, lock: bool = False):
    """(circle, heir or None) for each circle whose only owner is ``user``."""
    owned = Membership.objects.filter(user=user, role=Role.OWNER).values("circle_id")
    circles = Circle.objects.filter(pk__in=owned).order_by("id")
    for circle in circles.select_for_update() if lock else circles:
        others = Membership.objects.filter(circle=circle).exclude(user=user)
        if others.filter(role=Role.OWNER).exists():
            continue
        heir = (
            others.filter(role=Role.MODERATOR).order_by("joined", "id").first()
            or others.order_by("joined", "id").first()
        )
        yield circle, heir
