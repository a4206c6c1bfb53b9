"""The search page: ranked paragraphs of the current texts, optionally of one document."""

from __future__ import annotations

import math
import unicodedata

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from annotations.queries import documents_visible_to
from corpus.models import Document
from corpus.search import MAX_QUERY_LENGTH, SearchResults, parse_query, search_paragraphs
from reader.paging import check_page, page_number
from reader.snippets import snippet_html

PAGE_SIZE = 20
MAX_PAGE = 1000  # deeper than anyone reads; keeps OFFSET small


def search(request: HttpRequest) -> HttpResponse:
    q = _printable(request.GET.get("q", "")[:MAX_QUERY_LENGTH]).strip()
    page = page_number(request.GET.get("page"), last=MAX_PAGE)
    documents = list(
        documents_visible_to(request.user)
        .filter(current_version__isnull=False)
        .order_by("title")
        .only("slug", "title")
    )
    wanted = request.GET.get("document", "")
    document = next((document for document in documents if document.slug == wanted), None)

    results = None
    if q and wanted and document is None:
        # An unknown document has no paragraphs to find.
        results = SearchResults(query=parse_query(q), hits=[], total=0)
    elif q:
        results = _search_page(request, q, document, page)
        if not results.hits and page > 1:
            check_page(page, count=math.ceil(results.total / PAGE_SIZE))

    page_count = math.ceil(results.total / PAGE_SIZE) if results else 0
    return render(
        request,
        "reader/search.html",
        {
            "search_query": q,
            "results": results,
            "hits": [(hit, snippet_html(hit.snippet)) for hit in results.hits] if results else [],
            "documents": documents,
            "document": document,
            "page": page,
            "page_count": page_count,
            "first_number": (page - 1) * PAGE_SIZE + 1,
            "previous_url": _page_url(q, document, page - 1) if page > 1 else None,
            "next_url": _page_url(q, document, page + 1) if page < page_count else None,
        },
    )


def _search_page(
    request: HttpRequest, q: str, document: Document | None, page: int
) -> SearchResults:
    return search_paragraphs(
        q,
        document_slug=document.slug if document else None,
        documents=documents_visible_to(request.user),
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )


def _printable(value: str) -> str:
    # Control characters (a NUL, say) mean nothing in a query and do not belong in a page.
    return "".join(
        " " if unicodedata.category(character) == "Cc" else character for character in value
    )


def _page_url(q: str, document: Document | None, page: int) -> str:
    params: dict[str, str | int] = {"q": q}
    if document:
        params["document"] = document.slug
    if page > 1:
        params["page"] = page
    return f"{reverse('reader:search')}?{urlencode(params)}"
