"""/accounts/import/ takes W3C Web Annotation JSON-LD too: a small file is imported at once
and reported; a large one runs in the background with a page that shows its progress,
then its report. Finished jobs are deleted a month after they ended."""

import datetime
import io

import pytest
from django.test import Client
from django.utils import timezone

from annotations.jobs import KEEP_FINISHED, finished_jobs_prune
from annotations.models import Annotation, ImportJob, IngestJob
from reader.views.imports import SHOWN
from tests.conftest import signed_in

IMPORT, REPORT = "/accounts/import/", "/accounts/import/report/"


def exported(user) -> bytes:
    response = signed_in(user).get("/export/", {"format": "jsonld"})
    return b"".join(response.streaming_content)


def upload(content: bytes, **fields) -> dict:
    file = io.BytesIO(content)
    file.name = "notes.jsonld"
    return {"file": file, "format": "", "document": "", **fields}


def test_a_json_ld_export_is_recognised_imported_and_reported(notes, owner, outsider):
    client = signed_in(outsider)
    response = client.post(IMPORT, upload(exported(owner)))
    assert response.status_code == 302
    assert response["Location"] == REPORT
    mine = Annotation.objects.filter(author=outsider)
    assert sorted(mine.values_list("exact", flat=True)) == [
        "Private trade returned to the towns",
        "tax in kind",
    ]
    page = client.get(REPORT).content.decode()
    assert "2 entries in the file." in page
    assert "Created (2)" in page
    assert "Item 1" in page and "Item 2" in page

    # A second import of the same file: nothing new, each item "already imported".
    client.post(IMPORT, upload(exported(owner)))
    assert mine.count() == 2
    assert "Already imported (2)" in client.get(REPORT).content.decode()


def test_a_file_that_is_not_web_annotation_is_refused_by_name(db, outsider):
    client = signed_in(outsider)
    response = client.post(IMPORT, upload(b'{"type": "Nothing"}', format="jsonld"))
    assert response.status_code == 400
    assert "Expected W3C Web Annotation JSON-LD" in response.content.decode()
    assert not Annotation.objects.exists()


def test_a_large_file_runs_in_the_background_with_a_progress_page(
    notes, owner, outsider, settings, run_worker, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_IMPORT_INLINE_MAX = 1
    data = exported(owner)
    client = signed_in(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT, upload(data))
    job = ImportJob.objects.get()
    assert response["Location"] == f"/accounts/import/jobs/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Importing your annotations" in page and "Waiting for its turn." in page
    assert f'data-task-url="/api/import/{job.pk}/"' in page
    assert not Annotation.objects.filter(author=outsider).exists()
    # Only its sender sees it.
    assert signed_in(owner).get(response["Location"]).status_code == 404
    assert Client().get(response["Location"]).status_code == 302  # to sign in

    run_worker()

    page = client.get(response["Location"]).content.decode()
    assert "Import report" in page and "Created (2)" in page
    assert "upload-progress.js" not in page  # nothing left to poll
    assert Annotation.objects.filter(author=outsider).count() == 2


def test_the_report_lists_a_few_hundred_of_each_and_counts_the_rest(
    owner, django_assert_num_queries
):
    results = [{"index": n, "status": "created", "annotation": n + 1} for n in range(SHOWN + 50)]
    job = ImportJob.objects.create(
        owner=owner,
        state=ImportJob.State.DONE,
        report={"total": len(results), "created": len(results), "results": results},
    )
    client = signed_in(owner)
    with django_assert_num_queries(3):  # session, user, the job
        page = client.get(f"/accounts/import/jobs/{job.pk}/").content.decode()
    assert f"Created ({SHOWN + 50})" in page
    assert f"… and 50 more; the first {SHOWN} are listed." in page
    assert page.count("<li>") >= SHOWN


@pytest.mark.parametrize("model", [ImportJob, IngestJob])
def test_finished_jobs_are_deleted_a_month_after_they_ended(model, owner):
    now = timezone.now()
    old = now - KEEP_FINISHED - datetime.timedelta(hours=1)
    fields = {"owner": owner} if model is ImportJob else {"owner": owner, "upload": None}
    kept = [
        model.objects.create(**fields, state="done", updated=now),  # recent
        model.objects.create(**fields, state="running", updated=old),  # still at work
        model.objects.create(**fields, state="queued", updated=old),
    ]
    model.objects.create(**fields, state="done", updated=old)
    model.objects.create(**fields, state="failed", updated=old)

    assert finished_jobs_prune(model, now=now) == 2
    assert set(model.objects.values_list("pk", flat=True)) == {job.pk for job in kept}


def test_queueing_an_import_prunes_the_old_ones(owner, outsider, settings):
    settings.MARGINALIA_IMPORT_INLINE_MAX = 0
    old = timezone.now() - KEEP_FINISHED - datetime.timedelta(days=1)
    ImportJob.objects.create(owner=owner, state="done", updated=old)
    signed_in(outsider).post(IMPORT, upload(b'{"@context": "x", "type": "Annotation"}'))
    assert list(ImportJob.objects.values_list("owner", flat=True)) == [outsider.pk]
