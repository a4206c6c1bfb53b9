"""Bringing highlights from Kindle, Hypothesis or Readwise, or annotations exported as
W3C Web Annotation JSON-LD (ours or another tool's): a form beside the profile, then the
report of what became of each (kept in the session, so the report page reads nothing else
and a reload imports nothing twice). A JSON-LD file of more than
MARGINALIA_IMPORT_INLINE_MAX items is imported in the background: its page shows the
progress, then the same report, kept with the job."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from annotations.export import importer as jsonld
from annotations.export.import_jobs import get_import_job_for_user, import_job_queue
from annotations.imports.documents import documents_visible_to, get_document_for_user
from annotations.imports.highlights import (
    ALREADY_IMPORTED,
    CREATED,
    CREATED_FOR_REVIEW,
    FORMATS,
    INVALID,
    NO_DOCUMENT,
    NOT_FOUND,
    STATUSES,
    import_highlights,
)
from annotations.imports.report import MAX_IMPORT_BYTES, ImportFileError, key, too_big_message
from annotations.models import ImportJob

SESSION_KEY = "highlights_import_report"
JSONLD = "jsonld"
# The report page's sections, in order: what was created first, then what was not.
SECTIONS = [
    (CREATED, "Created"),
    (CREATED_FOR_REVIEW, "Created for review: found only approximately"),
    (ALREADY_IMPORTED, "Already imported"),
    (NOT_FOUND, "Not found in the text"),
    (NO_DOCUMENT, "No matching document"),
    (INVALID, "Refused"),
]
JSONLD_SECTIONS = [
    (CREATED, "Created"),
    (jsonld.ALREADY_IMPORTED, "Already imported"),
    (jsonld.NOT_ANCHORED, "Not found in the text"),
    (jsonld.UNKNOWN_DOCUMENT, "No matching document"),
    (jsonld.INVALID, "Refused"),
    (jsonld.SKIPPED, "Passed over"),
]
# A section lists this many of its items; a large import's report says how many more.
SHOWN = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text=(
            "Kindle's My Clippings.txt, a Hypothesis JSON export, a Readwise CSV, or "
            "W3C Web Annotation JSON-LD (a Marginalia export)."
        ),
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[
            ("", "Tell from the file"),
            *((name, label) for name, (label, _) in FORMATS.items()),
            (JSONLD, "W3C Web Annotation (JSON-LD), as Marginalia exports it"),
        ],
    )
    document = forms.ChoiceField(
        label="Document",
        required=False,
        help_text="Leave empty to match each book's title with a document's.",
    )

    def __init__(self, *args, documents: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [
            ("", "Match by title"),
            *((document.slug, document.title) for document in documents),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    documents = list(documents_visible_to(request.user).only("slug", "title").order_by("title"))
    form = ImportForm(request.POST or None, request.FILES or None, documents=documents)
    if request.method != "POST":
        return render(request, "reader/import.html", {"form": form})
    if form.is_valid():
        slug = form.cleaned_data["document"]
        data = form.cleaned_data["file"].read()
        try:
            if form.cleaned_data["format"] == JSONLD or (
                not form.cleaned_data["format"] and jsonld.looks_like_web_annotation(data)
            ):
                return _import_jsonld(request, data)
            report = import_highlights(
                user=request.user,
                data=data,
                format=form.cleaned_data["format"],
                document=get_document_for_user(request.user, slug) if slug else None,
            )
        except ImportFileError as error:
            form.add_error(error.field, str(error))
        else:
            request.session[SESSION_KEY] = report.as_json()
            return redirect("reader:import_report")
    return render(request, "reader/import.html", {"form": form}, status=400)


def _import_jsonld(request: HttpRequest, data: bytes) -> HttpResponse:
    """Import now, or queue a large file and show its progress. ImportFileError for a
    file that is not Web Annotation JSON-LD."""
    if jsonld.items_in(data) > settings.MARGINALIA_IMPORT_INLINE_MAX:
        job = import_job_queue(actor=request.user, data=data)
        return redirect("reader:import_job", pk=job.pk)
    report = jsonld.import_jsonld(user=request.user, data=data)
    request.session[SESSION_KEY] = {**report.as_json(), "format": JSONLD}
    return redirect("reader:import_report")


@login_required
@require_http_methods(["GET", "HEAD"])
def import_job(request: HttpRequest, pk) -> HttpResponse:
    """A background import: its progress while it runs, its report once done."""
    job = get_import_job_for_user(request.user, pk)
    context = {
        "job": job,
        "task_url": reverse("api:import-task-detail", args=[job.pk]),
    }
    if job.state == ImportJob.State.DONE:
        context.update(_report_context({**job.report, "format": JSONLD}))
    return render(request, "reader/import_job.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def import_report(request: HttpRequest) -> HttpResponse:
    report = request.session.get(SESSION_KEY)
    if report is None:
        return redirect("reader:import")
    return render(request, "reader/import_report.html", _report_context(report))


def _report_context(report: dict) -> dict:
    """What the report template shows of a report (``ImportReport.as_json()``): counts,
    then each status's items, at most SHOWN of each."""
    is_jsonld = report.get("format") == JSONLD
    titles = JSONLD_SECTIONS if is_jsonld else SECTIONS
    statuses = jsonld.STATUSES if is_jsonld else STATUSES
    sections = []
    for status, title in titles:
        results = [r for r in report["results"] if r["status"] == status]
        if results:
            sections.append(
                {
                    "status": status,
                    "title": title,
                    "results": results[:SHOWN],
                    "more": len(results) - SHOWN if len(results) > SHOWN else 0,
                    "count": len(results),
                }
            )
    passed_over = [r for r in report["results"] if r["status"] not in dict(titles)]
    return {
        "report": report,
        "counts": [(status, report.get(key(status), 0)) for status in statuses],
        "sections": sections,
        "passed_over": passed_over[:SHOWN],
        "for_review": report.get(key(CREATED_FOR_REVIEW), 0),
        "shown": SHOWN,
    }
