"""Export pages: a reader's notes in Markdown, CSV, JSON-LD, or a page to print.

What goes in is decided by ``annotations_for_export`` (never beyond what the reader
may see), narrowed by the notebook's filters or a selection of it; the file is
streamed, so its size does not matter. An export with nothing in it is a page saying
so (404), never an empty file.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from annotations.export.links import Links
from annotations.export.rows import export_rows
from annotations.export.scopes import annotations_for_export, scope_label
from annotations.export.streams import export_file, grouped_for_print
from annotations.models import Color
from annotations.permissions import ME, ScopeError
from annotations.queries import get_scope_for_user

PRINT = "print"
FORMATS = [("md", "Markdown"), ("csv", "CSV"), ("jsonld", "JSON-LD"), (PRINT, "Print")]
# The filters an export shares with the notebook (its links carry the notebook's).
FILTERS = ("document", "tag", "color", "q", "needs_review")
MAX_SELECTED = 500


class ExportForm(forms.Form):
    scope = forms.CharField(required=False, max_length=200)
    # As the notebook's: a slug that names no document matches nothing.
    document = forms.CharField(required=False, max_length=200)
    tag = forms.CharField(required=False, max_length=100)
    color = forms.ChoiceField(required=False, choices=[("", "Any"), *Color.choices])
    q = forms.CharField(required=False, max_length=200)
    needs_review = forms.ChoiceField(required=False, choices=[("", "Any"), ("yes", "Yes")])
    format = forms.ChoiceField(choices=FORMATS)

    def __init__(self, data):
        super().__init__(data)
        self.selected = data.getlist("id")

    def clean(self):
        cleaned = super().clean()
        if len(self.selected) > MAX_SELECTED or not all(
            value.isascii() and value.isdigit() and len(value) <= 18 for value in self.selected
        ):
            self.add_error(None, f"id must be up to {MAX_SELECTED} annotation numbers.")
        return cleaned

    def filters(self) -> dict:
        """The filters given, as ``annotations_filtered`` takes them."""
        filters = {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data[name]}
        if filters.pop("needs_review", None):
            filters["needs_review"] = True
        return filters


@login_required
@require_http_methods(["GET", "HEAD"])
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(
            f"{name}: {' '.join(e)}" if name != "__all__" else " ".join(e)
            for name, e in form.errors.items()
        )
        return HttpResponse(f"Bad export request: {errors}", status=400, content_type="text/plain")
    try:
        scope = get_scope_for_user(request.user, form.cleaned_data["scope"] or ME)
    except ScopeError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain")
    filters = form.filters()
    annotations = annotations_for_export(request.user, scope, **filters)
    if form.selected:
        annotations = annotations.filter(pk__in=[int(value) for value in form.selected])
    if not annotations.exists():
        return _nothing_to_export(request, scope, filters, selected=bool(form.selected))
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
    document, tag = filters.get("document", ""), filters.get("tag", "")
    name = "-".join(
        filter(None, ["marginalia", scope_label(scope.name), _safe(document), _safe(tag)])
    )
    exported = export_file(
        annotations, form.cleaned_data["format"], links, name=name, replies_for=request.user
    )
    response = StreamingHttpResponse(exported.chunks, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


def _nothing_to_export(request: HttpRequest, scope, filters: dict, *, selected: bool):
    """A page, not an empty file: what was asked for holds no annotation."""
    if scope.circle is not None:
        back = reverse("reader:circle", args=[scope.circle.slug])
    elif scope.kind == ME:
        shown = {**filters, "needs_review": "yes"} if "needs_review" in filters else filters
        back = reverse("reader:notebook") + (f"?{urlencode(shown)}" if shown else "")
    else:
        back = reverse("reader:library")
    return render(
        request,
        "reader/export_empty.html",
        {"scope": scope, "filtered": bool(filters), "selected": selected, "back": back},
        status=404,
    )


def _safe(value: str) -> str:
    """A tag or slug as part of a filename: letters, digits and dashes."""
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in value).strip("-")
