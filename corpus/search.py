"""Full-text search over the paragraphs of each document's current version.

Two parts, usable apart:

- ``parse_query`` turns whatever a reader typed into a ``SearchQuery`` of words, prefixes
  (``collectivi*``) and phrases (``"five year plan"``). It never fails: operators and
  punctuation of any search syntax are dropped, so nothing typed reaches a database's
  query language. Later searches (annotations) reuse it.
- ``search_paragraphs`` runs a parsed query on SQLite FTS5 or PostgreSQL full-text
  search (a plain ``icontains`` elsewhere) and returns ranked hits with safe snippets.

Stemmed indexes cannot answer prefixes: "collectivization" is stored as the stem
``collectiv``, which ``collectivi*`` does not match. So words and phrases are matched
against a stemmed index (SQLite ``porter``, PostgreSQL ``english``) and prefixes against
an unstemmed one over the same text (SQLite ``unicode61``, PostgreSQL ``simple``); the
indexes are created in migration ``corpus.0002_paragraph_search``.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db import DataError, OperationalError, ProgrammingError, connection, transaction
from django.db.models import F
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from corpus.models import Paragraph

__all__ = [
    "SearchHit",
    "SearchQuery",
    "SearchResults",
    "Term",
    "marked_spans",
    "parse_query",
    "search_paragraphs",
    "snippet_html",
]

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 500
MAX_TERMS = 20
MAX_PHRASE_WORDS = 20
MIN_PREFIX_LENGTH = 2
SNIPPET_LENGTH = 280  # characters of paragraph text around the matches
SNIPPET_LEAD = 60  # characters of context kept before the first match shown
MAX_WORD_CUT = 30  # a snippet ends mid-word only if a "word" is longer than this

# Noncharacters, reserved by Unicode for a program's internal use: the database wraps
# matches in them, and they are checked for in the text before they are trusted.
MARK_START = "\ufdd0"
MARK_END = "\ufdd1"
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'})

TermKind = Literal["word", "prefix", "phrase"]


# The query parser


@dataclass(frozen=True)
class Term:
    kind: TermKind
    words: tuple[str, ...]  # lowercased; one word unless a phrase


@dataclass(frozen=True)
class SearchQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def of_kind(self, *kinds: TermKind) -> list[Term]:
        return [term for term in self.terms if term.kind in kinds]


def _is_word_character(character: str) -> bool:
    # Letters, digits and combining marks, as the databases' tokenizers count them.
    return unicodedata.category(character)[0] in "LNM"


def _words_and_stars(text: str) -> Iterable[tuple[str, bool]]:
    """Each run of word characters in ``text``, and whether a ``*`` follows it."""
    start = None
    for index, character in enumerate(text + " "):
        if _is_word_character(character):
            if start is None:
                start = index
        elif start is not None:
            yield text[start:index], character == "*"
            start = None


def parse_query(q: str) -> SearchQuery:
    """Parse what a reader typed into at most MAX_TERMS terms; never raises.

    ``"…"`` (or curly quotes) is a phrase, an unbalanced quote is ignored, ``word*``
    is a prefix (at least MIN_PREFIX_LENGTH characters before the star); every other
    character that is not a letter or a digit separates words and means nothing else,
    so ``AND``, ``NEAR`` or ``-`` are plain words or nothing.
    """
    text = unicodedata.normalize("NFKC", q[:MAX_QUERY_LENGTH])[:MAX_QUERY_LENGTH]
    segments = text.translate(_QUOTES).split('"')
    # With an odd number of quotes the last one has no partner: what follows is not a phrase.
    balanced = len(segments) % 2 == 1
    terms: list[Term] = []
    for index, segment in enumerate(segments):
        in_phrase = index % 2 == 1 and (balanced or index < len(segments) - 1)
        if in_phrase:
            words = tuple(word.lower() for word, _ in _words_and_stars(segment))
            words = words[:MAX_PHRASE_WORDS]
            if len(words) > 1:
                terms.append(Term("phrase", words))
            elif words:
                terms.append(Term("word", words))
            continue
        for word, starred in _words_and_stars(segment):
            is_prefix = starred and len(word) >= MIN_PREFIX_LENGTH
            terms.append(Term("prefix" if is_prefix else "word", (word.lower(),)))
    unique = list(dict.fromkeys(terms))
    return SearchQuery(terms=unique[:MAX_TERMS])


# Results


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int
    document_slug: str
    document_title: str
    ordinal: int
    section_title: str
    kind: str
    rank: float  # higher is better; comparable only within one search
    snippet: SafeString


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    total: int


@dataclass(frozen=True)
class _Row:
    """One hit as the database returns it, before the snippet is made."""

    paragraph_id: int
    rank: float
    total: int
    ordinal: int
    kind: str
    text: str
    document_slug: str
    document_title: str
    section_title: str
    marked: tuple[str | None, ...]  # the text with matches between MARK_START and MARK_END


def search_paragraphs(
    query: str,
    *,
    document_slug: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Paragraphs of current document versions matching every term of ``query``, best first.

    ``total`` counts all matches; ``hits`` holds at most ``limit`` of them from ``offset``.
    A query with no usable terms, an unknown ``document_slug`` or a query the database
    rejects (logged as a warning) gives no hits. Reads only: one query (a second to count
    the matches when ``offset`` is past the last one), inside a savepoint on PostgreSQL.
    """
    parsed = parse_query(query)
    limit, offset = max(0, limit), max(0, offset)
    if parsed.is_empty or limit == 0:
        return SearchResults(query=parsed, hits=[], total=0)
    search = {"sqlite": _sqlite_search, "postgresql": _postgresql_search}.get(
        connection.vendor, _fallback_search
    )
    try:
        if connection.vendor == "postgresql":
            # A failed statement must not abort a transaction the caller is in.
            with transaction.atomic():
                rows, total = search(parsed, document_slug, limit, offset)
        else:
            rows, total = search(parsed, document_slug, limit, offset)
    # SQLite reports a bad MATCH as OperationalError, PostgreSQL a bad tsquery as ProgrammingError.
    except (OperationalError, DataError, ProgrammingError) as error:
        logger.warning("search for %r failed: %s", query[:MAX_QUERY_LENGTH], error)
        return SearchResults(query=parsed, hits=[], total=0)
    hits = [_hit(row) for row in rows]
    return SearchResults(query=parsed, hits=hits, total=total)


