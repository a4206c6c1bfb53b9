"""Export pages: a reader's notes in Markdown, CSV, JSON-LD, or a page to print.

What goes in is decided by ``annotations_for_export`` (never beyond what the reader
may see); the file is streamed, so its size does not matter.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from annotations.export.links import Links
from annotations.export.rows import export_rows
from annotations.export.scopes import annotations_for_export, scope_label
from annotations.export.streams import export_file, grouped_for_print
from annotations.permissions import ScopeError

PRINT = "print"


class ExportForm(forms.Form):
    scope = forms.CharField(required=False, max_length=200)
    document = forms.SlugField(required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=100)
    format = forms.ChoiceField(
        choices=[("md", "Markdown"), ("csv", "CSV"), ("jsonld", "JSON-LD"), (PRINT, "Print")]
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        return HttpResponse(f"Bad export request: {errors}", status=400, content_type="text/plain")
    scope = form.cleaned_data["scope"] or "me"
    document, tag = form.cleaned_data["document"], form.cleaned_data["tag"]
    try:
        annotations = annotations_for_export(request.user, scope, document=document, tag=tag)
    except ScopeError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    links = Links(request.build_absolute_uri("/"))
    if form.cleaned_data["format"] == PRINT:
        return render(
            request,
            "reader/export_print.html",
            {
                "documents": list(
                    grouped_for_print(export_rows(annotations, replies_for=request.user), links)
                ),
                "scope": scope,
                "today": timezone.localdate(),
            },
        )
    name = "-".join(filter(None, ["marginalia", scope_label(scope), document, _safe(tag)]))
    exported = export_file(
        annotations, form.cleaned_data["format"], links, name=name, replies_for=request.user
    )
    response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def _safe(tag: str) -> str:
    """A tag as part of a filename: letters, digits and dashes."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in tag).strip("-")
