"""Search over notes: the annotations (quote, comment, tags) and replies a reader may see.

The words are parsed as the texts' search parses them (``corpus.search.parse_query``) and
matched in full-text indexes over quotes, comments and reply bodies (migration 0010:
SQLite FTS5 tables kept by triggers, PostgreSQL stored tsvector columns with GIN
indexes), stemmed as the texts are; an annotation whose tag *is* the query (``nep``,
``state capitalism`` for ``state-capitalism``) matches too, and ranks first. Prefixes
(``collectivi*``) are matched against the stems.

Who may see what is not decided here: each match is checked by
``queries.annotations_visible_to`` or ``queries.replies_visible_to``, looked up by its id
inside the one query, so the index is searched first and only its matches are checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from annotations.models import Annotation, Reply
from annotations.permissions import User
from annotations.queries import annotations_visible_to, replies_visible_to, tags_by_annotation
from corpus.queries import paragraph_ordinal_at
from corpus.search import (
    MARK_END,
    MARK_START,
    MAX_QUERY_LENGTH,
    SearchQuery,
    Snippet,
    marked_spans,
    parse_query,
)
from corpus.search.postgresql import tsquery_expression
from corpus.search.snippets import snippet_around
from corpus.search.sqlite import fts5_expression

logger = logging.getLogger(__name__)

NOTES_FTS = "annotations_annotation_fts"
REPLIES_FTS = "annotations_reply_fts"
TSQUERY = "to_tsquery('english'::regconfig, %s)"


@dataclass(frozen=True)
class NoteHit:
    """An annotation that matched, or one of its replies (``reply``) that did."""

    annotation: Annotation  # with author, document, version, ``ordinal`` and ``tag_names``
    reply: Reply | None
    quote: Snippet
    comment: Snippet | None  # the comment's Markdown as written, if it has one
    body: Snippet | None  # the reply's, for a reply
    tagged: bool  # one of its tags is the query


@dataclass(frozen=True)
class NoteResults:
    query: SearchQuery
    hits: list[NoteHit]
    total: int


def search_notes(
    query: str,
    *,
    user: User,
    document_slug: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> NoteResults:
    """The notes ``user`` may see matching every term of ``query`` (or tagged with it),
    best first: ``total`` of them, ``hits`` from ``offset``, at most ``limit``.

    Reads only: one query for the page (a second to count past the last page), then the
    page's annotations, replies and tags (one query each, none when there are none).
    A query the database refuses gives no hits (logged as a warning).
    """
    parsed = parse_query(query)
    limit, offset = max(0, limit), max(0, offset)
    if parsed.is_empty or limit == 0:
        return NoteResults(query=parsed, hits=[], total=0)
    try:
        rows, total = _guarded(_page, parsed, user, document_slug, limit, offset)
    except (OperationalError, DataError, ProgrammingError) as error:
        logger.warning("notes search for %r failed: %s", query[:MAX_QUERY_LENGTH], error)
        return NoteResults(query=parsed, hits=[], total=0)
    return NoteResults(query=parsed, hits=_hits(user, rows), total=total)


def count_notes(query: str, *, user: User, document_slug: str | None = None) -> int:
    """How many notes ``search_notes`` would find, in one query (none for no words)."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return 0
    try:
        return _guarded(_count, parsed, user, document_slug)
    except (OperationalError, DataError, ProgrammingError) as error:
        logger.warning("notes count for %r failed: %s", query[:MAX_QUERY_LENGTH], error)
        return 0


def _guarded(function, *args):
    if connection.vendor == "postgresql":
        # A failed statement must not abort a transaction the caller is in.
        with transaction.atomic():
            return function(*args)
    return function(*args)


# The query: found (per index), visible (through the permission queries), ranked.


def _tag_names(parsed: SearchQuery) -> list[str]:
    """The tag names that are the query: its words joined as tags are written."""
    words = [word for term in parsed.terms for word in term.words]
    return sorted({joiner.join(words) for joiner in ("-", " ", "_", "")})


