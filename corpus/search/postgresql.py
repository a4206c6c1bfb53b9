"""PostgreSQL: GIN-indexed stored tsvector columns search_english and search_simple."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import QuerySet

from .query import SearchQuery, Term
from .results import Row
from .snippets import MARK_END, MARK_START
from .sql import COLUMNS, CURRENT, DETAILS, PAGE_ORDER, adjacent_words, among, count, page, run

HEADLINE_OPTIONS = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"


def tsquery_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_expression(terms: Sequence[Term], joined: str = " & ") -> str:
    parts = []
    for term in terms:
        lexemes = [tsquery_lexeme(word) for word in term.words]
        if term.kind == "prefix":
            parts.append(lexemes[0] + ":*")
        else:
            parts.append("(" + " <-> ".join(lexemes) + ")")
    return joined.join(parts)


def _configs(parsed: SearchQuery, joined: str = " & ") -> list[tuple[str, str]]:
    """(text search configuration, tsquery text): words and phrases stemmed (english),
    prefixes unstemmed (simple)."""
    configs = []
    if stemmed := parsed.of_kind("word", "phrase"):
        configs.append(("english", tsquery_expression(stemmed, joined)))
    if prefixes := parsed.of_kind("prefix"):
        configs.append(("simple", tsquery_expression(prefixes, joined)))
    return configs


def _vector(config: str) -> str:
    # The stored, indexed columns of migration 0003.
    return f"p.search_{config}"


def _tsquery(config: str) -> str:
    return f"to_tsquery('{config}'::regconfig, %s)"


def search(
    parsed: SearchQuery,
    document_slug: str | None,
    limit: int,
    offset: int,
    documents: QuerySet | None = None,
    per_document: int | None = None,
) -> tuple[list[Row], int, int]:
    configs = _configs(parsed)
    query_params = [expression for _, expression in configs]

    select_params: list[object] = []
    adjacent = "false"
    if words := adjacent_words(parsed):
        adjacent = f"{_vector('english')} @@ {_tsquery('english')}"
        select_params.append(tsquery_expression([Term("phrase", words)]))
    # The words as typed, in the unstemmed vector: "socialism" before "Social harmony".
    exact = "true"
    if as_typed := parsed.of_kind("word", "phrase"):
        exact = f"{_vector('simple')} @@ {_tsquery('simple')}"
        select_params.append(tsquery_expression(as_typed))
    # Normalisation 1: divide by 1 + log(length), so that long paragraphs do not win by size.
    rank = " + ".join(
        f"ts_rank_cd({_vector(config)}, {_tsquery(config)}, 1)" for config, _ in configs
    )
    where = " AND ".join(f"{_vector(config)} @@ {_tsquery(config)}" for config, _ in configs)
    filter_params: list[object] = []
    if document_slug is not None:
        where += " AND d.slug = %s"
        filter_params.append(document_slug)
    allowed, allowed_params = among(documents)
    if allowed:
        where += f" AND {allowed}"
        filter_params += allowed_params
    matches = (
        # Parameters in order: adjacent and exact (select_params), then rank, then where.
        f"matches AS MATERIALIZED (SELECT p.id AS id, d.id AS document_id, "
        f"{adjacent} AS adjacent, {exact} AS exact, {rank} AS rank {CURRENT} WHERE {where})"
    )
    highlights = ", ".join(
        f"ts_headline('{config}'::regconfig, p.text, {_tsquery(config)}, %s)"
        for config, _ in configs
    )
    page_sql, page_params = page(limit, offset, per_document)
    sql = (
        f"WITH {matches}, {page_sql} SELECT {COLUMNS}, {highlights} "
        f"FROM page {DETAILS} {PAGE_ORDER}"
    )
    matches_params = [*select_params, *query_params, *query_params, *filter_params]
    params = [
        *matches_params,
        *page_params,
        *[value for expression in query_params for value in (expression, HEADLINE_OPTIONS)],
    ]
    return run(sql, params, count(matches), matches_params, marks=len(configs), offset=offset)


def marked(parsed: SearchQuery, paragraph_ids: list[int]) -> list[tuple[int, str]]:
    """The paragraphs of ``paragraph_ids`` holding any term, each with its text marked
    (a paragraph once a configuration), in one query."""
    selects, params = [], []
    for config, expression in _configs(parsed, joined=" | "):
        selects.append(
            f"SELECT p.id, ts_headline('{config}'::regconfig, p.text, {_tsquery(config)}, %s) "
            f"FROM corpus_paragraph p "
            f"WHERE p.id = ANY(%s) AND {_vector(config)} @@ {_tsquery(config)}"
        )
        params += [expression, HEADLINE_OPTIONS, list(paragraph_ids), expression]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return cursor.fetchall()
