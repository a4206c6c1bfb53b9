"""The digest's unsubscribe links: a signed token of a reader and a kind (or ``all``),
which works without signing in and cannot be made for anyone else."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing

from annotations.models import NotificationKind

ALL = "all"
SALT = "annotations.notifications.unsubscribe"


def unsubscribe_token(user, kind: str = ALL) -> str:
    if kind != ALL and kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str):
    """(reader, kind) for a good token; None for one that was altered, or whose reader
    is gone."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    kind = data.get("k")
    if kind != ALL and kind not in NotificationKind.values:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None:
        return None
    return user, kind