def _found(parsed: SearchQuery) -> tuple[list[str], list[object]]:
    """The CTEs ``found_notes`` and ``found_replies`` (id, rank: higher is better) and
    ``found_tags`` (id), and their parameters."""
    names = _tag_names(parsed)
    found_tags = (
        "found_tags AS MATERIALIZED (SELECT DISTINCT ta.content_object_id AS id "
        "FROM annotations_taggedannotation ta JOIN taggit_tag t ON t.id = ta.tag_id "
        f"WHERE lower(t.name) IN ({', '.join(['%s'] * len(names))}))"
    )
    if connection.vendor == "postgresql":
        expression = tsquery_expression(parsed.terms)
        ctes = [
            f"found_{kind} AS MATERIALIZED (SELECT id, ts_rank_cd(search_english, {TSQUERY}, 1) "
            f"AS rank FROM annotations_{table} WHERE search_english @@ {TSQUERY})"
            for kind, table in (("notes", "annotation"), ("replies", "reply"))
        ]
        return [ctes[0], found_tags, ctes[1]], [
            expression,
            expression,
            *names,
            expression,
            expression,
        ]
    expression = fts5_expression(parsed.terms)
    ctes = [
        f"found_{kind} AS MATERIALIZED (SELECT rowid AS id, -bm25({table}) AS rank "
        f"FROM {table} WHERE {table} MATCH %s)"
        for kind, table in (("notes", NOTES_FTS), ("replies", REPLIES_FTS))
    ]
    return [ctes[0], found_tags, ctes[1]], [expression, *names, expression]


def _marked(parsed: SearchQuery) -> tuple[str, str, list[object]]:
    """After the ``page`` CTE (``h``): more CTEs (or none), the three marked texts of a
    page row (quote, comment, reply body) with what they join, and their parameters."""
    if connection.vendor == "postgresql":
        expression = tsquery_expression(parsed.terms)
        options = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
        headline = f"ts_headline('english'::regconfig, {{}}, {TSQUERY}, %s)"
        columns = (
            f"{headline.format('a.exact')}, {headline.format('a.comment')}, "
            f"CASE WHEN r.id IS NULL THEN NULL ELSE {headline.format('r.body')} END "
            "FROM page h JOIN annotations_annotation a ON a.id = h.annotation_id "
            "LEFT JOIN annotations_reply r ON r.id = h.reply_id"
        )
        return "", columns, [expression, options] * 3
    expression = fts5_expression(parsed.terms)
    # Only the page's rows are marked; the unary plus keeps SQLite from running the MATCH
    # once per page row instead of once in all.
    ctes = (
        f", marks_notes AS MATERIALIZED (SELECT rowid AS id, "
        f"highlight({NOTES_FTS}, 0, %s, %s) AS exact, highlight({NOTES_FTS}, 1, %s, %s) "
        f"AS comment FROM {NOTES_FTS} WHERE {NOTES_FTS} MATCH %s "
        "AND +rowid IN (SELECT annotation_id FROM page)), "
        f"marks_replies AS MATERIALIZED (SELECT rowid AS id, "
        f"highlight({REPLIES_FTS}, 0, %s, %s) AS body FROM {REPLIES_FTS} "
        f"WHERE {REPLIES_FTS} MATCH %s AND +rowid IN (SELECT reply_id FROM page))"
    )
    columns = (
        "mn.exact, mn.comment, mr.body FROM page h "
        "LEFT JOIN marks_notes mn ON mn.id = h.annotation_id "
        "LEFT JOIN marks_replies mr ON mr.id = h.reply_id"
    )
    marks = [MARK_START, MARK_END]
    return ctes + "", columns, [*marks, *marks, expression, *marks, expression]


def _visible(user: User, document_slug: str | None) -> tuple[str, list[object], str, list[object]]:
    """Whether the found annotation ``f.id`` and the found reply ``r.id`` are ones ``user``
    may see, as correlated SQL: each found row is looked up by its id, so the cost follows
    the matches, not the number of annotations."""
    notes: QuerySet = annotations_visible_to(user).filter(pk=RawSQL("f.id", ()))
    replies: QuerySet = replies_visible_to(user).filter(pk=RawSQL("r.id", ()))
    if document_slug is not None:
        notes = notes.filter(document__slug=document_slug)
        replies = replies.filter(annotation__document__slug=document_slug)
    notes_sql, notes_params = notes.order_by().values("pk").query.sql_with_params()
    replies_sql, replies_params = replies.order_by().values("pk").query.sql_with_params()
    return notes_sql, list(notes_params), replies_sql, list(replies_params)


