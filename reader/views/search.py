"""The search page: the texts' paragraphs, grouped by document, or the notes a reader may
see (annotations and replies), in two tabs that each say how many they hold."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString

from annotations.queries import documents_visible_to
from annotations.search import NoteHit, NoteResults, count_notes, search_notes
from corpus.models import Document
from corpus.search import MAX_QUERY_LENGTH, SearchHit, SearchResults, search_paragraphs
from reader.snippets import snippet_html

PAGE_SIZE = 20  # paragraphs of one document, or notes
DOCUMENTS_PER_PAGE = 10  # across documents: each with its best few paragraphs
PER_DOCUMENT = 3
MAX_PAGE = 1000  # deeper than anyone reads; keeps OFFSET small
TEXTS, NOTES = "texts", "notes"


@dataclass
class Group:
    """A document's best hits on the page, and how many more it holds."""

    slug: str
    title: str
    hits: list[tuple[SearchHit, SafeString, str]]  # the hit, its snippet, its link
    more: int
    more_url: str


def search(request: HttpRequest) -> HttpResponse:
    q = _printable(request.GET.get("q", "")[:MAX_QUERY_LENGTH]).strip()
    tab = NOTES if request.GET.get("tab") == NOTES else TEXTS
    page = _page_number(request.GET.get("page"))
    documents = list(
        documents_visible_to(request.user)
        .filter(current_version__isnull=False)
        .order_by("title")
        .only("slug", "title")
    )
    wanted = request.GET.get("document", "")
    document = next((document for document in documents if document.slug == wanted), None)
    # An unknown document has nothing to find.
    unknown = bool(wanted) and document is None
    slug = document.slug if document else None

    texts = notes = None
    texts_total = notes_total = 0
    if q and not unknown:
        if tab == TEXTS:
            texts = _texts_page(request, q, document, page)
            notes_total = count_notes(q, user=request.user, document_slug=slug)
            texts_total = texts.total
        else:
            notes = search_notes(
                q,
                user=request.user,
                document_slug=slug,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
            )
            texts_total = _texts_count(request, q, document)
            notes_total = notes.total
    if tab == TEXTS:
        per_page = PAGE_SIZE if document else DOCUMENTS_PER_PAGE
        units = (texts.total if document else texts.documents) if texts else 0
    else:
        per_page, units = PAGE_SIZE, notes_total
    page_count = math.ceil(units / per_page)
    if page > max(1, page_count):
        raise Http404("There is no such page of results.")

    def url(*, tab: str = tab, page: int = 1) -> str:
        return _url(q, slug, tab, page=page)

    return render(
        request,
        "reader/search.html",
        {
            "search_query": q,
            "tab": tab,
            "tabs": [
                {"name": TEXTS, "label": "Texts", "count": texts_total, "url": url(tab=TEXTS)},
                {"name": NOTES, "label": "Notes", "count": notes_total, "url": url(tab=NOTES)},
            ],
            "asked": bool(q),
            "results": texts if tab == TEXTS else notes,
            "groups": _groups(texts, q) if texts and not document else [],
            "hits": _flat(texts, q) if texts and document else [],
            "notes": _notes(notes, q) if notes else [],
            "documents": documents,
            "document": document,
            "page": page,
            "page_count": page_count,
            "first_number": (page - 1) * per_page + 1,
            "previous_url": url(page=page - 1) if page > 1 else None,
            "next_url": url(page=page + 1) if page < page_count else None,
        },
    )


def _page_number(value: str | None) -> int:
    """``?page=``: a page from 1 to MAX_PAGE, else 404 (never silently page 1)."""
    if value is None:
        return 1
    if value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= MAX_PAGE:
        return int(value)
    raise Http404("There is no such page of results.")


def _texts_page(
    request: HttpRequest, q: str, document: Document | None, page: int
) -> SearchResults:
    if document is not None:
        return search_paragraphs(
            q,
            document_slug=document.slug,
            documents=documents_visible_to(request.user),
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    return search_paragraphs(
        q,
        documents=documents_visible_to(request.user),
        limit=DOCUMENTS_PER_PAGE,
        offset=(page - 1) * DOCUMENTS_PER_PAGE,
        per_document=PER_DOCUMENT,
    )


def _texts_count(request: HttpRequest, q: str, document: Document | None) -> int:
    """How many paragraphs match, for the Texts tab seen from the Notes tab: one query."""
    return search_paragraphs(
        q,
        document_slug=document.slug if document else None,
        documents=documents_visible_to(request.user),
        limit=1,
    ).total


def _hit_url(hit: SearchHit, q: str) -> str:
    """The paragraph in its chapter, with the words marked (reader/views/reading.py)."""
    url = reverse("reader:paragraph", args=[hit.document_slug, hit.ordinal])
    return f"{url}?{urlencode({'in': 'context', 'hl': q})}"


def _flat(results: SearchResults, q: str) -> list[tuple[SearchHit, SafeString, str]]:
    return [(hit, snippet_html(hit.snippet), _hit_url(hit, q)) for hit in results.hits]


def _groups(results: SearchResults, q: str) -> list[Group]:
    groups: dict[str, Group] = {}
    for hit in results.hits:
        group = groups.get(hit.document_slug)
        if group is None:
            group = groups[hit.document_slug] = Group(
                slug=hit.document_slug,
                title=hit.document_title,
                hits=[],
                more=0,
                more_url=_url(q, hit.document_slug, TEXTS),
            )
        group.hits.append((hit, snippet_html(hit.snippet), _hit_url(hit, q)))
        group.more = hit.in_document - len(group.hits)
    return list(groups.values())


@dataclass
class NoteView:
    hit: NoteHit
    quote: SafeString
    comment: SafeString | None
    body: SafeString | None
    url: str


def _notes(results: NoteResults, q: str) -> list[NoteView]:
    views = []
    for hit in results.hits:
        annotation = hit.annotation
        ordinal = annotation.ordinal or 1
        params: dict[str, str | int] = {"in": "context", "hl": q}
        if annotation.version_id != annotation.document.current_version_id:
            params["from"] = annotation.version.number
        url = reverse("reader:paragraph", args=[annotation.document.slug, ordinal])
        views.append(
            NoteView(
                hit=hit,
                quote=snippet_html(hit.quote),
                comment=snippet_html(hit.comment) if hit.comment else None,
                body=snippet_html(hit.body) if hit.body else None,
                url=f"{url}?{urlencode(params)}",
            )
        )
    return views


def _printable(value: str) -> str:
    # Control characters (a NUL, say) mean nothing in a query and do not belong in a page.
    return "".join(
        " " if unicodedata.category(character) == "Cc" else character for character in value
    )


def _url(q: str, slug: str | None, tab: str, *, page: int = 1) -> str:
    params: dict[str, str | int] = {"q": q}
    if slug:
        params["document"] = slug
    if tab == NOTES:
        params["tab"] = NOTES
    if page > 1:
        params["page"] = page
    return f"{reverse('reader:search')}?{urlencode(params)}"
