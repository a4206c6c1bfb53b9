"""What an export holds: one scope of what the reader may see, and never more.

The scope is read by ``annotations.queries.get_scope_for_user``, so an export holds
exactly what the guide and the reading layer of the same scope hold.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from annotations.models import Annotation
from annotations.permissions import Scope, User
from annotations.queries import annotations_filtered, get_scope_for_user


def annotations_for_export(
    user: User,
    scope: str | Scope = "me",
    document: str | None = None,
    tag: str | None = None,
    **filters,
) -> QuerySet[Annotation]:
    """The annotations in ``scope`` that ``user`` may see, by document and position.

    ``scope`` is "me" (the reader's own), "public", or "circle:<slug>" (that circle's
    annotations; Http404 when the reader is not a member, as if it did not exist), or a
    Scope already read. ``document`` (a slug) and ``tag`` (a name, any case) narrow it, as
    do the other ``filters`` of ``queries.annotations_filtered`` (the notebook's: colour,
    words, needs review).
    """
    if not isinstance(scope, Scope):
        scope = get_scope_for_user(user, scope)
    annotations = annotations_filtered(
        Annotation.objects.filter(scope.filter), document=document, tag=tag, **filters
    )
    return annotations.order_by("document__title", "document_id", "version_id", "start", "id")


def scope_label(scope: str) -> str:
    """A filename-friendly name for a scope: "me", "public", "circle-<slug>"."""
    return scope.replace(":", "-")


__all__ = ["Http404", "annotations_for_export", "scope_label"]
