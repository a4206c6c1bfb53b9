"""Writes of the reader app: verb-named, keyword-only, one transaction each."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from annotations.errors import AnnotationError
from annotations.models import Membership
from annotations.permissions import CIRCLE, PRIVATE, PUBLIC, ScopeError, parse_scope
from corpus.models import Document, Paragraph
from reader.models import ReadingPosition, SharingChoice
from reader.queries import sharing_options


def position_record(*, user: AbstractBaseUser, document: Document, ordinal: int) -> ReadingPosition:
    """Remember that ``user`` is at paragraph ``ordinal`` of ``document``'s current version.

    Side effects: creates or updates (one upsert statement) the user's one
    ReadingPosition in the document, and stamps its ``updated`` time.

    Raises ValueError, and writes nothing, unless the current version has a
    paragraph ``ordinal``.
    """
    if isinstance(ordinal, bool) or not isinstance(ordinal, int):
        raise ValueError(f"ordinal: {ordinal!r} is not a whole number")
    with transaction.atomic():
        paragraphs = Paragraph.objects.filter(version_id=document.current_version_id)
        if not paragraphs.filter(ordinal=ordinal).exists():
            last = paragraphs.aggregate(last=Max("ordinal"))["last"]
            if last is None:
                raise ValueError(f"ordinal: {document.slug!r} has no paragraphs to be at")
            raise ValueError(
                f"ordinal: {document.slug!r} has no paragraph {ordinal}; "
                f"its paragraphs are numbered 1 to {last}"
            )
        # INSERT ... ON CONFLICT DO UPDATE: concurrent saves of one position cannot collide.
        [position] = ReadingPosition.objects.bulk_create(
            [ReadingPosition(user=user, document=document, ordinal=ordinal)],
            update_conflicts=True,
            unique_fields=["user", "document"],
            update_fields=["ordinal", "updated"],
        )
    return position


def sharing_choose(*, user: AbstractBaseUser, document: Document, scope: object) -> SharingChoice:
    """Remember where ``user``'s quick highlights in ``document`` go: ``me``, ``public``
    or ``circle:<slug>`` (one of their circles that reads the text).

    ``document`` comes from ``annotations.queries.get_document_for_user`` (it carries
    ``library_circle``). Side effects: creates or updates (one upsert) the user's one
    SharingChoice in the document.

    Raises AnnotationError naming "scope", and writes nothing, for anything else.
    """
    try:
        name = parse_scope(scope)
    except ScopeError as error:
        raise AnnotationError("scope", str(error)) from None
    memberships = Membership.objects.filter(user=user.pk).select_related("circle")
    circles = {m.circle.slug: (m.circle.pk, m.circle.name) for m in memberships}
    allowed = dict(sharing_options(document, circles))
    if str(name) not in allowed:
        if name.kind == CIRCLE and name.slug not in circles:
            message = f"You are not a member of a circle {name.slug!r}."
        else:
            message = f"{document.title!r} cannot be shared with {name}: choose one of " + (
                ", ".join(allowed)
            )
        raise AnnotationError("scope", message)
    visibility = {"me": PRIVATE, "public": PUBLIC}.get(name.kind, CIRCLE)
    circle_id = circles[name.slug][0] if visibility == CIRCLE else None
    with transaction.atomic():
        [choice] = SharingChoice.objects.bulk_create(
            [
                SharingChoice(
                    user=user, document=document, visibility=visibility, circle_id=circle_id
                )
            ],
            update_conflicts=True,
            unique_fields=["user", "document"],
            update_fields=["visibility", "circle", "updated"],
        )
    return choice
