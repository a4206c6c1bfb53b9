"""The search page, /search/, Texts tab, on the seed corpus: paragraphs grouped by
document, one document's paragraphs, pages (out of range: 404) and the links that open a
paragraph in its chapter with the words marked."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from corpus.ingest import parse_text
from corpus.models import Document
from corpus.services import document_ingest
from tests.corpus.search.hostile import HOSTILE as SHARED_HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_corpus")]

HOSTILE = [*SHARED_HOSTILE, "collectivi*", '"five year plan"']

# The documents for the filter, the texts' page, the notes' count; on PostgreSQL each
# search also runs inside a savepoint (SAVEPOINT, RELEASE), so that a failure cannot
# abort the caller's transaction.
SAVEPOINTS = 2 if connection.vendor == "postgresql" else 0
QUERIES = 3 + 2 * SAVEPOINTS
SOCIALISM = "socialism"


def ingest(slug: str, text: str) -> Document:
    return document_ingest(parsed=parse_text(text), slug=slug, title=slug.title()).document


def get(client, status=200, **params) -> str:
    response = client.get(reverse("reader:search"), params)
    if any("\x00" in value for value in params.values()):
        # config/guard.py: a NUL byte in the query string is refused before any view.
        assert response.status_code == 400
        assert "holds a NUL byte" in response.content.decode()
        return "<h1>Search</h1>"
    assert response.status_code == status
    return response.content.decode()


def result_links(html: str) -> list[str]:
    return re.findall(r'<h[23] class="result-title"><a href="([^"]+)"', html)


def paragraphs_of(html: str) -> list[tuple[str, int]]:
    """(document slug, ordinal) of each result, in order."""
    found = []
    for link in result_links(html):
        match = re.match(r"/read/([^/]+)/p/(\d+)/", link)
        found.append((match.group(1), int(match.group(2))))
    return found


def group_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="result-document">([^<]+)</h2>', html)


@pytest.mark.parametrize("q", HOSTILE)
def test_it_answers_any_input(client, q):
    html = get(client, q=q)
    notes = get(client, q=q, tab="notes")

    assert "<h1>Search</h1>" in html
    assert "<h1>Search</h1>" in notes


@pytest.mark.parametrize("q", HOSTILE)
def test_it_answers_any_input_in_one_document(client, q):
    get(client, q=q, document="russia-and-socialism")
    get(client, q=q, document="russia-and-socialism", tab="notes")


@pytest.mark.parametrize(
    "params",
    [
        {"document": "\x00"},
        {"document": "x" * 5000},
        {"document": "' OR 1=1 --"},
        {"tab": "x" * 5000},
        {"tab": "\x00"},
    ],
)
def test_it_answers_bad_parameters(client, params):
    get(client, q=SOCIALISM, **params)


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9" * 5000, "1e3", "٣", "", "1001"])
def test_a_page_that_is_not_a_page_number_is_not_found(client, page):
    get(client, status=404, q=SOCIALISM, page=page)


def test_a_page_past_the_last_is_not_found(client):
    ingest("lakes", "The quillwort grows in lakes.")

    get(client, q="quillwort", page="1")
    get(client, status=404, q="quillwort", page="2")
    get(client, status=404, q="quillwort", document="lakes", page="2")
    get(client, status=404, q="quillwort", tab="notes", page="2")
    get(client, status=404, q="", page="2")


def test_it_explains_the_syntax_when_nothing_was_asked(client):
    html = get(client)

    assert 'id="search-help"' in html
    assert "collectivi*" in html
    assert '<kbd>"five year plan"</kbd>' in html
    assert 'class="results"' not in html
    assert 'class="search-tabs"' not in html


def test_it_says_when_a_query_has_no_words(client):
    html = get(client, q="**")

    assert "“**” has no words to search for." in html
    assert 'id="search-help"' in html


def test_it_says_plainly_when_nothing_matches(client):
    html = get(client, q="quillwort")

    assert "No paragraphs match “quillwort”." in html
    assert 'class="results"' not in html


def test_it_counts_the_matches_and_the_texts(client):
    ingest("lakes", "The quillwort grows in lakes.\n\nA quillwort again.")
    ingest("ponds", "A quillwort in a pond.")

    assert "3 paragraphs in 2 texts match “quillwort”" in get(client, q="quillwort")
    assert "1 paragraph in 1 text matches “quillwort lakes”" in get(client, q="quillwort lakes")


def test_it_links_each_result_to_its_paragraph_in_its_chapter_with_the_words(client):
    ingest("lakes", "Reeds.\n\nThe quillwort grows in lakes.")

    html = get(client, q="quillwort")

    [link] = result_links(html)
    path, query = link.split("?")
    assert path == reverse("reader:paragraph", args=["lakes", 2])
    assert parse_qs(query.replace("&amp;", "&")) == {"in": ["context"], "hl": ["quillwort"]}
    assert '<p class="snippet">The <mark>quillwort</mark> grows in lakes.</p>' in html
    assert '<h2 class="result-document">Lakes</h2>' in html
    # Followed, it is the paragraph in its section, the words kept for marking.
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert (location.path, location.query, location.fragment) == (
        reverse("reader:section", args=["lakes", 1]),
        "hl=quillwort",
        "p-2",
    )


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


def test_it_ranks_paragraphs_holding_the_word_as_typed_first(client):
    # Stemmed, "socialism" is "social": "Social harmony" must not come first.
    slug = "soviet-socialism-a-history"
    html = get(client, q=SOCIALISM, document=slug)

    ordinals = [ordinal for _, ordinal in paragraphs_of(html)]
    version = Document.objects.get(slug=slug).current_version
    texts = dict(version.paragraphs.filter(ordinal__in=ordinals).values_list("ordinal", "text"))
    assert len(ordinals) == 20
    assert all(re.search(r"(?i)\bsocialism\b", texts[ordinal]) for ordinal in ordinals)


def test_it_groups_results_by_document_so_no_book_fills_the_page(client):
    html = get(client, q=SOCIALISM)

    titles = group_titles(html)
    assert sorted(titles) == sorted(Document.objects.values_list("title", flat=True))
    found = paragraphs_of(html)
    slugs = [slug for slug, _ in found]
    # At most three from each text, each text's together.
    assert max(slugs.count(slug) for slug in slugs) == 3
    assert slugs == sorted(slugs, key=list(dict.fromkeys(slugs)).index)
    # "N more in this text" opens that text's own search.
    more = re.findall(r'<p class="more-in-text"><a href="([^"]+)">([\d,]+) more in', html)
    assert more
    for url, count in more:
        slug = parse_qs(urlsplit(url.replace("&amp;", "&")).query)["document"][0]
        one = get(client, q=SOCIALISM, document=slug)
        total = int(re.search(r"([\d,]+) paragraphs? match", one).group(1).replace(",", ""))
        assert total == int(count.replace(",", "")) + slugs.count(slug)


def test_it_pages_through_documents_and_keeps_every_one_once(client):
    for number in range(12):
        ingest(f"pond-{number:02}", f"Quillwort number {number}.\n\nAnother quillwort.")

    first = get(client, q="quillwort")
    second = get(client, q="quillwort", page="2")

    assert len(group_titles(first)) == 10
    assert len(group_titles(second)) == 2
    assert not set(group_titles(first)) & set(group_titles(second))
    assert re.search(r"24 paragraphs in 12 texts match “quillwort”\s+· page 1 of 2", first)
    assert 'rel="next" href="/search/?q=quillwort&amp;page=2"' in first
    assert 'rel="prev" href="/search/?q=quillwort"' in second
    assert 'rel="next"' not in second
    get(client, status=404, q="quillwort", page="3")


def test_it_pages_through_one_document(client):
    first = get(client, q=SOCIALISM, document="soviet-socialism-a-history")
    second = get(client, q=SOCIALISM, document="soviet-socialism-a-history", page="2")

    assert '<ol class="results" start="21">' in second
    assert not set(result_links(first)) & set(result_links(second))
    assert (
        'rel="next" href="/search/?q=socialism&amp;document=soviet-socialism-a-history'
        '&amp;page=2"' in first
    )
    assert 'rel="prev" href="/search/?q=socialism&amp;document=soviet-socialism-a-history"' in (
        second
    )


def test_it_filters_by_document(client):
    html = get(client, q=SOCIALISM, document="soviet-socialism-a-history")

    links = result_links(html)
    assert len(links) == 20
    assert all(link.startswith("/read/soviet-socialism-a-history/") for link in links)
    assert '<option value="soviet-socialism-a-history" selected>' in html
    assert "in <cite>A History of Soviet Socialism</cite>" in html


def test_it_finds_nothing_in_an_unknown_document_and_offers_them_all(client):
    html = get(client, q=SOCIALISM, document="no-such-document")

    assert "No paragraphs match “socialism”." in html
    assert " selected>" not in html
    options = re.findall(r'<option value="([^"]*)"', html)
    assert options == ["", *Document.objects.order_by("title").values_list("slug", flat=True)]


def test_it_lists_results_with_labelled_controls_and_tabs(client):
    html = get(client, q=SOCIALISM)

    assert '<ol class="result-groups" start="1">' in html
    assert '<label class="visually-hidden" for="search-q">' in html
    assert '<label class="visually-hidden" for="search-document">' in html
    tabs = re.findall(r'<li><a href="([^"]+)"( aria-current="page")?>(\w+) <span', html)
    assert [(url.replace("&amp;", "&"), current, label) for url, current, label in tabs] == [
        ("/search/?q=socialism", ' aria-current="page"', "Texts"),
        ("/search/?q=socialism&tab=notes", "", "Notes"),
    ]


def test_it_runs_the_same_number_of_queries_for_one_hit_and_many(client, django_assert_num_queries):
    ingest("lakes", "The quillwort grows in lakes.")

    with django_assert_num_queries(QUERIES):
        one = get(client, q="quillwort")
    with django_assert_num_queries(QUERIES):
        many = get(client, q=SOCIALISM)
    with django_assert_num_queries(QUERIES):
        get(client, q=SOCIALISM, document="soviet-socialism-a-history", page="2")

    assert len(result_links(one)) == 1
    seeds = Document.objects.exclude(slug="lakes").count()
    assert len(group_titles(many)) == seeds
    assert len(result_links(many)) > seeds
