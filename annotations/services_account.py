"""A reader's account as a whole: deleting it.

Like every write, one transaction with keyword-only arguments.
"""

from __future__ import annotations

from django.db import transaction

from annotations.circles import Circle, Membership, Role
from annotations.models import Annotation, Reaction, Visibility


def account_delete(*, user) -> None:
    """Delete ``user`` and everything that is theirs.

    Side effects: their annotations, replies, reactions, memberships and tokens go with
    them (CASCADE). A circle they are the last owner of passes to its longest-standing
    moderator, else its longest-standing member; a circle with no one else in it is
    deleted, its annotations (theirs) going with the account.
    """
    with transaction.atomic():
        owned = Membership.objects.filter(user=user, role=Role.OWNER).values("circle_id")
        for circle in Circle.objects.filter(pk__in=owned).select_for_update().order_by("id"):
            others = Membership.objects.filter(circle=circle).exclude(user=user)
            if others.filter(role=Role.OWNER).exists():
                continue
            heir = (
                others.filter(role=Role.MODERATOR).order_by("joined", "id").first()
                or others.order_by("joined", "id").first()
            )
            if heir is None:
                _delete_circle(circle)
            else:
                heir.role = Role.OWNER
                heir.save(update_fields=["role"])
        user.delete()


def _delete_circle(circle: Circle) -> None:
    # Others' annotations left behind in it (after they left) become private, as
    # circle_delete does.
    shared = Annotation.objects.filter(circle=circle)
    Reaction.objects.filter(annotation__in=shared.values("pk")).delete()
    shared.update(visibility=Visibility.PRIVATE, circle=None, hidden=False)
    circle.delete()
