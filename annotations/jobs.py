"""What the two kinds of background job (a text being added, a file being imported)
share: how long one is kept once it has ended."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import models

# A finished job's page (the report of an import, what became of a text) is kept this
# long after it ended, then deleted by the next job queued.
KEEP_FINISHED = timedelta(days=30)
FINISHED = ("done", "failed")


def finished_jobs_prune(model: type[models.Model], *, now: datetime) -> int:
    """Delete the jobs of ``model`` that ended over KEEP_FINISHED before ``now``; how
    many. Side effects: those rows (a queued or running job is never touched)."""
    deleted, _ = model.objects.filter(state__in=FINISHED, updated__lt=now - KEEP_FINISHED).delete()
    return deleted