def _hit(row: _Row) -> SearchHit:
    spans = [span for marked in row.marked for span in marked_spans(row.text, marked)]
    return SearchHit(
        paragraph_id=row.paragraph_id,
        document_slug=row.document_slug,
        document_title=row.document_title,
        ordinal=row.ordinal,
        section_title=row.section_title,
        kind=row.kind,
        rank=float(row.rank or 0.0),
        snippet=snippet_html(row.text, spans),
    )


# SQLite: FTS5 tables corpus_paragraph_fts (porter) and corpus_paragraph_fts_prefix.


def _fts5_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts5_expression(terms: Sequence[Term]) -> str:
    parts = []
    for term in terms:
        parts.append(_fts5_string(" ".join(term.words)) + ("*" if term.kind == "prefix" else ""))
    return " AND ".join(parts)


def _adjacent_words(parsed: SearchQuery) -> tuple[str, ...]:
    """The query's plain words, in order, if there are several: side by side, they rank first."""
    words = tuple(term.words[0] for term in parsed.of_kind("word"))
    return words if len(words) > 1 else ()


# A matching paragraph belongs to a document's current version.
_CURRENT = "FROM corpus_paragraph p JOIN corpus_document d ON d.current_version_id = p.version_id"
_DETAILS = (
    "JOIN corpus_paragraph p ON p.id = page.id "
    "JOIN corpus_document d ON d.current_version_id = p.version_id "
    "JOIN corpus_section s ON s.id = p.section_id"
)
_PAGE = (
    "page AS (SELECT m.id, m.rank, m.adjacent, count(*) OVER () AS total FROM matches m "
    "ORDER BY m.adjacent DESC, m.rank DESC, m.id LIMIT %s OFFSET %s)"
)
_COLUMNS = "page.id, page.rank, page.total, p.ordinal, p.kind, p.text, d.slug, d.title, s.title"


def _sqlite_search(
    parsed: SearchQuery, document_slug: str | None, limit: int, offset: int
) -> tuple[list[_Row], int]:
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
    if words := _adjacent_words(parsed):
        adjacent = (
            "p.id IN (SELECT rowid FROM corpus_paragraph_fts WHERE corpus_paragraph_fts MATCH %s)"
        )
        params.append(_fts5_string(" ".join(words)))
    rank = " + ".join(f"found_{number}.score" for number in range(len(tables)))
    joins = " ".join(
        f"JOIN found_{number} ON found_{number}.id = p.id" for number in range(len(tables))
    )
    where = ""
    if document_slug is not None:
        where = "WHERE d.slug = %s"
        params.append(document_slug)
    # Materialised: FTS5's functions cannot share a SELECT with the window that counts.
    ctes.append(
        f"matches AS MATERIALIZED (SELECT p.id AS id, -({rank}) AS rank, {adjacent} AS adjacent "
        f"{_CURRENT} {joins} {where})"
    )
    count_sql = f"WITH {', '.join(ctes)} SELECT count(*) FROM matches"
    count_params = list(params)

    ctes.append(_PAGE)
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
        f"WITH {', '.join(ctes)} SELECT {_COLUMNS}, {marks} FROM page {_DETAILS} {mark_joins} "
        "ORDER BY page.adjacent DESC, page.rank DESC, page.id"
    )
    return _run(sql, params, count_sql, count_params, marks=len(tables), offset=offset)


