"""annotations/uploads/jobs.py: a large text stored by the worker, and what its job says."""

import pytest

from annotations.errors import AnnotationError
from annotations.models import IngestJob, Membership, PendingUpload, Role
from annotations.uploads import libraries, services
from annotations.uploads.jobs import ingest_job_run
from tests.annotations.conftest import sample, stored


def queue(actor, library_name, data, filename="essay.md", capture=None) -> IngestJob:
    library = libraries.library_for(actor=actor, name=library_name)
    with capture(execute=True):
        return services.upload_publish(
            actor=actor, source=services.Source(data=data, filename=filename), library=library
        )


def test_it_queues_a_text_over_the_size_for_the_background(
    run_worker, staff, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 100
    job = queue(staff, "public", sample("markdown/georgia.md"), "georgia.md",
                django_capture_on_commit_callbacks)  # fmt: skip

    assert (job.state, job.progress, job.message) == ("queued", 0, "Waiting for its turn.")
    assert job.upload.filename == "georgia.md"
    assert stored() == (0, 0, 0)

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.progress, job.unchanged) == ("done", 100, False)
    assert job.document.current_version.paragraphs.count() > 20
    assert PendingUpload.objects.count() == 0


def test_it_refuses_at_once_what_is_no_text_at_all(
    db, staff, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 100
    with pytest.raises(AnnotationError) as raised:
        queue(staff, "public", bytes(range(256)) * 4, "x.bin", django_capture_on_commit_callbacks)

    assert raised.value.message == "Not a text, Markdown, HTML, EPUB or PDF file."
    assert (IngestJob.objects.count(), PendingUpload.objects.count()) == (0, 0)


def test_it_fails_a_job_whose_sender_may_no_longer_add_there(
    run_worker, circle, moderator, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 10
    job = queue(
        moderator,
        "circle:study-group",
        b"# Essay\n\nWords.",
        capture=django_capture_on_commit_callbacks,
    )
    Membership.objects.filter(user=moderator).update(role=Role.MEMBER)

    run_worker()

    job.refresh_from_db()
    assert (job.state, job.document) == ("failed", None)
    assert job.message == "Only the circle's owners and moderators can add texts to its library."
    assert stored() == (0, 0, 0)
    assert PendingUpload.objects.count() == 0


def test_it_fails_a_job_whose_upload_is_gone_and_runs_a_job_once(
    db, staff, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 10
    job = queue(staff, "public", b"# Essay\n\nWords.", capture=django_capture_on_commit_callbacks)
    PendingUpload.objects.all().delete()

    ingest_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    failed_at = job.updated
    ingest_job_run(job_id=str(job.pk))

    job.refresh_from_db()
    assert (job.state, job.message) == ("failed", "The upload was discarded.")
    assert job.updated == failed_at
