"""Libraries a text may go to: the public one (staff) or a circle's (its owners and
moderators), and whether someone may add to one (``permissions`` decides)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.models import Circle, LibraryText
from corpus.models import Document

CIRCLE_ONLY = "Only the circle's owners and moderators can add texts to its library."


@dataclass(frozen=True)
class Library:
    name: str  # "public" or "circle:<slug>"
    circle: Circle | None = None


def library_for(*, actor, name: object) -> Library:
    """The library named ``public`` or ``circle:<slug>``, if ``actor`` may add to it."""
    try:
        scope = permissions.parse_scope(name)
    except permissions.ScopeError:
        scope = None
    if scope is None or scope.kind == permissions.ME:
        raise AnnotationError("library", "Choose the library: public, or circle:<slug>.")
    if scope.kind == permissions.PUBLIC:
        permissions.check_can_add_to_library(actor, None)
        return Library(permissions.PUBLIC)
    circle = Circle.objects.filter(slug=scope.slug).first()
    if circle is None:
        # As for a circle one does not manage: whether it exists is not theirs to learn.
        raise PermissionDenied(CIRCLE_ONLY)
    permissions.check_can_add_to_library(actor, circle.pk)
    return Library(str(scope), circle)


def library_of(document: Document) -> Library:
    entry = LibraryText.objects.filter(document=document).select_related("circle").first()
    if entry is None:
        return Library(permissions.PUBLIC)
    return Library(f"{permissions.CIRCLE_PREFIX}{entry.circle.slug}", entry.circle)


def libraries_for_adding(user) -> list[Library]:
    """Where ``user`` may add texts: the public library for staff, then the circles they
    own or moderate, by name."""
    libraries = [Library(permissions.PUBLIC)] if permissions.can_add_to_public_library(user) else []
    if user.is_authenticated:
        circles = Circle.objects.filter(pk__in=permissions.circles_of(user, managing=True))
        libraries += [
            Library(f"{permissions.CIRCLE_PREFIX}{circle.slug}", circle)
            for circle in circles.order_by("name")
        ]
    return libraries


def get_document_to_supersede(user, slug: str) -> Document:
    """A document ``user`` may see and add a version to; 404 for one they may not see,
    PermissionDenied for one they see but may not change."""
    # Swapped for queries.get_document_for_user when circle libraries land everywhere.
    document = (
        Document.objects.filter(permissions.document_filter(user), slug=slug)
        .exclude(current_version=None)
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    library = library_of(document)
    permissions.check_can_add_to_library(user, library.circle.pk if library.circle else None)
    return document


def library_for_name(name: str) -> Library:
    """A pending upload's library, for showing (no permission check: publishing checks)."""
    if name.startswith(permissions.CIRCLE_PREFIX):
        circle = Circle.objects.filter(slug=name.removeprefix(permissions.CIRCLE_PREFIX)).first()
        return Library(name, circle)
    return Library(permissions.PUBLIC)
