"""Full-text search over the paragraphs of each document's current version.

Two parts, usable apart:

- ``parse_query`` turns whatever a reader typed into a ``SearchQuery`` of words, prefixes
  (``collectivi*``) and phrases (``"five year plan"``). It never fails: operators and
  punctuation of any search syntax are dropped, so nothing typed reaches a database's
  query language. Later searches (annotations) reuse it.
- ``search_paragraphs`` runs a parsed query on SQLite FTS5 or PostgreSQL full-text
  search (a plain ``icontains`` elsewhere) and returns ranked hits, each with a snippet:
  an excerpt of the paragraph and where the matches are in it, as offsets (the reader
  app makes them HTML).

Stemmed indexes cannot answer prefixes: "collectivization" is stored as the stem
``collectiv``, which ``collectivi*`` does not match. So words and phrases are matched
against a stemmed index (SQLite ``porter``, PostgreSQL ``english``) and prefixes against
an unstemmed one over the same text (SQLite ``unicode61``, PostgreSQL ``simple``); the
indexes are created in migration ``corpus.0002_paragraph_search``.

The modules: ``query.py`` parses; ``sqlite.py``, ``postgresql.py`` and ``fallback.py``
search, one engine each (``sql.py`` holds what the first two share); ``snippets.py``
reads the matches the engine marked and picks the excerpt to show.
"""

from __future__ import annotations

import logging

from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import QuerySet

from . import fallback, postgresql, sqlite
from .query import MAX_QUERY_LENGTH, MAX_TERMS, SearchQuery, Term, parse_query
from .results import Row, SearchHit, SearchResults
from .snippets import MARK_END, MARK_START, Snippet, marked_spans, snippet_around

__all__ = [
    "MARK_END",
    "MARK_START",
    "MAX_QUERY_LENGTH",
    "MAX_TERMS",
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "Snippet",
    "Term",
    "marked_spans",
    "match_spans",
    "parse_query",
    "search_paragraphs",
]

logger = logging.getLogger(__name__)


def search_paragraphs(
    query: str,
    *,
    document_slug: str | None = None,
    limit: int = 20,
    offset: int = 0,
    documents: QuerySet | None = None,
    per_document: int | None = None,
) -> SearchResults:
    """Paragraphs of current document versions matching every term of ``query``, best first.

    ``total`` counts all matches; ``hits`` holds at most ``limit`` of them from ``offset``.
    A query with no usable terms, an unknown ``document_slug`` or a query the database
    rejects (logged as a warning) gives no hits. ``documents`` (a queryset of documents,
    the caller's to decide) keeps only their paragraphs. With ``per_document``, results
    are grouped by document: ``limit`` and ``offset`` count documents (best paragraph
    first), each with at most ``per_document`` hits, each hit with ``in_document``, its
    document's matches, and ``documents`` counts every document matched. Reads only: one
    query (a second to count the matches when ``offset`` is past the last one), inside a
    savepoint on PostgreSQL.
    """
    parsed = parse_query(query)
    limit, offset = max(0, limit), max(0, offset)
    if parsed.is_empty or limit == 0:
        return SearchResults(query=parsed, hits=[], total=0)
    search = {"sqlite": sqlite.search, "postgresql": postgresql.search}.get(
        connection.vendor, fallback.search
    )
    try:
        if connection.vendor == "postgresql":
            # A failed statement must not abort a transaction the caller is in.
            with transaction.atomic():
                rows, total, matched = search(
                    parsed, document_slug, limit, offset, documents, per_document
                )
        else:
            rows, total, matched = search(
                parsed, document_slug, limit, offset, documents, per_document
            )
    # SQLite reports a bad MATCH as OperationalError, PostgreSQL a bad tsquery as ProgrammingError.
    except (OperationalError, DataError, ProgrammingError) as error:
        logger.warning("search for %r failed: %s", query[:MAX_QUERY_LENGTH], error)
        return SearchResults(query=parsed, hits=[], total=0)
    hits = [_hit(row) for row in rows]
    return SearchResults(query=parsed, hits=hits, total=total, documents=matched)


def match_spans(query: str, paragraphs: dict[int, str]) -> dict[int, list[tuple[int, int]]]:
    """Where any term of ``query`` is in each of ``paragraphs`` (id -> its text), as
    ``[start, end)`` offsets in the text, for the reading page to mark what a search
    found. Paragraphs without a match are left out. One query; none for a query without
    words or on a database without full-text search; nothing if the database refuses it.
    """
    parsed = parse_query(query)
    engine = {"sqlite": sqlite.marked, "postgresql": postgresql.marked}.get(connection.vendor)
    if parsed.is_empty or not paragraphs or engine is None:
        return {}
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                rows = engine(parsed, list(paragraphs))
        else:
            rows = engine(parsed, list(paragraphs))
    except (OperationalError, DataError, ProgrammingError) as error:
        logger.warning("marking %r failed: %s", query[:MAX_QUERY_LENGTH], error)
        return {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for paragraph_id, marked in rows:
        found = marked_spans(paragraphs.get(paragraph_id, ""), marked)
        if found:
            spans.setdefault(paragraph_id, []).extend(found)
    return {pid: sorted(set(found)) for pid, found in spans.items()}


def _hit(row: Row) -> SearchHit:
    spans = [span for marked in row.marked for span in marked_spans(row.text, marked)]
    return SearchHit(
        paragraph_id=row.paragraph_id,
        document_slug=row.document_slug,
        document_title=row.document_title,
        ordinal=row.ordinal,
        section_title=row.section_title,
        kind=row.kind,
        rank=float(row.rank or 0.0),
        in_document=row.in_document,
        snippet=snippet_around(row.text, spans),
    )
