"""corpus.search.search_paragraphs on the seed corpus, on SQLite (FTS5) and PostgreSQL."""

import logging
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ingest import parse_text
from corpus.models import Document, Paragraph
from corpus.search import (
    MARK_END,
    MARK_START,
    MAX_QUERY_LENGTH,
    match_spans,
    parse_query,
    search_paragraphs,
)
from corpus.search.fallback import search as _fallback_search
from corpus.services import document_ingest
from reader.snippets import snippet_html
from tests.corpus.search.hostile import HOSTILE as SHARED_HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_corpus")]

# As stemming finds it: "Five-Year Plans", "five year planning".
ADJACENT = re.compile(r"\bfive[\s-]+years?[\s-]+plan", re.IGNORECASE)

HOSTILE = [
    *SHARED_HOSTILE,
    "plan:* & !nep | (lenin <-> trotsky)",
    "text:plan",
    '"five year plan" "',
]
# What a reader typing each hostile input can only have meant: its words, the syntax gone.
# Every input of HOSTILE needs its entry.
PLAIN = {
    '"': "",
    '"five year': "five year",
    "AND": "and",
    "OR OR": "or",
    "NOT": "not",
    "*": "",
    "**": "",
    "a*": "a",  # too short for a prefix
    "NEAR(": "near",
    "(": "",
    ")": "",
    ":": "",
    "^": "",
    "-": "",
    "+": "",
    '"""': "",
    "x" * 5000: "x" * MAX_QUERY_LENGTH,
    "\x00": "",
    "💥": "",
    "' OR 1=1 --": "or 1",
    "%": "",
    "_": "",
    "plan:* & !nep | (lenin <-> trotsky)": "plan nep lenin trotsky",
    "text:plan": "text plan",
    '"five year plan" "': '"five year plan"',
}


def ingest(slug: str, text: str) -> Document:
    return document_ingest(parsed=parse_text(text), slug=slug, title=slug.title()).document


def texts(results) -> list[str]:
    by_id = Paragraph.objects.in_bulk([hit.paragraph_id for hit in results.hits])
    return [by_id[hit.paragraph_id].text for hit in results.hits]


def ids(results) -> list[int]:
    return [hit.paragraph_id for hit in results.hits]


def everything(query: str, **filters):
    return search_paragraphs(query, limit=1000, **filters)


def test_it_finds_a_common_word_in_every_current_text():
    results = everything("socialism")

    assert results.total == len(results.hits) > 100
    assert {hit.document_slug for hit in results.hits} == set(
        Document.objects.values_list("slug", flat=True)
    )
    assert all("<mark>" in snippet_html(hit.snippet) for hit in results.hits)


def test_it_describes_each_hit():
    hit = search_paragraphs('"Lenin accepted that the NEP"').hits[0]
    paragraph = Paragraph.objects.select_related("section", "version__document").get(
        pk=hit.paragraph_id
    )

    assert (hit.document_slug, hit.document_title) == (
        "socialism-and-the-soviet-union",
        "Socialism and the Soviet Union",
    )
    assert (hit.ordinal, hit.section_title, hit.kind) == (
        paragraph.ordinal,
        paragraph.section.title,
        paragraph.kind,
    )
    assert paragraph.version == paragraph.version.document.current_version


def test_it_ranks_a_paragraph_with_the_words_side_by_side_first():
    ingest("scattered", "Every year the five districts drew up a plan, and a plan, and a plan.")

    results = everything("five year plan")

    assert ADJACENT.search(texts(results)[0])
    assert "scattered" in {hit.document_slug for hit in results.hits}


def test_it_ranks_a_paragraph_that_mentions_a_word_more_first():
    ingest(
        "ranking",
        "The quillwort grows in lakes; quillwort spores drift; the quillwort survives.\n\n"
        "Beside the many reeds, rushes, sedges, mosses and grasses of the shallow northern "
        "lakes described in this long and wandering paragraph there is also a quillwort.",
    )

    results = search_paragraphs("quillwort")

    assert [hit.ordinal for hit in results.hits] == [1, 2]
    assert results.hits[0].rank > results.hits[1].rank


def test_it_finds_a_phrase_only_where_its_words_are_side_by_side():
    ingest("scattered", "Every year the five districts drew up a plan.")

    phrase = everything('"five year plan"')
    words = everything("five year plan")

    assert phrase.total > 5
    assert all(ADJACENT.search(text) for text in texts(phrase))
    assert "scattered" not in {hit.document_slug for hit in phrase.hits}
    assert "scattered" in {hit.document_slug for hit in words.hits}


