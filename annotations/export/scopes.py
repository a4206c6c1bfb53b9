"""What an export holds: one scope of what the reader may see, and never more.

Every export starts from ``annotations_visible_to(user)``; a scope only narrows it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from annotations.models import Annotation, TaggedAnnotation, Visibility
from annotations.queries import (
    CIRCLE_LAYER_PREFIX,
    User,
    annotations_visible_to,
    get_circle_for_member,
)

SCOPES = ("me", "public", f"{CIRCLE_LAYER_PREFIX}<slug>")


class ExportScopeError(ValueError):
    """An unknown scope, named in the message."""


def annotations_for_export(
    user: User, scope: str = "me", document: str | None = None, tag: str | None = None
) -> QuerySet[Annotation]:
    """The annotations in ``scope`` that ``user`` may see, by document and position.

    ``scope`` is "me" (the reader's own), "public", or "circle:<slug>" (that circle's
    annotations; Http404 when the reader is not a member, as if it did not exist).
    ``document`` (a slug) and ``tag`` (a name, any case) narrow it further.
    """
    annotations = annotations_visible_to(user).filter(_scope_filter(user, scope))
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


def _scope_filter(user: User, scope: str) -> Q:
    if scope == "me":
        return Q(author=user.pk) if user.is_authenticated else Q(pk__in=[])
    if scope == "public":
        return Q(visibility=Visibility.PUBLIC)
    if scope.startswith(CIRCLE_LAYER_PREFIX):
        slug = scope.removeprefix(CIRCLE_LAYER_PREFIX)
        circle, _ = get_circle_for_member(user, slug)
        return Q(visibility=Visibility.CIRCLE, circle=circle)
    raise ExportScopeError(f"Unknown scope {scope!r}; choose one of {', '.join(SCOPES)}.")


def scope_label(scope: str) -> str:
    """A filename-friendly name for a scope: "me", "public", "circle-<slug>"."""
    return scope.replace(":", "-")


__all__ = ["ExportScopeError", "Http404", "annotations_for_export", "scope_label"]
