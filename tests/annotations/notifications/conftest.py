"""A circle talking about one text: alice (``owner``) owns "Study group", dave
(``moderator``) moderates it, bob (``member``) is in it, carol (``outsider``) is not.
``listed(user)`` is what that reader's notifications list shows: (kind, actor)."""

import pytest

from annotations.notifications.queries import notifications_for_user, unread_count
from tests.annotations.conftest import highlight


def listed(user) -> list[tuple[str, str]]:
    return [(n.kind, n.actor.username) for n in notifications_for_user(user)]


def counted(user) -> int:
    return unread_count(user)


@pytest.fixture
def shared(document, circle, owner):
    """alice's highlight shared with the circle."""
    return highlight(document, owner, visibility="circle", circle=circle.slug)


__all__ = ["counted", "highlight", "listed"]
