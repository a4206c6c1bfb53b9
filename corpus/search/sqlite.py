"""SQLite: FTS5 tables corpus_paragraph_fts (porter) and corpus_paragraph_fts_prefix."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from .query import SearchQuery, Term
from .results import Row
from .snippets import MARK_END, MARK_START
from .sql import COLUMNS, CURRENT, DETAILS, PAGE, adjacent_words, among, run


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts5_expression(terms: Sequence[Term]) -> str:
    parts = []
    for term in terms:
        parts.append(_fts5_string(" ".join(term.words)) + ("*" if term.kind == "prefix" else ""))
    return " AND ".join(parts)


def search(
    parsed: SearchQuery,
    document_slug: str | None,
    limit: int,
    offset: int,
    documents: QuerySet | None = None,
) -> tuple[list[Row], int]:
    tables = []  # (FTS5 table, MATCH expression)
    if stemmed := parsed.of_kind("word", "phrase"):
        tables.append(("corpus_paragraph_fts", _fts5_expression(stemmed)))
    if prefixes := parsed.of_kind("prefix"):
        tables.append(("corpus_paragraph_fts_prefix", _fts5_expression(prefixes)))

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
        adjacent = (
            "p.id IN (SELECT rowid FROM corpus_paragraph_fts WHERE corpus_paragraph_fts MATCH %s)"
        )
        params.append(_fts5_string(" ".join(words)))
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
        f"matches AS MATERIALIZED (SELECT p.id AS id, -({rank}) AS rank, {adjacent} AS adjacent "
        f"{CURRENT} {joins} {where})"
    )
    count_sql = f"WITH {', '.join(ctes)} SELECT count(*) FROM matches"
    count_params = list(params)

    ctes.append(PAGE)
    params += [limit, offset]
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
        "ORDER BY page.adjacent DESC, page.rank DESC, page.id"
    )
    return run(sql, params, count_sql, count_params, marks=len(tables), offset=offset)
