"""The search page, /search/, on the seed corpus."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from corpus.ingest import parse_text
from corpus.models import Document
from corpus.services import document_ingest
from tests.corpus.search.hostile import HOSTILE as SHARED_HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_corpus")]

HOSTILE = [*SHARED_HOSTILE, "collectivi*", '"five year plan"']

# The documents for the filter, then the search itself; on PostgreSQL the search
# also runs inside a savepoint (SAVEPOINT, RELEASE), so that a failure cannot abort
# the caller's transaction.
QUERIES = 2 + (2 if connection.vendor == "postgresql" else 0)


def ingest(slug: str, text: str) -> Document:
    return document_ingest(parsed=parse_text(text), slug=slug, title=slug.title()).document


def get(client, **params) -> str:
    response = client.get(reverse("reader:search"), params)
    if any("\x00" in value for value in params.values()):
        # config/guard.py: a NUL byte in the query string is refused before any view.
        assert response.status_code == 400
        assert "holds a NUL byte" in response.content.decode()
        return "<h1>Search</h1>"
    assert response.status_code == 200
    return response.content.decode()


def result_links(html: str) -> list[str]:
    return re.findall(r'<h2 class="result-title"><a href="([^"]+)"', html)


@pytest.mark.parametrize("q", HOSTILE)
def test_it_answers_any_input(client, q):
    html = get(client, q=q)

    assert "<h1>Search</h1>" in html


@pytest.mark.parametrize("q", HOSTILE)
def test_it_answers_any_input_in_one_document(client, q):
    get(client, q=q, document="russia-and-socialism")


@pytest.mark.parametrize(
    "params",
    [
        {"document": "\x00"},
        {"document": "x" * 5000},
        {"document": "' OR 1=1 --"},
    ],
)
def test_it_answers_bad_parameters(client, params):
    get(client, q="socialism", **params)


def test_it_explains_the_syntax_when_nothing_was_asked(client):
    html = get(client)

    assert 'id="search-help"' in html
    assert "collectivi*" in html
    assert '<kbd>"five year plan"</kbd>' in html
    assert 'class="results"' not in html


def test_it_says_when_a_query_has_no_words(client):
    html = get(client, q="**")

    assert "“**” has no words to search for." in html
    assert 'id="search-help"' in html


def test_it_says_plainly_when_nothing_matches(client):
    html = get(client, q="quillwort")

    assert "No paragraphs match “quillwort”." in html
    assert 'class="results"' not in html


def test_it_counts_the_matches(client):
    ingest("lakes", "The quillwort grows in lakes.\n\nA quillwort again.")

    assert "2 paragraphs match “quillwort”" in get(client, q="quillwort")
    assert "1 paragraph matches “quillwort lakes”" in get(client, q="quillwort lakes")


def test_it_links_each_result_to_its_paragraph(client):
    ingest("lakes", "Reeds.\n\nThe quillwort grows in lakes.")

    html = get(client, q="quillwort")

    assert result_links(html) == [reverse("reader:paragraph", args=["lakes", 2])]
    assert '<p class="snippet">The <mark>quillwort</mark> grows in lakes.</p>' in html
    assert '<p class="where">Lakes · ¶2</p>' in html


def test_it_escapes_the_text(client):
    ingest("hostile", "<script>alert(1)</script> quillwort")

    html = get(client, q="quillwort")

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>quillwort</mark>" in html


def test_it_escapes_the_query(client):
    html = get(client, q="<script>quillwort")

    assert "<script>quillwort" not in html
    assert "“&lt;script&gt;quillwort”" in html
    assert 'value="&lt;script&gt;quillwort"' in html


def test_it_shows_the_query_in_the_header_search_box(client):
    html = get(client, q="five year plan")

    assert 'id="site-search-q" type="search" name="q" value="five year plan"' in html


def test_it_lists_results_in_an_ordered_list_with_labelled_controls(client):
    html = get(client, q="socialism")

    assert '<ol class="results" start="1">' in html
    assert len(result_links(html)) == 20
    assert '<label class="visually-hidden" for="search-q">' in html
    assert '<label class="visually-hidden" for="search-document">' in html


def test_it_runs_the_same_number_of_queries_for_one_hit_and_many(client, django_assert_num_queries):
    ingest("lakes", "The quillwort grows in lakes.")

    with django_assert_num_queries(QUERIES):
        one = get(client, q="quillwort")
    with django_assert_num_queries(QUERIES):
        many = get(client, q="socialism")

    assert len(result_links(one)) == 1
    assert len(result_links(many)) == 20


def test_it_pages_through_the_results(client):
    first = get(client, q="socialism")
    second = get(client, q="socialism", page="2")

    assert '<ol class="results" start="21">' in second
    assert not set(result_links(first)) & set(result_links(second))
    assert 'rel="next" href="/search/?q=socialism&amp;page=2"' in first
    assert 'rel="prev"' not in first
    assert 'rel="prev" href="/search/?q=socialism"' in second
    assert 'rel="next" href="/search/?q=socialism&amp;page=3"' in second


@pytest.mark.parametrize("page", ["0", "-2", "two", "100000", "999", "1e3", "٣", "9" * 5000])
def test_a_page_that_is_not_one_of_the_results_is_a_404(client, page):
    response = client.get(reverse("reader:search"), {"q": "socialism", "page": page})

    assert response.status_code == 404


def test_the_page_past_the_last_result_is_a_404(client):
    count = re.search(r"([\d,]+) paragraphs? match", get(client, q="socialism")).group(1)
    last = -(-int(count.replace(",", "")) // 20)

    assert get(client, q="socialism", page=str(last))
    response = client.get(reverse("reader:search"), {"q": "socialism", "page": str(last + 1)})
    assert response.status_code == 404


def test_it_filters_by_document(client):
    html = get(client, q="socialism", document="soviet-socialism-a-history")

    links = result_links(html)
    assert len(links) == 20
    assert all(link.startswith("/read/soviet-socialism-a-history/") for link in links)
    assert '<option value="soviet-socialism-a-history" selected>' in html
    assert "in <cite>A History of Soviet Socialism</cite>" in html
    # The next page keeps the filter.
    assert (
        'rel="next" href="/search/?q=socialism&amp;document=soviet-socialism-a-history&amp;page=2"'
        in html
    )


def test_it_finds_nothing_in_an_unknown_document_and_offers_them_all(client):
    html = get(client, q="socialism", document="no-such-document")

    assert "No paragraphs match “socialism”." in html
    assert " selected>" not in html
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == ["", *Document.objects.order_by("title").values_list("slug", flat=True)]