# PostgreSQL: GIN-indexed stored tsvector columns search_english and search_simple.


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


def _postgresql_search(
    parsed: SearchQuery, document_slug: str | None, limit: int, offset: int
) -> tuple[list[_Row], int]:
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
    if words := _adjacent_words(parsed):
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
    matches = (
        f"matches AS MATERIALIZED (SELECT p.id AS id, {rank} AS rank, {adjacent} AS adjacent "
        f"{_CURRENT} WHERE {where})"
    )
    highlights = ", ".join(
        f"ts_headline('{config}'::regconfig, p.text, {tsquery(config)}, %s)"
        for config, _ in configs
    )
    sql = (
        f"WITH {matches}, {_PAGE} SELECT {_COLUMNS}, {highlights} FROM page {_DETAILS} "
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
    return _run(sql, params, count_sql, count_params, marks=len(configs), offset=offset)


def _run(
    sql: str,
    params: list[object],
    count_sql: str,
    count_params: list[object],
    *,
    marks: int,
    offset: int,
) -> tuple[list[_Row], int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [_Row(*row[:9], marked=tuple(row[9 : 9 + marks])) for row in cursor.fetchall()]
        if rows:
            return rows, rows[0].total
        if offset == 0:
            return [], 0
        # Past the last page the window count has no row to ride on.
        cursor.execute(count_sql, count_params)
        return [], cursor.fetchone()[0]


# Any other database: every word as a substring, unranked.


def _fallback_search(
    parsed: SearchQuery, document_slug: str | None, limit: int, offset: int
) -> tuple[list[_Row], int]:
    paragraphs = Paragraph.objects.filter(version__document__current_version=F("version"))
    if document_slug is not None:
        paragraphs = paragraphs.filter(version__document__slug=document_slug)
    for term in parsed.terms:
        paragraphs = paragraphs.filter(text__icontains=" ".join(term.words))
    total = paragraphs.count()
    page = paragraphs.select_related("version__document", "section").order_by("id")[
        offset : offset + limit
    ]
    pattern = re.compile(
        "|".join(re.escape(" ".join(term.words)) for term in parsed.terms), re.IGNORECASE
    )
    rows = [
        _Row(
            paragraph_id=paragraph.id,
            rank=0.0,
            total=total,
            ordinal=paragraph.ordinal,
            kind=paragraph.kind,
            text=paragraph.text,
            document_slug=paragraph.version.document.slug,
            document_title=paragraph.version.document.title,
            section_title=paragraph.section.title,
            marked=(pattern.sub(lambda m: MARK_START + m.group() + MARK_END, paragraph.text),),
        )
        for paragraph in page
    ]
    return rows, total


# Snippets


def marked_spans(text: str, marked: str | None) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets in ``text`` that ``marked`` wraps in MARK_START/MARK_END.

    ``marked`` must be ``text`` with the marks inserted; if it is not, or if ``text``
    itself holds a mark character, no span is trusted and none is returned.
    """
    if not marked or MARK_START in text or MARK_END in text:
        return []
    spans = []
    position = 0
    opened = None
    plain = []
    for piece in _MARKS.split(marked):
        if piece == MARK_START:
            opened = position
        elif piece == MARK_END:
            if opened is not None and opened < position:
                spans.append((opened, position))
            opened = None
        else:
            plain.append(piece)
            position += len(piece)
    if "".join(plain) != text:
        return []
    return spans


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """The stretch of ``text``, about ``length`` long, that shows the most spans, in whole words."""
    if len(text) <= length:
        return 0, len(text)
    best_start, best_count = 0, 0
    for first, _ in spans:
        start = max(0, first - SNIPPET_LEAD)
        count = sum(1 for s, e in spans if s >= start and e <= start + length)
        if count > best_count:
            best_start, best_count = start, count
    start = min(best_start, len(text) - length)
    end = start + length
    # Back to the start of the word cut, forward to the end of the word cut.
    for _ in range(MAX_WORD_CUT):
        if start == 0 or text[start - 1].isspace():
            break
        start -= 1
    for _ in range(MAX_WORD_CUT):
        if end == len(text) or text[end].isspace():
            break
        end += 1
    return start, end


def snippet_html(text: str, spans: Iterable[tuple[int, int]]) -> SafeString:
    """Up to SNIPPET_LENGTH characters of ``text`` around ``spans``, each in ``<mark>``.

    Everything from ``text`` is HTML-escaped; the only markup is ``<mark>``.
    """
    merged = _merge((max(0, s), min(len(text), e)) for s, e in spans if s < e)
    start, end = _window(text, merged, SNIPPET_LENGTH)
    parts = ["…"] if start > 0 else []
    position = start
    for span_start, span_end in merged:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))
