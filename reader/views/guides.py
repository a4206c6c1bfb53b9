"""Study guides: a scope's topics with their coverage, and one topic's guide.

Which annotations a guide holds is decided by ``annotations.guides.queries`` (through
``visibility_filter``); a scope the reader may not read is a 404.
"""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from annotations.export.links import Links
from annotations.guides.guide import PASSAGES_PER_PAGE, Guide, LimitError, guide
from annotations.guides.handout import guide_markdown
from annotations.guides.limits import GuideLimits, last_meeting
from annotations.guides.queries import get_scope_for_user, topics
from annotations.guides.services import MAX_SUMMARY, topic_summary_update
from annotations.limits import MAX_TAG_LENGTH
from annotations.permissions import ME_ALIASES
from reader.forms import GuideLimitsForm
from reader.guide_presenters import render_guide_documents, render_open_questions
from reader.paging import page_number


class SummaryForm(forms.Form):
    body = forms.CharField(
        label="Summary (Markdown)",
        required=False,
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@require_http_methods(["GET", "HEAD"])
def guides(request: HttpRequest, scope: str) -> HttpResponse:
    if _must_sign_in(request, scope):
        return redirect_to_login(request.get_full_path())
    index = topics(request.user, scope)
    grid = index.grid()
    return render(
        request,
        "reader/guides_index.html",
        {"index": index, "scope": index.scope, "grid": grid, "heat_map": _heat_map(grid)},
    )


@require_http_methods(["GET", "HEAD"])
def guide_page(request: HttpRequest, scope: str, tag: str) -> HttpResponse:
    printing = request.GET.get("print") == "1"
    # The page lays out a page of passages; the printed handout, all of them.
    page = None if printing else page_number(request.GET.get("page"), last=10**6)
    found = _limited_guide(request, scope, tag, page=page)
    if isinstance(found, HttpResponse):
        return found
    form = None
    if found.scope.can_edit_summary:
        form = SummaryForm(initial={"body": found.summary.body if found.summary else ""})
    return render(
        request,
        "reader/guide.html",
        {
            "guide": found,
            "scope": found.scope,
            "form": form,
            "documents_html": render_guide_documents(found),
            "open_questions_html": render_open_questions(found.open_questions),
            "printing": printing,
            "pages": _pages(found),
            "limits_form": GuideLimitsForm(found.limits.query()),
            "limits_query": _query(found.limits),
            "print_query": _query(found.limits, print="1"),
            "shortcuts": _shortcuts(found),
        },
    )


@require_http_methods(["GET", "HEAD"])
def guide_download(request: HttpRequest, scope: str, tag: str) -> HttpResponse:
    found = _limited_guide(request, scope, tag)
    if isinstance(found, HttpResponse):
        return found
    response = HttpResponse(
        guide_markdown(found, Links(request.build_absolute_uri("/"))),
        content_type="text/markdown; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(found.key)}.md"'
    return response


@login_required
@require_POST
def summary_update(request: HttpRequest, scope: str, tag: str) -> HttpResponse:
    guide_scope = get_scope_for_user(request.user, scope)
    if len(tag) > MAX_TAG_LENGTH:
        raise Http404(f"No such topic: a tag is at most {MAX_TAG_LENGTH} characters.")
    if not guide_scope.can_edit_summary:
        raise PermissionDenied("Only the circle's owners and moderators edit its summaries.")
    form = SummaryForm(request.POST)
    if form.is_valid():
        topic_summary_update(
            scope=guide_scope, tag=tag, body=form.cleaned_data["body"], editor=request.user
        )
        messages.success(request, "Summary saved.")
    else:
        messages.error(request, f"Summary not saved: {' '.join(form.errors['body'])}")
    return redirect("reader:guide", scope=guide_scope.name, tag=tag)


def _must_sign_in(request: HttpRequest, scope: str) -> bool:
    """A signed-out reader asking for their own guides is asked to sign in first."""
    return scope in ME_ALIASES and not request.user.is_authenticated


def _pages(found: Guide) -> dict | None:
    """Links to the guide's other pages of passages (its limits kept), or None."""
    if found.page_count == 1:
        return None

    def link(number: int) -> str:
        return _query(found.limits, **({"page": str(number)} if number > 1 else {})) or "?"

    return {
        "number": found.page,
        "count": found.page_count,
        "previous": link(found.page - 1) if found.page > 1 else None,
        "next": link(found.page + 1) if found.page < found.page_count else None,
        "first": (found.page - 1) * PASSAGES_PER_PAGE + 1,
        "last": min(found.passage_count, found.page * PASSAGES_PER_PAGE),
    }


def _limited_guide(
    request: HttpRequest, scope: str, tag: str, *, page: int | None = None
) -> Guide | HttpResponse:
    """The guide within the limits of the query string; sign-in for a signed-out reader's
    own guide; 400 naming the parameter for limits that are wrong."""
    if _must_sign_in(request, scope):
        return redirect_to_login(request.get_full_path())
    form = GuideLimitsForm(request.GET)
    if not form.is_valid():
        return _bad_limits(form.problems())
    try:
        return guide(request.user, scope, tag, GuideLimits(**form.cleaned_data), page=page)
    except LimitError as error:
        return _bad_limits(str(error))


def _bad_limits(problem: str) -> HttpResponse:
    return HttpResponse(
        f"Bad guide limits: {problem}", status=400, content_type="text/plain; charset=utf-8"
    )


def _shortcuts(found: Guide) -> list[tuple[str, str]]:
    """Ready-made limits for a meeting: since the circle last met (the latest past due date
    on its reading list, one query), and the last seven days; (label, query string)."""
    today = timezone.localdate()
    since = [("the last 7 days", today - datetime.timedelta(days=7))]
    if found.scope.circle is not None:
        met = last_meeting(found.scope.circle, today)
        if met is not None:
            since.insert(0, (f"since the last meeting ({met.day} {met:%B %Y})", met))
    return [
        (label, _query(dataclasses.replace(found.limits, since=day, until=None)))
        for label, day in since
    ]


def _query(limits: GuideLimits, **more: str) -> str:
    """The limits (and ``more``) as a query string with its "?", or "" for none."""
    found = urlencode({**limits.query(), **more})
    return f"?{found}" if found else ""


CELL, LABEL_WIDTH, HEADER_HEIGHT, HEADER_OVERHANG = 24, 180, 120, 110
DOCUMENT_LABEL = 22  # characters of a document's title shown above its column


def _heat_map(grid: list[dict]) -> dict:
    """Where each cell of the coverage grid goes in the SVG (topics down, documents across),
    under a row of slanted document titles, one above each column."""
    columns = grid[0]["cells"] if grid else []
    rows = [
        {
            "topic": row["topic"],
            "y": HEADER_HEIGHT + i * CELL,
            "text_y": HEADER_HEIGHT + i * CELL + CELL * 2 // 3,
            "cells": [
                {**cell, "x": LABEL_WIDTH + j * CELL, "y": HEADER_HEIGHT + i * CELL}
                for j, cell in enumerate(row["cells"])
            ],
        }
        for i, row in enumerate(grid)
    ]
    labels = [
        {
            "document": cell["document"],
            "x": LABEL_WIDTH + j * CELL + CELL // 2,
            "y": HEADER_HEIGHT - 6,
        }
        for j, cell in enumerate(columns)
    ]
    return {
        "rows": rows,
        "labels": labels,
        "label_length": DOCUMENT_LABEL,
        "width": LABEL_WIDTH + len(columns) * CELL + HEADER_OVERHANG,
        "height": HEADER_HEIGHT + len(grid) * CELL,
        "size": CELL - 2,
    }


def _filename(key: str) -> str:
    # Only letters, digits and "-" in a download's name, so no header can be forged.
    return "".join(c if c.isalnum() else "-" for c in key).strip("-") or "guide"
