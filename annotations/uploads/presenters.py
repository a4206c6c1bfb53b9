"""A published text and a background job as the API's JSON."""

from __future__ import annotations

from django.urls import reverse

from annotations.jobs import job_state_json
from annotations.models import IngestJob
from annotations.uploads.libraries import library_of
from annotations.uploads.services import Published


def published_json(published: Published, *, url: str) -> dict:
    document = published.document
    return {
        "slug": document.slug,
        "title": document.title,
        "author": document.author,
        "published": document.published,
        "library": published.library.name,
        "version": published.version.number,
        "unchanged": published.unchanged,
        "url": url,
    }


def job_json(job: IngestJob, *, build_url) -> dict:
    """``build_url`` makes a path absolute (``request.build_absolute_uri``)."""
    document = None
    if job.document is not None and job.document.current_version_id is not None:
        document = job.document
        version = document.current_version
        document = {
            "slug": document.slug,
            "title": document.title,
            "library": library_of(document).name,
            "version": version.number,
            "url": build_url(reverse("api:document-detail", args=[document.slug])),
        }
    return {
        **job_state_json(job),
        "document": document,
        "url": build_url(reverse("api:task-detail", args=[job.pk])),
    }
