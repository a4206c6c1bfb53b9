"""What an export holds: one scope of what the reader may see, and never more.

The scope is read by ``annotations.queries.get_scope_for_user``, so an export holds
exactly what the guide and the reading layer of the same scope hold.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from annotations.models import Annotation, TaggedAnnotation
from annotations.permissions import Scope, User
from annotations.queries import get_scope_for_user


def annotations_for_export(
    user: User, scope: str | Scope = "me", document: str | None = None, tag: str | None = None
) -> QuerySet[Annotation]:
    """The annotations in ``scope`` that ``user`` may see, by document and position.

    ``scope`` is "me" (the reader's own), "public", or "circle:<slug>" (that circle's
    annotations; Http404 when the reader is not a member, as if it did not exist), or a
    Scope already read. ``document`` (a slug) and ``tag`` (a name, any case) narrow it.
    """
    if not isinstance(scope, Scope):
        scope = get_scope_for_user(user, scope)
    annotations = Annotation.objects.filter(scope.filter)
    if document:
        annotations = annotations.filter(document__slug=document)
    if tag:
        annotations = annotations.filter(
            Exists(
                TaggedAnnotation.objects.filter(
                    content_object=OuterRef("pk"), tag__name__iexact=tag.strip()
                )
            )
        )
    return annotations.order_by("document__title", "document_id", "version_id", "start", "id")


def scope_label(scope: str) -> str:
    """A filename-friendly name for a scope: "me", "public", "circle-<slug>"."""
    return scope.replace(":", "-")


__all__ = ["Http404", "annotations_for_export", "scope_label"]
