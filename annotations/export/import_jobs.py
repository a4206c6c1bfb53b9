"""A large JSON-LD import done in the background: queue it, run it (the task), say how
far it got and, once done, what became of each item."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from annotations.export.importer import ImportFileError, import_jsonld
from annotations.jobs import FINISHED, job_for_owner, job_queue, job_state_json, job_update
from annotations.models import ImportJob


def import_job_queue(*, actor, data: bytes) -> ImportJob:
    """Queue ``data`` for the worker. Side effects: an ImportJob (queued) holding the
    file, a task enqueued once the transaction commits; jobs that ended over a month
    ago are deleted."""
    from annotations.tasks import import_annotations

    return job_queue(ImportJob, actor=actor, task=import_annotations, now=timezone.now(), data=data)


def import_job_run(*, job_id: str) -> None:
    """Import a queued file, saying how far it got as it goes. Side effects: those of
    ``import_jsonld``; the job ends done (with its report) or failed (with why); its
    file is emptied either way."""
    job = ImportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.state in FINISHED:
        return
    job_update(job, state=ImportJob.State.RUNNING, progress=5, message="Reading the file.")

    def progress(percent: int) -> None:
        job_update(job, progress=percent, message="Finding the annotations in the texts.")

    try:
        report = import_jsonld(user=job.owner, data=bytes(job.data), progress=progress)
    except ImportFileError as error:
        job_update(job, state=ImportJob.State.FAILED, message=str(error), data=b"")
        return
    except Exception:
        # The transaction rolled back: say so rather than stay "running" for ever.
        message = "The import failed unexpectedly; nothing was imported."
        job_update(job, state=ImportJob.State.FAILED, message=message)
        raise
    job_update(
        job,
        state=ImportJob.State.DONE,
        progress=100,
        message=report.summary(),
        report=report.as_json(),
        data=b"",
    )


def get_import_job_for_user(user, pk) -> ImportJob:
    """The user's own import; 404 for anyone else's."""
    return job_for_owner(
        ImportJob.objects.defer("data"), user=user, pk=pk, missing="No such import."
    )


def import_job_json(job: ImportJob, *, build_url) -> dict:
    """``build_url`` makes a path absolute (``request.build_absolute_uri``)."""
    return {
        **job_state_json(job),
        "report": job.report if job.state == ImportJob.State.DONE else None,
        "url": build_url(reverse("api:import-task-detail", args=[job.pk])),
    }
