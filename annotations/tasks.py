"""Background work (django-tasks, queued in the database; `manage.py db_worker` runs it)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from annotations.reanchor import reanchor_version_now
from corpus.models import Document, DocumentVersion


@task()
def reanchor_version(document_id: int, previous_version_id: int, version_id: int) -> dict:
    """Move a large document's annotations from one version to the next, and on to each
    version that came in meanwhile, until they are on the current one.

    Holds the document's row (as an ingest does), so no new version comes in half way.
    Returns the counts of the last step (exact, fuzzy, orphaned) and the versions passed.
    """
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            return {"steps": 0}  # deleted meanwhile: nothing to move
        counts: dict = {}
        steps = 0
        previous_id, target_id = previous_version_id, version_id
        while target_id is not None:
            version = DocumentVersion.objects.get(pk=target_id)
            counts = reanchor_version_now(
                document=document, previous_version_id=previous_id, version=version
            )
            steps += 1
            following = (
                DocumentVersion.objects.filter(supersedes_id=target_id)
                .order_by("number")
                .values_list("pk", flat=True)
                .first()
            )
            previous_id, target_id = target_id, following
        return {**counts, "steps": steps}


@task()
def ingest_upload(job_id: str) -> None:
    """Store a large text a reader added (``uploads.jobs.ingest_job_run``), with progress."""
    from annotations.uploads.jobs import ingest_job_run

    ingest_job_run(job_id=job_id)


@task()
def import_annotations(job_id: str) -> None:
    """Import a large JSON-LD file (``export.import_jobs.import_job_run``), with progress."""
    from annotations.export.import_jobs import import_job_run

    import_job_run(job_id=job_id)
