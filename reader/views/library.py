"""The library, each document's page, and removing a document from its library."""

from __future__ import annotations

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from annotations import permissions
from annotations.circles.queries import reading_lists_for_user
from annotations.guides.queries import most_marked_passages
from annotations.library import library_text_counts, library_text_remove
from annotations.queries import (
    get_document_for_user,
    library_for_user,
    moving_to_current_version,
)
from corpus.queries import (
    outline_for,
    section_titles_by_version,
    version_description,
    versions_of,
)
from reader.forms import RemoveTextForm
from reader.queries import positions_for_user

WORDS_PER_MINUTE = 230


def library(request: HttpRequest) -> HttpResponse:
    every = library_for_user(request.user)
    shelves = _shelves(every)
    shelf = request.GET.get("library", "")
    if shelf not in {slug for slug, _ in shelves}:
        shelf = ""
    # Narrowed here, not in the query: the shelves come from the whole library.
    documents = [document for document in every if _on_shelf(document, shelf)]
    contents = section_titles_by_version(
        [document.current_version_id for document in documents], max_level=2
    )
    positions = positions_for_user(request.user)
    entries = []
    for document in documents:
        position = positions.get(document.id)
        entries.append(
            {
                "document": document,
                "minutes": reading_minutes(document.current_version.word_count),
                "contents": contents[document.current_version_id],
                "position": position,
                "percent": _percent(position.ordinal, document.paragraph_count)
                if position
                else None,
            }
        )
    return render(
        request,
        "reader/library.html",
        {
            "entries": entries,
            "reading_list": reading_lists_for_user(request.user),
            "can_add": permissions.can_add_somewhere(request.user),
            "shelves": shelves if len(shelves) > 2 else [],
            "shelf": shelf,
        },
    )


def _shelves(documents) -> list[tuple[str, str]]:
    """The library filter's choices: all, the public library, then each circle of the
    reader's with texts here ("circle:<slug>"), by name."""
    circles = {d.library_circle.slug: d.library_circle for d in documents if d.library_circle}
    named = sorted(circles.values(), key=lambda circle: (circle.name, circle.slug))
    return [("", "All"), ("public", "Public")] + [
        (f"circle:{circle.slug}", circle.name) for circle in named
    ]


def _on_shelf(document, shelf: str) -> bool:
    if not shelf:
        return True
    if shelf == "public":
        return document.library_circle is None
    return document.library_circle is not None and shelf == f"circle:{document.library_circle.slug}"


def document(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_document_for_user(request.user, slug)
    outline = outline_for(document.current_version_id, document_title=document.title)
    position = positions_for_user(request.user).get(document.id)
    first_unit = outline.units[0] if outline.units else None
    return render(
        request,
        "reader/document.html",
        {
            "document": document,
            "version": document.current_version,
            "outline": outline,
            "toc": _toc(outline.root.children),
            "versions": _versions_with_links(document),
            "minutes": reading_minutes(document.current_version.word_count),
            "first_unit": first_unit,
            "position": position,
            "percent": _percent(position.ordinal, outline.last_ordinal) if position else None,
            "most_marked": most_marked_passages(
                request.user, version_id=document.current_version_id
            ),
            "moving": moving_to_current_version(request.user, document),
            "description": version_description(document.current_version_id),
            "can_add_version": permissions.can_add_version(request.user, document),
            "can_remove": permissions.can_remove_text(request.user, document),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def remove(request: HttpRequest, slug: str) -> HttpResponse:
    """What removing a document takes with it, an export first, and the confirmation:
    404 for a document the reader may not see, 403 for one they may not remove."""
    document = get_document_for_user(request.user, slug)
    try:
        permissions.check_can_remove_text(request.user, document)
    except PermissionDenied as error:
        return render(
            request,
            "reader/remove_forbidden.html",
            {"document": document, "reason": str(error)},
            status=403,
        )
    bound = request.method == "POST"
    form = RemoveTextForm(request.POST if bound else None, title=document.title)
    if bound and form.is_valid():
        library_text_remove(document=document, actor=request.user)
        messages.success(request, f"“{document.title}” is removed, with everything on it.")
        return redirect("reader:library")
    circle = document.library_circle
    return render(
        request,
        "reader/remove.html",
        {
            "document": document,
            "form": form,
            "counts": library_text_counts(document),
            "versions": versions_of(document),
            "export_scope": f"{permissions.CIRCLE_PREFIX}{circle.slug}"
            if circle
            else permissions.PUBLIC,
        },
        status=400 if form.errors else 200,
    )


def continue_reading(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the document where this reader left off, or at its beginning."""
    document = get_document_for_user(request.user, slug)
    outline = outline_for(document.current_version_id, document_title=document.title)
    position = positions_for_user(request.user).get(document.id)
    unit = outline.unit_for_ordinal(position.ordinal) if position else None
    if unit is None:
        if not outline.units:
            return redirect("reader:document", slug=slug)
        return redirect("reader:section", slug=slug, order=outline.units[0].order)
    url = reverse("reader:section", args=[slug, unit.order])
    return redirect(f"{url}#p-{position.ordinal}")


def _versions_with_links(document) -> list:
    """The Versions table, newest first: each version with ``url`` (read at its own
    address) and ``compare_url`` (beside the one before it; None for the first)."""
    versions = versions_of(document)
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        version.url = reverse("reader:version", args=[document.slug, version.number])
        version.compare_url = (
            reverse("reader:compare", args=[document.slug, previous.number, version.number])
            if previous
            else None
        )
    return versions


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE)) if words else 0


def _percent(ordinal: int, total: int) -> int:
    return min(100, round(100 * ordinal / total)) if total else 0


def _toc(nodes) -> list[dict]:
    return [{"section": node.section, "children": _toc(node.children)} for node in nodes]
