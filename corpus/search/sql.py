"""What the two SQL engines share: the current-version join, the page, running the query.

Each engine writes a ``matches`` CTE with one row a matching paragraph: ``id``,
``document_id``, ``rank`` (higher is better), ``adjacent`` (the plain words side by side)
and ``exact`` (every word and phrase as typed, not only a stemmed form). The page is cut
from it here, flat or grouped by document.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .query import SearchQuery
from .results import Row


def adjacent_words(parsed: SearchQuery) -> tuple[str, ...]:
    """The query's plain words, in order, if there are several: side by side, they rank first."""
    words = tuple(term.words[0] for term in parsed.of_kind("word"))
    return words if len(words) > 1 else ()


# A matching paragraph belongs to a document's current version.
CURRENT = "FROM corpus_paragraph p JOIN corpus_document d ON d.current_version_id = p.version_id"
DETAILS = (
    "JOIN corpus_paragraph p ON p.id = page.id "
    "JOIN corpus_document d ON d.current_version_id = p.version_id "
    "JOIN corpus_section s ON s.id = p.section_id"
)
# Best first: the words side by side, then the words as typed, then the engine's rank.
ORDER = "m.adjacent DESC, m.exact DESC, m.rank DESC, m.id"
FLAT_PAGE = (
    "page AS (SELECT m.id, m.rank, count(*) OVER () AS total, 0 AS in_document, "
    f"0 AS documents, 0 AS group_order, row_number() OVER (ORDER BY {ORDER}) AS position "
    f"FROM matches m ORDER BY {ORDER} LIMIT %s OFFSET %s)"
)
# Documents ordered by their best paragraph; a page holds ``limit`` documents and at most
# ``per_document`` paragraphs of each.
GROUPED_PAGE = (
    "ranked AS (SELECT m.id, m.document_id, m.rank, m.adjacent, m.exact, "
    f"row_number() OVER (PARTITION BY m.document_id ORDER BY {ORDER}) AS position, "
    "count(*) OVER (PARTITION BY m.document_id) AS in_document, count(*) OVER () AS total "
    "FROM matches m), "
    f"groups AS (SELECT m.document_id, row_number() OVER (ORDER BY {ORDER}) AS group_order, "
    "count(*) OVER () AS documents FROM ranked m WHERE m.position = 1 "
    f"ORDER BY {ORDER} LIMIT %s OFFSET %s), "
    "page AS (SELECT r.id, r.rank, r.total, r.in_document, g.documents, g.group_order, "
    "r.position FROM ranked r JOIN groups g ON g.document_id = r.document_id "
    "WHERE r.position <= %s)"
)
PAGE_ORDER = "ORDER BY page.group_order, page.position"
COLUMNS = (
    "page.id, page.rank, page.total, page.in_document, page.documents, "
    "p.ordinal, p.kind, p.text, d.slug, d.title, s.title"
)


def page(limit: int, offset: int, per_document: int | None) -> tuple[str, list[object]]:
    """The ``page`` CTE (after ``matches``) and its parameters."""
    if per_document is None:
        return FLAT_PAGE, [limit, offset]
    return GROUPED_PAGE, [limit, offset, per_document]


def count(matches: str) -> str:
    """Every match and every document matched, for a page past the last one."""
    return f"WITH {matches} SELECT count(*), count(DISTINCT document_id) FROM matches"


def among(documents: QuerySet | None) -> tuple[str, list[object]]:
    """A condition on ``d`` (the document) keeping the caller's ``documents`` (a queryset
    of documents, as a subquery: who may read which is not the corpus's to know)."""
    if documents is None:
        return "", []
    sql, params = documents.values("pk").query.sql_with_params()
    return f"d.id IN ({sql})", list(params)


def run(
    sql: str,
    params: list[object],
    count_sql: str,
    count_params: list[object],
    *,
    marks: int,
    offset: int,
) -> tuple[list[Row], int, int]:
    """The page's rows, every match's count and the count of documents matched (0 on a
    flat page that has rows: only a grouped page counts them)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [Row(*row[:11], marked=tuple(row[11 : 11 + marks])) for row in cursor.fetchall()]
        if rows:
            return rows, rows[0].total, rows[0].documents
        if offset == 0:
            return [], 0, 0
        # Past the last page the window count has no row to ride on.
        cursor.execute(count_sql, count_params)
        total, documents = cursor.fetchone()
        return [], total, documents
