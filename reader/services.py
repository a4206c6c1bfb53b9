"""Writes of the reader app: verb-named, keyword-only, one transaction each."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from corpus.models import Document, Paragraph
from reader.models import ReadingPosition


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
