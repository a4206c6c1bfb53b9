"""PostgreSQL: GIN-indexed stored tsvector columns search_english and search_simple."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet

from .query import SearchQuery, Term
from .results import Row
from .snippets import MARK_END, MARK_START
from .sql import COLUMNS, CURRENT, DETAILS, PAGE, adjacent_words, among, run


def _tsquery_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery_expression(terms: Sequence[Term]) -> str:
    parts = []
    for term in terms:
        lexemes = [_tsquery_lexeme(word) for word in term.words]
        if term.kind == "prefix":
            parts.append(lexemes[0] + ":*")
        else:
            parts.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(parts)


def search(
    parsed: SearchQuery,
    document_slug: str | None,
    limit: int,
    offset: int,
    documents: QuerySet | None = None,
) -> tuple[list[Row], int]:
    configs = []  # (text search configuration, tsquery text)
    if stemmed := parsed.of_kind("word", "phrase"):
        configs.append(("english", _tsquery_expression(stemmed)))
    if prefixes := parsed.of_kind("prefix"):
        configs.append(("simple", _tsquery_expression(prefixes)))
    query_params = [expression for _, expression in configs]

    def vector(config: str) -> str:
        # The stored, indexed columns of migration 0003.
        return f"p.search_{config}"

    def tsquery(config: str) -> str:
        return f"to_tsquery('{config}'::regconfig, %s)"

    select_params: list[object] = []
    adjacent = "false"
    if words := adjacent_words(parsed):
        adjacent = f"{vector('english')} @@ {tsquery('english')}"
        select_params.append(_tsquery_expression([Term("phrase", words)]))
    # Normalisation 1: divide by 1 + log(length), so that long paragraphs do not win by size.
    rank = " + ".join(
        f"ts_rank_cd({vector(config)}, {tsquery(config)}, 1)" for config, _ in configs
    )
    where = " AND ".join(f"{vector(config)} @@ {tsquery(config)}" for config, _ in configs)
    filter_params: list[object] = []
    if document_slug is not None:
        where += " AND d.slug = %s"
        filter_params.append(document_slug)
    allowed, allowed_params = among(documents)
    if allowed:
        where += f" AND {allowed}"
        filter_params += allowed_params
    matches = (
        f"matches AS MATERIALIZED (SELECT p.id AS id, {rank} AS rank, {adjacent} AS adjacent "
        f"{CURRENT} WHERE {where})"
    )
    highlights = ", ".join(
        f"ts_headline('{config}'::regconfig, p.text, {tsquery(config)}, %s)"
        for config, _ in configs
    )
    sql = (
        f"WITH {matches}, {PAGE} SELECT {COLUMNS}, {highlights} FROM page {DETAILS} "
        "ORDER BY page.adjacent DESC, page.rank DESC, page.id"
    )
    options = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
    params = [
        *select_params,
        *query_params,  # rank
        *query_params,  # where
        *filter_params,
        limit,
        offset,
        *[value for expression in query_params for value in (expression, options)],
    ]
    count_sql = f"WITH {matches} SELECT count(*) FROM matches"
    count_params = [*select_params, *query_params, *query_params, *filter_params]
    return run(sql, params, count_sql, count_params, marks=len(configs), offset=offset)