def _matches(
    parsed: SearchQuery, user: User, document_slug: str | None
) -> tuple[str, list[object]]:
    ctes, params = _found(parsed)
    notes_sql, notes_params, replies_sql, replies_params = _visible(user, document_slug)
    ctes += [
        # Each annotation once, whether its words or its tag matched; a tag first.
        "found AS MATERIALIZED (SELECT id, max(tagged) AS tagged, max(rank) AS rank FROM "
        "(SELECT id, 0 AS tagged, rank FROM found_notes "
        "UNION ALL SELECT id, 1, 0 FROM found_tags) AS candidates GROUP BY id)",
        "matches AS MATERIALIZED ("
        f"SELECT f.id AS annotation_id, 0 AS reply_id, f.tagged, f.rank FROM found f "
        f"WHERE EXISTS ({notes_sql}) "
        "UNION ALL SELECT x.annotation_id, r.id, 0, r.rank FROM found_replies r "
        f"JOIN annotations_reply x ON x.id = r.id WHERE EXISTS ({replies_sql}))",
    ]
    return ", ".join(ctes), [*params, *notes_params, *replies_params]


def _count(parsed: SearchQuery, user: User, document_slug: str | None) -> int:
    ctes, params = _matches(parsed, user, document_slug)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} SELECT count(*) FROM matches", params)
        return cursor.fetchone()[0]


def _page(
    parsed: SearchQuery, user: User, document_slug: str | None, limit: int, offset: int
) -> tuple[list[tuple], int]:
    ctes, params = _matches(parsed, user, document_slug)
    marks_ctes, marked, marks_params = _marked(parsed)
    order = "tagged DESC, rank DESC, annotation_id DESC, reply_id"
    sql = (
        f"WITH {ctes}, page AS (SELECT annotation_id, reply_id, tagged, rank, "
        f"count(*) OVER () AS total FROM matches ORDER BY {order} LIMIT %s OFFSET %s)"
        f"{marks_ctes} SELECT h.annotation_id, h.reply_id, h.tagged, h.total, {marked} "
        f"ORDER BY {', '.join('h.' + part for part in order.split(', '))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset, *marks_params])
        rows = cursor.fetchall()
    if rows:
        return rows, rows[0][3]
    return [], _count(parsed, user, document_slug) if offset else 0


# The page's notes, loaded for showing.


def _hits(user: User, rows: list[tuple]) -> list[NoteHit]:
    annotation_ids = {row[0] for row in rows}
    reply_ids = {row[1] for row in rows if row[1]}
    annotations = (
        annotations_visible_to(user)
        .filter(pk__in=annotation_ids)
        .select_related("author", "document", "version", "circle")
        .defer("version__text", "version__report")
        .annotate(ordinal=paragraph_ordinal_at())
        .in_bulk()
        if annotation_ids
        else {}
    )
    replies = (
        replies_visible_to(user).filter(pk__in=reply_ids).select_related("author").in_bulk()
        if reply_ids
        else {}
    )
    tags = tags_by_annotation(annotation_ids)
    hits = []
    for annotation_id, reply_id, tagged, _, exact, comment, body in rows:
        annotation = annotations.get(annotation_id)
        reply = replies.get(reply_id) if reply_id else None
        if annotation is None or (reply_id and reply is None):
            continue  # deleted between the two reads
        annotation.tag_names = tags.get(annotation_id, [])
        hits.append(
            NoteHit(
                annotation=annotation,
                reply=reply,
                quote=_snippet(annotation.exact, exact),
                comment=_snippet(annotation.comment, comment) if annotation.comment else None,
                body=_snippet(reply.body, body) if reply else None,
                tagged=bool(tagged),
            )
        )
    return hits


def _snippet(text: str, marked: str | None) -> Snippet:
    return snippet_around(text, marked_spans(text, marked))
