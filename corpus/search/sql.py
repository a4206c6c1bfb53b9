"""What the two SQL engines share: the current-version join, the page, running the query."""

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
PAGE = (
    "page AS (SELECT m.id, m.rank, m.adjacent, count(*) OVER () AS total FROM matches m "
    "ORDER BY m.adjacent DESC, m.rank DESC, m.id LIMIT %s OFFSET %s)"
)
COLUMNS = "page.id, page.rank, page.total, p.ordinal, p.kind, p.text, d.slug, d.title, s.title"


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
) -> tuple[list[Row], int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [Row(*row[:9], marked=tuple(row[9 : 9 + marks])) for row in cursor.fetchall()]
        if rows:
            return rows, rows[0].total
        if offset == 0:
            return [], 0
        # Past the last page the window count has no row to ride on.
        cursor.execute(count_sql, count_params)
        return [], cursor.fetchone()[0]
