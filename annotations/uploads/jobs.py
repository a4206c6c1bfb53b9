"""A large text stored in the background: queue it, run it (the task), say how far it got."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from annotations.errors import AnnotationError
from annotations.jobs import FINISHED, job_for_owner, job_queue, job_update
from annotations.models import IngestJob, PendingUpload
from annotations.uploads.libraries import library_for
from annotations.uploads.pending import pending_source
from annotations.uploads.services import (
    parse_source,
    resolve_metadata,
    store_parsed,
)

# A queued text is kept past the preview's day, however long the worker takes to start.
KEPT_FOR_JOB = timedelta(days=7)


def ingest_job_queue(*, actor, pending: PendingUpload) -> IngestJob:
    """Queue ``pending`` for the worker. Side effects: an IngestJob (queued), the pending
    upload kept for a week, a task enqueued once the transaction commits; jobs that
    ended over a month ago are deleted."""
    from annotations.tasks import ingest_upload

    now = timezone.now()
    with transaction.atomic():
        pending.expires = now + KEPT_FOR_JOB
        pending.save(update_fields=["expires"])
        return job_queue(IngestJob, actor=actor, task=ingest_upload, now=now, upload=pending)


def ingest_job_run(*, job_id: str) -> None:
    """Parse and store a queued text, saying how far it got as it goes. Side effects:
    those of ``upload_publish``; the job ends done (with its document) or failed (with
    why); the pending upload is deleted either way."""
    job = IngestJob.objects.select_related("owner", "upload__supersedes").filter(pk=job_id).first()
    if job is None or job.state in FINISHED:
        return
    pending = job.upload
    if pending is None:
        _update(job, state=IngestJob.State.FAILED, message="The upload was discarded.")
        return
    _update(job, state=IngestJob.State.RUNNING, progress=10, message="Reading the text.")
    try:
        library = library_for(actor=job.owner, name=pending.library)
        source = pending_source(pending)
        parsed = parse_source(source)
        _update(job, progress=60, message="Storing the text.")
        metadata = resolve_metadata(
            parsed, source, pending.title, pending.author, pending.published, pending.supersedes
        )
        published = store_parsed(
            actor=job.owner,
            parsed=parsed,
            source=source,
            library=library,
            supersedes=pending.supersedes,
            **metadata,
        )
    except AnnotationError as error:
        _update(job, state=IngestJob.State.FAILED, message=error.message)
    except PermissionDenied as error:
        _update(job, state=IngestJob.State.FAILED, message=str(error))
    else:
        job.document = published.document
        job.unchanged = published.unchanged
        _update(
            job,
            state=IngestJob.State.DONE,
            progress=100,
            message="Already in the library." if published.unchanged else "Published.",
        )
    pending.delete()


def get_job_for_user(user, pk) -> IngestJob:
    """The user's own job; 404 for anyone else's."""
    jobs = IngestJob.objects.select_related("document")
    return job_for_owner(jobs, user=user, pk=pk, missing="No such job.")


def _update(job: IngestJob, **changes) -> None:
    job_update(job, also=("document", "unchanged"), **changes)
