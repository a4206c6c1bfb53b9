"""Circle libraries: putting a document in a circle's library, and taking one away.

A document with a ``LibraryText`` is read by its circle's members only; one without is
in the public library. Who may see which is ``permissions.document_filter``; these are
the writes, one transaction each, keyword-only arguments.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, Circle, LibraryText, ReadingListEntry
from annotations.notifications import services as notifications
from corpus.models import Document


@dataclass(frozen=True)
class LibraryTextCounts:
    """What goes with a document when it is removed."""

    annotations: int
    readers: int  # how many readers wrote them
    replies: int


def library_text_add(*, document: Document, circle: Circle, actor) -> LibraryText:
    """Put ``document`` in ``circle``'s library (its owners and moderators): from now on
    only the circle's members see it and everything on it.

    A document already in a library stays where it is (AnnotationError naming
    "document"). Side effects: creates the ``LibraryText``; takes the document off other
    circles' reading lists, which may hold only what their members can read.
    """
    permissions.require(
        actor,
        circle.pk,
        permissions.can_manage,
        "Only the circle's owners and moderators add texts to its library.",
    )
    if not isinstance(document, Document) or document.pk is None:
        raise AnnotationError("document", "document must be a stored document.")
    with transaction.atomic():
        if LibraryText.objects.select_for_update().filter(document=document).exists():
            raise AnnotationError("document", "This document is already in a library.")
        ReadingListEntry.objects.filter(document=document).exclude(circle=circle).delete()
        library_text = LibraryText.objects.create(document=document, circle=circle, added_by=actor)
        notifications.notify_library_text_added(library_text=library_text)
        return library_text


def library_text_remove(*, document: Document, actor) -> None:
    """Delete ``document`` and everything on it: a circle's text by the circle's owners
    and moderators, a public one by staff.

    Side effects: deletes the document, its versions, its annotations with their
    replies, tags, reactions and hides, the reading positions and reading-list entries
    on it, and its library entry.
    """
    permissions.check_can_remove_text(actor, document)
    with transaction.atomic():
        _delete_documents(Document.objects.filter(pk=document.pk))


def library_text_counts(document: Document) -> LibraryTextCounts:
    """How many annotations, by how many readers, and how many replies to them go with
    ``document`` (one query), whoever may see them: all of them go."""
    counts = Annotation.objects.filter(document=document.pk).aggregate(
        annotations=Count("id", distinct=True),
        readers=Count("author", distinct=True),
        replies=Count("replies"),
    )
    return LibraryTextCounts(**counts)


def circle_library_counts(circle: Circle) -> dict[str, int]:
    """The ``texts`` in ``circle``'s library and the ``annotations`` on them, in one
    query: what dissolving the circle deletes."""
    return LibraryText.objects.filter(circle=circle.pk).aggregate(
        texts=Count("pk", distinct=True), annotations=Count("document__annotations")
    )


def circle_library_delete(*, circle: Circle) -> None:
    """Delete every document in ``circle``'s library and everything on them (as
    ``library_text_remove`` does for one), inside the caller's transaction:
    ``circles.services.circle_dissolve`` calls it before the circle goes."""
    texts = LibraryText.objects.filter(circle=circle.pk).values("document_id")
    _delete_documents(Document.objects.filter(pk__in=texts))


def _delete_documents(documents) -> None:
    # The current version points back at its document: unlink it first, so that the
    # cascade has no cycle to order on databases that check constraints at once.
    documents.update(current_version=None)
    documents.delete()
