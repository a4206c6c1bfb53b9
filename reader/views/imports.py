"""Bringing highlights from Kindle, Hypothesis or Readwise: a form beside the profile, then
the report of what became of each (kept in the session, so the report page reads nothing
else and a reload imports nothing twice)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

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

SESSION_KEY = "highlights_import_report"
# The report page's sections, in order: what was created first, then what was not.
SECTIONS = [
    (CREATED, "Created"),
    (CREATED_FOR_REVIEW, "Created for review: found only approximately"),
    (ALREADY_IMPORTED, "Already imported"),
    (NOT_FOUND, "Not found in the text"),
    (NO_DOCUMENT, "No matching document"),
    (INVALID, "Refused"),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="Kindle's My Clippings.txt, a Hypothesis JSON export or a Readwise CSV.",
    )
    format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[
            ("", "Tell from the file"),
            *((name, label) for name, (label, _) in FORMATS.items()),
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
        try:
            report = import_highlights(
                user=request.user,
                data=form.cleaned_data["file"].read(),
                format=form.cleaned_data["format"],
                document=get_document_for_user(request.user, slug) if slug else None,
            )
        except ImportFileError as error:
            form.add_error(error.field, str(error))
        else:
            request.session[SESSION_KEY] = report.as_json()
            return redirect("reader:import_report")
    return render(request, "reader/import.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "HEAD"])
def import_report(request: HttpRequest) -> HttpResponse:
    report = request.session.get(SESSION_KEY)
    if report is None:
        return redirect("reader:import")
    sections = [
        {
            "status": status,
            "title": title,
            "results": [r for r in report["results"] if r["status"] == status],
        }
        for status, title in SECTIONS
    ]
    passed_over = [r for r in report["results"] if r["status"] not in dict(SECTIONS)]
    return render(
        request,
        "reader/import_report.html",
        {
            "report": report,
            "counts": [(status, report[key(status)]) for status in STATUSES],
            "sections": [section for section in sections if section["results"]],
            "passed_over": passed_over,
            "for_review": report[key(CREATED_FOR_REVIEW)],
        },
    )
