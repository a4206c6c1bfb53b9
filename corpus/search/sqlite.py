"""SQLite: FTS5 tables corpus_paragraph_fts (porter) and corpus_paragraph_fts_prefix."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from .query import SearchQuery, Term
from .results import Row
from .snippets import MARK_END, MARK_START
from .sql import COLUMNS, CURRENT, DETAILS, PAGE_ORDER, adjacent_words, among, count, page, run

STEMMED = "corpus_paragraph_fts"
UNSTEMMED = "corpus_paragraph_fts_prefix"


def fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def fts5_expression(terms: Sequence[Term], joined: str = " AND ") -> str:
    parts = []
    for term in terms:
        parts.append(fts5_string(" ".join(term.words)) + ("*" if term.kind == "prefix" else ""))
    return joined.join(parts)


def _tables(parsed: SearchQuery, joined: str = " AND ") -> list[tuple[str, str]]:
    """(FTS5 table, MATCH expression): words and phrases stemmed, prefixes unstemmed."""
    tables = []
    if stemmed := parsed.of_kind("word", "phrase"):
        tables.append((STEMMED, fts5_expression(stemmed, joined)))
    if prefixes := parsed.of_kind("prefix"):
        tables.append((UNSTEMMED, fts5_expression(prefixes, joined)))
    return tables


def search(
    parsed: SearchQuery,
    document_slug: str | None,
    limit: int,
    offset: int,
    documents: QuerySet | None = None,
    per_document: int | None = None,
) -> tuple[list[Row], int, int]:
    tables = _tables(parsed)
    # Each index is searched once, on its own: joined, SQLite would search the second
    # index again for every row of the first. bm25() is lower for better matches.
    ctes, params = [], []
    for number, (table, expression) in enumerate(tables):
        ctes.append(
            f"found_{number} AS MATERIALIZED (SELECT rowid AS id, bm25({table}) AS score "
            f"FROM {table} WHERE {table} MATCH %s)"
        )
        params.append(expression)
    adjacent = "0"
    if words := adjacent_words(parsed):
        adjacent = f"p.id IN (SELECT rowid FROM {STEMMED} WHERE {STEMMED} MATCH %s)"
        params.append(fts5_string(" ".join(words)))
    # The words as typed, in the unstemmed index: "socialism" before "Social harmony".
    exact = "1"
    if as_typed := parsed.of_kind("word", "phrase"):
        exact = f"p.id IN (SELECT rowid FROM {UNSTEMMED} WHERE {UNSTEMMED} MATCH %s)"
        params.append(fts5_expression(as_typed))
    rank = " + ".join(f"found_{number}.score" for number in range(len(tables)))
    joins = " ".join(
        f"JOIN found_{number} ON found_{number}.id = p.id" for number in range(len(tables))
    )
    conditions = []
    if document_slug is not None:
        conditions.append("d.slug = %s")
        params.append(document_slug)
    allowed, allowed_params = among(documents)
    if allowed:
        conditions.append(allowed)
        params += allowed_params
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    # Materialised: FTS5's functions cannot share a SELECT with the window that counts.
    ctes.append(
        f"matches AS MATERIALIZED (SELECT p.id AS id, d.id AS document_id, -({rank}) AS rank, "
        f"{adjacent} AS adjacent, {exact} AS exact {CURRENT} {joins} {where})"
    )
    count_sql = count(", ".join(ctes))
    count_params = list(params)

    page_sql, page_params = page(limit, offset, per_document)
    ctes.append(page_sql)
    params += page_params
    # Highlighting only the page's paragraphs keeps a common word cheap. The unary plus
    # keeps SQLite from re-running the MATCH once per page row instead of once in all.
    for number, (table, expression) in enumerate(tables):
        ctes.append(
            f"marks_{number} AS MATERIALIZED (SELECT rowid AS id, "
            f"highlight({table}, 0, %s, %s) AS marked FROM {table} "
            f"WHERE {table} MATCH %s AND +rowid IN (SELECT id FROM page))"
        )
        params += [MARK_START, MARK_END, expression]
    marks = ", ".join(f"marks_{number}.marked" for number in range(len(tables)))
    mark_joins = " ".join(
        f"LEFT JOIN marks_{number} ON marks_{number}.id = page.id" for number in range(len(tables))
    )
    sql = (
        f"WITH {', '.join(ctes)} SELECT {COLUMNS}, {marks} FROM page {DETAILS} {mark_joins} "
        f"{PAGE_ORDER}"
    )
    return run(sql, params, count_sql, count_params, marks=len(tables), offset=offset)


def marked(parsed: SearchQuery, paragraph_ids: list[int]) -> list[tuple[int, str]]:
    """The paragraphs of ``paragraph_ids`` holding any term, each with its text marked
    (a paragraph once an index), in one query."""
    selects, params = [], []
    placeholders = ", ".join(["%s"] * len(paragraph_ids))
    for table, expression in _tables(parsed, joined=" OR "):
        selects.append(
            f"SELECT rowid, highlight({table}, 0, %s, %s) FROM {table} "
            f"WHERE {table} MATCH %s AND +rowid IN ({placeholders})"
        )
        params += [MARK_START, MARK_END, expression, *paragraph_ids]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return cursor.fetchall()
