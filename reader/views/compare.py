"""Two versions of a document side by side: /read/<slug>/compare/<a>/<b>/."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from annotations.margin import annotations_for_range
from annotations.queries import get_versions_for_user
from corpus.compare import collapse, counts, diff_paragraphs
from corpus.models import Document, DocumentVersion, Paragraph
from corpus.queries import paragraphs_by_version
from reader.compare_presenters import Side, present_blocks


def compare(request: HttpRequest, slug: str, a: int, b: int) -> HttpResponse:
    """Version ``a`` (left) against version ``b`` (right). One URL per pair: the older
    version always goes on the left, so ``b/a`` redirects to ``a/b``."""
    if a == b:
        raise Http404("A version is not compared with itself")
    if a > b:
        return redirect("reader:compare", slug=slug, a=b, b=a)
    old_version, new_version = get_versions_for_user(request.user, slug, (a, b))
    paragraphs = paragraphs_by_version([old_version.pk, new_version.pk])
    old = _side(request, old_version, paragraphs[old_version.pk])
    new = _side(request, new_version, paragraphs[new_version.pk])
    rows = diff_paragraphs(
        [paragraph.text for paragraph in old.paragraphs],
        [paragraph.text for paragraph in new.paragraphs],
    )
    # Headings stay in view among collapsed paragraphs: they say where a change is.
    blocks = collapse(
        rows, keep=lambda row: old.paragraphs[row.old[0]].kind == Paragraph.Kind.HEADING
    )
    document = old_version.document
    return render(
        request,
        "reader/compare.html",
        {
            "document": document,
            "old_version": old_version,
            "new_version": new_version,
            "old_url": _version_url(document, old_version),
            "new_url": _version_url(document, new_version),
            "counts": counts(rows),
            "blocks": present_blocks(blocks, old, new),
        },
    )


def _side(request: HttpRequest, version: DocumentVersion, paragraphs: list[Paragraph]) -> Side:
    """A version's paragraphs and every annotation on it the reader may see (one query)."""
    end = paragraphs[-1].end if paragraphs else 0
    annotations = annotations_for_range(
        request.user, version_id=version.pk, start=0, end=end, layer="all"
    )
    return Side(paragraphs, annotations)


def _version_url(document: Document, version: DocumentVersion) -> str:
    if version.pk == document.current_version_id:
        return reverse("reader:document", args=[document.slug])
    return reverse("reader:version", args=[document.slug, version.number])
