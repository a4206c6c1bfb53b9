"""The pending upload: a previewed text kept (a day) for its sender to publish or discard
without sending it again."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from annotations.models import IngestJob, PendingUpload
from annotations.uploads.libraries import Library, library_for
from annotations.uploads.services import (
    Published,
    Source,
    is_large,
    upload_publish,
    validate_metadata,
)
from corpus.models import Document

PENDING_FOR = timedelta(days=1)


def pending_upload_create(
    *,
    actor,
    source: Source,
    library: Library,
    supersedes: Document | None = None,
    title: str = "",
    author: str = "",
    published: str = "",
    report: dict | None,
) -> PendingUpload:
    """Keep the text (a day) for ``actor`` to publish without sending it again.
    Also deletes everyone's expired pending uploads."""
    now = timezone.now()
    PendingUpload.objects.filter(expires__lte=now).delete()
    return PendingUpload.objects.create(
        owner=actor,
        data=source.data,
        filename=source.filename,
        source_url=source.url[:2000],
        library=library.name,
        supersedes=supersedes,
        title=title,
        author=author,
        published=published,
        report=report or {},
        created=now,
        expires=now + PENDING_FOR,
    )


def get_pending_upload_for_user(user, pk) -> PendingUpload:
    """The user's own unexpired pending upload; 404 for anyone else's."""
    if not user.is_authenticated:
        raise Http404("No such upload.")
    pending = (
        PendingUpload.objects.filter(pk=pk, owner=user.pk, expires__gt=timezone.now())
        .select_related("supersedes")
        .first()
    )
    if pending is None:
        raise Http404("No such upload: it was published, discarded or kept too long.")
    return pending


def pending_source(pending: PendingUpload) -> Source:
    return Source(data=bytes(pending.data), filename=pending.filename, url=pending.source_url)


def pending_upload_publish(
    *, actor, pending: PendingUpload, title: str, author: str, published: str
) -> Published | IngestJob:
    """Publish a previewed text with the title, author and date the preview settled on.
    Side effects: those of ``upload_publish``; the pending upload goes once stored."""
    library = library_for(actor=actor, name=pending.library)
    source = pending_source(pending)
    if is_large(source):
        validate_metadata(title=title, author=author, published=published)
        pending.title, pending.author, pending.published = title, author, published
        pending.save(update_fields=["title", "author", "published"])
        from annotations.uploads.jobs import ingest_job_queue

        return ingest_job_queue(actor=actor, pending=pending)
    with transaction.atomic():
        answer = upload_publish(
            actor=actor,
            source=source,
            library=library,
            supersedes=pending.supersedes,
            title=title,
            author=author,
            published=published,
        )
        if isinstance(answer, Published):
            pending.delete()
    return answer


def pending_upload_discard(*, actor, pending: PendingUpload) -> None:
    if pending.owner_id != actor.pk:
        raise PermissionDenied("Only who sent it can discard an upload.")
    pending.delete()