def test_it_finds_both_spellings_with_a_prefix():
    found = " ".join(texts(everything("collectivi*"))).lower()

    assert "collectivization" in found
    assert "collectivisation" in found
    assert "collectivism" in found


def test_it_marks_the_words_a_prefix_matched():
    hits = everything("collectivi*").hits
    snippets = " ".join(snippet_html(hit.snippet) for hit in hits).lower()

    assert "<mark>collectivization</mark>" in snippets
    assert "<mark>collectivisation</mark>" in snippets


def test_it_combines_a_prefix_with_words():
    results = everything("collectivi* planning")

    assert results.total > 0
    for text in texts(results):
        assert "collectivi" in text.lower()
        assert "plan" in text.lower()


def test_it_filters_by_document():
    everywhere = everything("socialism")
    results = everything("socialism", document_slug="russia-and-socialism")

    assert 0 < results.total < everywhere.total
    assert {hit.document_slug for hit in results.hits} == {"russia-and-socialism"}


def test_it_finds_nothing_in_an_unknown_document():
    assert everything("socialism", document_slug="no-such-document").total == 0


def test_it_searches_only_the_current_version():
    draft_only = search_paragraphs('"Lenin conceded that the NEP was a retreat"')
    current = search_paragraphs('"Lenin accepted that the NEP was a retreat"')

    assert draft_only.total == 0
    assert current.total == 1
    assert current.hits[0].document_slug == "socialism-and-the-soviet-union"


def test_it_escapes_the_text_and_marks_the_words_in_snippets():
    ingest("hostile", "<script>alert(1)</script> planning & <b>plans</b>")

    [hit] = search_paragraphs("planning", document_slug="hostile").hits

    assert snippet_html(hit.snippet) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>planning</mark> &amp; "
        "&lt;b&gt;<mark>plans</mark>&lt;/b&gt;"
    )


def test_it_shows_the_matches_of_a_long_paragraph_with_ellipses():
    filler = " ".join(["filler"] * 200)
    ingest("long", f"{filler} the quillwort grows here {filler}")

    [hit] = search_paragraphs("quillwort").hits
    snippet = snippet_html(hit.snippet)

    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>quillwort</mark> grows here" in snippet
    assert len(snippet) < 400


def test_it_ignores_the_mark_characters_inside_a_text():
    ingest("marks", f"A quillwort {MARK_START} in a {MARK_END} lake.")

    [hit] = search_paragraphs("quillwort").hits
    snippet = snippet_html(hit.snippet)

    assert "<mark>" not in snippet
    assert "quillwort" in snippet


def test_it_pages_through_the_results():
    first = search_paragraphs("socialism", limit=20)
    second = search_paragraphs("socialism", limit=20, offset=20)

    assert first.total == second.total > 40
    assert len(first.hits) == len(second.hits) == 20
    assert not {hit.paragraph_id for hit in first.hits} & {hit.paragraph_id for hit in second.hits}
    assert [hit.paragraph_id for hit in first.hits + second.hits] == [
        hit.paragraph_id for hit in search_paragraphs("socialism", limit=40).hits
    ]


def test_it_counts_all_matches_past_the_last_page():
    results = search_paragraphs("socialism", offset=100_000)

    assert results.hits == []
    assert results.total == everything("socialism").total


def test_it_follows_paragraph_edits_and_deletions():
    document = ingest("edited", "The quillwort grows in lakes.")

    Paragraph.objects.filter(version__document=document).update(text="The samovar is hot.")
    assert search_paragraphs("quillwort").total == 0
    assert search_paragraphs("samovar").total == 1

    document.delete()
    assert search_paragraphs("samovar").total == 0


@pytest.mark.parametrize("q", HOSTILE)
def test_it_reads_hostile_input_as_the_plain_words_in_it(q):
    results = search_paragraphs(q)
    plain = search_paragraphs(PLAIN[q])

    assert (results.total, ids(results)) == (plain.total, ids(plain))
    assert len(results.hits) <= 20
    # Every hit marks at least one of the reader's words (or a form of it, "plans" for "plan"),
    # and marks nothing else.
    words = PLAIN[q].replace('"', "").split()
    for hit in results.hits:
        marked = [hit.snippet.text[start:end].lower() for start, end in hit.snippet.spans]
        assert marked
        assert all(text.startswith(tuple(words)) for text in marked)


# Query syntax of FTS5 and tsquery, quotes, and text of any kind between them.
SYNTAX = st.sampled_from(
    [*"\"“”*'():^-+|&!<>\\\x00 ", "**", "<->", "<2>", ":*", "AND", "OR", "NOT", "NEAR(", "plan"]
)
QUERIES = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=30).map("".join)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=QUERIES)
def test_no_input_makes_the_database_refuse_the_query(caplog, q):
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="corpus.search"):
        search_paragraphs(q, document_slug="socialism-and-the-soviet-union")

    assert caplog.records == []


