"""What the two kinds of background job (a text being added, a file being imported)
share: how one is queued, how it says how far it got, whose it is, and how long one
is kept once it has ended."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from annotations.models import Job, JobState

# A finished job's page (the report of an import, what became of a text) is kept this
# long after it ended, then deleted by the next job queued.
KEEP_FINISHED = timedelta(days=30)
FINISHED = (JobState.DONE, JobState.FAILED)


def finished_jobs_prune(model: type[Job], *, now: datetime) -> int:
    """Delete the jobs of ``model`` that ended over KEEP_FINISHED before ``now``; how
    many. Side effects: those rows (a queued or running job is never touched)."""
    deleted, _ = model.objects.filter(state__in=FINISHED, updated__lt=now - KEEP_FINISHED).delete()
    return deleted


def job_queue(model: type[Job], *, actor, task, now: datetime, **fields) -> Job:
    """A new queued job of ``model`` for ``actor`` holding ``fields``, run by ``task``
    once the transaction commits. Side effects: that row; jobs of ``model`` that ended
    over KEEP_FINISHED ago are deleted (in the caller's transaction, if any)."""
    with transaction.atomic(savepoint=False):
        finished_jobs_prune(model, now=now)
        job = model.objects.create(
            owner=actor, message="Waiting for its turn.", created=now, updated=now, **fields
        )
        transaction.on_commit(lambda: task.enqueue(str(job.pk)))
    return job


def job_update(job: Job, *, also: tuple[str, ...] = (), **changes) -> None:
    """Set ``changes`` on ``job`` and save them with its time (and the fields ``also``
    names, set before the call)."""
    for name, value in changes.items():
        setattr(job, name, value)
    job.updated = timezone.now()
    job.save(update_fields=[*changes, "updated", *also])


def job_for_owner(jobs: QuerySet, *, user, pk, missing: str) -> Job:
    """The job ``pk`` of ``jobs`` if ``user`` owns it; 404 saying ``missing`` else."""
    job = None
    if user.is_authenticated:
        job = jobs.filter(pk=pk, owner=user.pk).first()
    if job is None:
        raise Http404(missing)
    return job


def job_state_json(job: Job) -> dict:
    """What the API says of any job: which, its state, how far it got and its message."""
    return {"id": str(job.pk), "state": job.state, "progress": job.progress, "message": job.message}
