"""Changing annotations from the notebook: one entry (note, tags, sharing; delete) or a
selection (add or remove a tag, share, delete, export).

Plain forms that work without JavaScript (each answers with a redirect back to the
notebook page it came from, and a message); ``static/js/notebook.js`` sends the same
forms in the page and swaps in the entry the server renders (``X-Notebook-Fragment``).
The services decide who may do what (``annotations.permissions``).
"""

from __future__ import annotations

import math
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from annotations import bulk, services
from annotations.errors import AnnotationError
from annotations.limits import MAX_COMMENT
from annotations.models import Annotation
from annotations.permissions import (
    CIRCLE,
    CIRCLE_PREFIX,
    ME,
    PRIVATE,
    PUBLIC,
    AudienceConflict,
    ScopeName,
    scope_filter,
    visibility_filter,
)
from reader.views.export import FORMATS
from reader.views.notebook import (
    PAGE_SIZE,
    NotebookFilterForm,
    attach_tags,
    mark_sharing,
    notebook_entries,
    sharing_choices,
)

FRAGMENT_HEADER = "X-Notebook-Fragment"
ACTIONS = [
    ("tag", "Add a tag"),
    ("untag", "Remove a tag"),
    ("share", "Share"),
    ("delete", "Delete"),
    ("export", "Export"),
]