@pytest.mark.parametrize("q", ["", "   ", "*", "**", '"', '"""', "()", "💥", "\x00"])
def test_it_answers_a_query_without_words_without_asking_the_database(q, django_assert_num_queries):
    with django_assert_num_queries(0):
        results = search_paragraphs(q)

    assert (results.hits, results.total, results.query.is_empty) == ([], 0, True)


def test_it_answers_nothing_and_logs_when_the_database_refuses_the_query(caplog):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE corpus_section RENAME TO corpus_section_away")

    with caplog.at_level(logging.WARNING, logger="corpus.search"):
        results = search_paragraphs("socialism")

    assert (results.hits, results.total) == ([], 0)
    assert "search for 'socialism' failed" in caplog.text
    # The caller's transaction is still usable (PostgreSQL aborts it on an error).
    assert Document.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_it_keeps_the_sqlite_index_triggers_after_all_migrations():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'corpus_paragraph'"
        )
        triggers = {name for (name,) in cursor.fetchall()}

    assert triggers == {
        "corpus_paragraph_fts_insert",
        "corpus_paragraph_fts_delete",
        "corpus_paragraph_fts_update",
    }


def test_it_falls_back_to_substrings_on_other_databases():
    ingest("hostile", "<script>alert(1)</script> Planning & planned")

    rows, total, _ = _fallback_search(parse_query("plan"), "hostile", 20, 0)

    assert total == 1
    assert rows[0].marked == (
        f"<script>alert(1)</script> {MARK_START}Plan{MARK_END}ning & {MARK_START}plan{MARK_END}ned",
    )


def test_it_ranks_the_word_as_typed_above_its_other_forms():
    # Stemmed, "socialism" is "social": short headings such as "Social harmony" used to
    # come first for a word they do not hold.
    results = everything("socialism")

    first = texts(results)[:20]
    assert all(re.search(r"\bsocialism\b", text, re.IGNORECASE) for text in first), first
    # The other forms are still found, after every paragraph holding the word itself.
    holds = [bool(re.search(r"\bsocialism\b", text, re.IGNORECASE)) for text in texts(results)]
    assert holds == sorted(holds, reverse=True)
    assert not all(holds)


def test_it_groups_hits_by_document_with_the_best_few_of_each():
    flat = everything("socialism")
    grouped = search_paragraphs("socialism", limit=10, per_document=3)

    slugs = [hit.document_slug for hit in grouped.hits]
    assert grouped.documents == Document.objects.count() == len(dict.fromkeys(slugs))
    assert grouped.total == flat.total
    for slug in dict.fromkeys(slugs):
        in_flat = [hit.paragraph_id for hit in flat.hits if hit.document_slug == slug]
        in_group = [hit.paragraph_id for hit in grouped.hits if hit.document_slug == slug]
        # The document's best three, in their order, each knowing how many more there are.
        assert in_group == in_flat[:3]
        assert {hit.in_document for hit in grouped.hits if hit.document_slug == slug} == {
            len(in_flat)
        }
    # Each document's hits together, documents in the order of their best hit.
    assert slugs == sorted(slugs, key=list(dict.fromkeys(slugs)).index)
    best = list(dict.fromkeys(hit.document_slug for hit in flat.hits))
    assert list(dict.fromkeys(slugs)) == best


def test_it_pages_through_documents_when_grouped():
    everyone = list(dict.fromkeys(h.document_slug for h in everything("socialism").hits))
    pages = [
        search_paragraphs("socialism", limit=2, offset=offset, per_document=1)
        for offset in (0, 2, 4, 6)
    ]

    assert [[hit.document_slug for hit in page.hits] for page in pages] == [
        everyone[0:2],
        everyone[2:4],
        everyone[4:6],
        [],
    ]
    # Past the last page the counts are still there, for the pager to say so.
    assert (pages[-1].total, pages[-1].documents) == (pages[0].total, pages[0].documents)


def test_it_finds_where_each_term_is_in_given_paragraphs():
    document = ingest("lakes", "The quillwort grows in lakes.\n\nReeds.\n\nPlanned quillworts.")
    paragraphs = dict(
        Paragraph.objects.filter(version=document.current_version).values_list("id", "text")
    )
    first, second, third = sorted(paragraphs)

    spans = match_spans("quillwort plan*", paragraphs)

    # Any term, not all: the first paragraph has no "plan*".
    assert spans == {first: [(4, 13)], third: [(0, 7), (8, 18)]}
    assert match_spans("**", paragraphs) == {}
    assert match_spans("quillwort", {}) == {}