class EntryForm(forms.Form):
    comment = forms.CharField(label="Note", required=False, max_length=MAX_COMMENT)
    tags = forms.CharField(label="Tags", required=False, max_length=2000)
    sharing = forms.CharField(label="Shared with", max_length=250)

    def tag_names(self) -> list[str]:
        return [name for name in self.cleaned_data["tags"].split(",") if name.strip()]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label="With the selected", choices=ACTIONS)
    tag = forms.CharField(label="Tag", required=False, max_length=100)
    sharing = forms.CharField(label="Share with", required=False, max_length=250)
    format = forms.ChoiceField(label="Format", required=False, choices=FORMATS)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: its edit form (GET), or the change (POST)."""
    annotation = _own(request.user, pk)
    errors: dict[str, str] = {}
    values = None
    if request.method == "POST":
        form = EntryForm(request.POST)
        values = request.POST
        if form.is_valid():
            try:
                visibility, circle = _sharing(form.cleaned_data["sharing"])
                services.annotation_update(
                    annotation=annotation,
                    actor=request.user,
                    comment=form.cleaned_data["comment"],
                    tags=form.tag_names(),
                    visibility=visibility,
                    circle=circle,
                )
            except AnnotationError as error:
                errors[_FIELDS.get(error.field, "form")] = error.message
            except AudienceConflict as error:
                errors["sharing"] = error.message
            except PermissionDenied as error:
                errors["form"] = str(error)
            else:
                if _fragment(request):
                    return _render_entry(request, pk, {}, None, status=200, saved=True)
                messages.success(request, f"Saved “{truncatechars(annotation.exact, 60)}”.")
                return redirect(_back(request))
        else:
            errors = {
                name if name in form.fields else "form": " ".join(problems)
                for name, problems in form.errors.items()
            }
    status = 400 if errors else 200
    if _fragment(request):
        return _render_entry(request, pk, errors, values, status=status)
    return _render_entry(request, pk, errors, values, status=status, page=True)


@login_required
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one entry: a page asking to confirm, then (``confirm=yes``) the deletion."""
    annotation = _own(request.user, pk)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "reader/notebook_confirm.html",
            {"annotations": [annotation], "back": _back(request), "one": annotation},
        )
    try:
        services.annotation_delete(annotation=annotation, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(_back(request))
    if _fragment(request):
        return HttpResponse(status=204)
    messages.success(request, f"Deleted “{truncatechars(annotation.exact, 60)}”.")
    return redirect(_back_after_delete(request))


@login_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    """One action on the selected entries, then back with a report: what changed, and
    what was refused and why."""
    back = _back(request)
    form = BulkForm(request.POST)
    try:
        ids = bulk.selection(request.POST.getlist("id"))
        if not form.is_valid():
            field, problems = next(iter(form.errors.items()))
            raise AnnotationError(field, " ".join(problems))
        action = form.cleaned_data["action"]
        if action == "export":
            query = [("scope", ME), ("format", form.cleaned_data["format"] or "md")]
            return redirect(
                f"{reverse('reader:export')}?{urlencode(query + [('id', i) for i in ids])}"
            )
        if action == "delete" and request.POST.get("confirm") != "yes":
            selected = list(
                _own_annotations(request.user).filter(pk__in=ids).only("exact").order_by("pk")
            )
            if not selected:
                messages.warning(request, "None of the selected annotations are there any more.")
                return redirect(back)
            return render(
                request,
                "reader/notebook_confirm.html",
                {"annotations": selected, "back": back, "ids": ids},
            )
        report, done = _run(request.user, action, ids, form.cleaned_data)
    except AnnotationError as error:
        label = BulkForm.base_fields.get(error.field)
        prefix = f"{label.label}: " if label else ""
        messages.error(request, f"Nothing was changed. {prefix}{error.message}")
        return redirect(back)
    _report(request, report, done)
    return redirect(_back_after_delete(request) if action == "delete" else back)


def _run(user, action: str, ids: list[int], data: dict) -> tuple[bulk.BulkReport, str]:
    """The service call for ``action`` and the words for what it did."""
    if action == "tag":
        report = bulk.annotations_bulk_tag(actor=user, ids=ids, tag=data["tag"])
        return report, f"tagged “{data['tag'].strip()}”"
    if action == "untag":
        report = bulk.annotations_bulk_untag(actor=user, ids=ids, tag=data["tag"])
        return report, f"no longer tagged “{data['tag'].strip()}”"
    if action == "share":
        visibility, circle = _sharing(data["sharing"])
        report = bulk.annotations_bulk_share(
            actor=user, ids=ids, visibility=visibility, circle=circle
        )
        done = {PRIVATE: "made private", PUBLIC: "made public"}.get(data["sharing"])
        if done is None:
            done = f"shared with {dict(sharing_choices(user)).get(data['sharing'], circle)}"
        return report, done
    report = bulk.annotations_bulk_delete(actor=user, ids=ids)
    return report, "deleted"


def _report(request: HttpRequest, report: bulk.BulkReport, done: str) -> None:
    changed = len(report.changed)
    messages.success(request, f"{changed} annotation{'s' if changed != 1 else ''} {done}.")
    if report.unchanged:
        count = len(report.unchanged)
        messages.info(request, f"{count} already {'were' if count != 1 else 'was'} so.")
    by_reason: dict[str, list[str]] = defaultdict(list)
    for refusal in report.refused:
        by_reason[refusal.reason].append(f"“{truncatechars(refusal.exact, 50)}”")
    for reason, quotes in by_reason.items():
        messages.warning(request, f"Not changed ({len(quotes)}): {', '.join(quotes[:5])}. {reason}")
    if report.missing:
        messages.warning(request, f"{report.missing} selected annotation(s) are no longer there.")


_FIELDS = {"comment": "comment", "tags": "tags", "visibility": "sharing", "circle": "sharing"}


def _sharing(value: str) -> tuple[str, str | None]:
    """("circle", slug) from "circle:<slug>"; (value, None) otherwise (the service checks)."""
    if value.startswith(CIRCLE_PREFIX):
        return CIRCLE, value.removeprefix(CIRCLE_PREFIX)
    return value, None


def _own_annotations(user):
    """The reader's own annotations on texts they may still read (the notebook's)."""
    return Annotation.objects.filter(visibility_filter(user) & scope_filter(user, ScopeName(ME)))


def _own(user, pk: int) -> Annotation:
    annotation = _own_annotations(user).filter(pk=pk).first()
    if annotation is None:
        raise Http404("No such annotation in your notebook")
    return annotation


def _render_entry(request, pk, errors, values, *, status, page=False, saved=False):
    choices = sharing_choices(request.user)
    entries = attach_tags(notebook_entries(_own_annotations(request.user).filter(pk=pk), {}))
    mark_sharing(entries, choices)
    if values is not None and values.get("sharing") in dict(choices):
        entries[0].sharing, entries[0].sharing_elsewhere = values["sharing"], False
    context = {
        "entry": entries[0],
        "errors": errors,
        "values": values,
        "sharing_choices": choices,
        "here": _back(request),
        "open": bool(errors) or page,
        "saved": saved,
    }
    template = "reader/notebook_entry.html" if page else "reader/_notebook_entry.html"
    return render(request, template, context, status=status)


def _fragment(request: HttpRequest) -> bool:
    return request.headers.get(FRAGMENT_HEADER) == "1"


def _back(request: HttpRequest) -> str:
    """The notebook page the form came from (its filters and page), never elsewhere."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    notebook = reverse("reader:notebook")
    safe = url_has_allowed_host_and_scheme(wanted, allowed_hosts=None)
    return wanted if safe and wanted.startswith(notebook) else notebook


def _back_after_delete(request: HttpRequest) -> str:
    """``_back``, on the last page there still is when deleting emptied the one it was."""
    back = _back(request)
    path, _, query = back.partition("?")
    params = QueryDict(query, mutable=True)
    asked = params.get("page", "")
    if not (asked.isascii() and asked.isdigit()) or int(asked) <= 1:
        return back
    user = request.user
    form = NotebookFilterForm(params, documents=[], tags=[])
    count = notebook_entries(_own_annotations(user), form.filters()).count()
    last = max(1, math.ceil(count / PAGE_SIZE))
    if int(asked) <= last:
        return back
    params["page"] = str(last)
    if last == 1:
        del params["page"]
    return f"{path}?{params.urlencode()}" if params else path
