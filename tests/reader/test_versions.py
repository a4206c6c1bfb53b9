"""An older version's pages: /read/<slug>/v/<n>/ (contents), its sections and paragraphs."""

import pytest
from django.urls import reverse

from annotations.services import annotation_create
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.models import DocumentVersion
from corpus.services import document_ingest
from tests.pagedata import page_data
from tests.reader.conftest import ingest_book


def revise(slug="book", text="Rewritten."):
    """A new version of the book: a preface alone, saying ``text``."""
    blocks = [Block("heading", "Preface", level=1), Block("body", text)]
    return document_ingest(parsed=ParsedDocument(blocks=blocks), slug=slug, title="A Book")


@pytest.fixture
def revised(book):
    revise()
    return book


def contents_url(number=1, slug="book"):
    return reverse("reader:version", args=[slug, number])


def section_url(order, number=1, slug="book"):
    return reverse("reader:version_section", args=[slug, number, order])


def paragraph_url(ordinal, number=1, slug="book"):
    return reverse("reader:version_paragraph", args=[slug, number, ordinal])


def test_it_shows_an_older_versions_contents_linking_inside_it(client, revised):
    response = client.get(contents_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "You are reading version 1 of <cite>A Book</cite>, ingested" in html
    assert f'<a href="{reverse("reader:document", args=["book"])}">Read the current version' in html
    assert f'href="{section_url(3)}">Chapter One: Origins</a>' in html
    assert f'href="{section_url(4)}">A sub-section</a>' in html
    assert f'href="{section_url(1)}">Start reading version 1</a>' in html
    assert 'href="/read/book/s/' not in html


def test_it_shows_an_older_versions_section_with_its_banner(client, revised):
    response = client.get(section_url(1))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Why this book." in html
    assert "Rewritten." not in html
    assert "You are reading version 1 of <cite>A Book</cite>" in html
    # To the current version's paragraph the unit's first became, read in context.
    current = reverse("reader:paragraph", args=["book", 1]) + "?from=1&amp;in=context"
    assert f'<a href="{current}">Read the current version' in html
    assert "Read-only: new highlights and notes go on the current version." in html


def test_its_section_links_stay_inside_the_version(client, revised):
    html = client.get(section_url(2)).content.decode()

    assert f'rel="prev" href="{section_url(1)}"' in html
    assert f'rel="next" href="{section_url(3)}"' in html
    assert f'href="{section_url(3)}">Chapter One: Origins</a>' in html  # the part's contents
    assert f'class="pilcrow" href="{paragraph_url(3)}"' in html
    assert f'<a href="{contents_url()}">A Book · version 1</a>' in html
    assert 'href="/read/book/s/' not in html
    assert 'href="/read/book/p/3/"' not in html


def test_its_note_links_stay_inside_the_version(client, revised):
    html = client.get(section_url(3)).content.decode()

    # Chapter One's marker points at the note, read on its own page in version 1.
    assert f'class="note-ref" href="{paragraph_url(14)}"' in html


def test_it_sends_a_sub_section_to_its_chapter_inside_the_version(client, revised):
    response = client.get(section_url(4))

    assert response.status_code == 302
    assert response["Location"] == f"{section_url(3)}#p-7"


def test_it_shows_an_older_versions_paragraph_linking_inside_it(client, revised):
    response = client.get(paragraph_url(6))

    html = response.content.decode()
    assert response.status_code == 200
    assert "First paragraph of chapter one." in html
    assert "¶6 of 14" in html
    assert f'rel="prev" href="{paragraph_url(5)}"' in html
    assert f'rel="next" href="{paragraph_url(7)}"' in html
    assert f'href="{section_url(3)}#p-6">Read it in context' in html
    current = reverse("reader:paragraph", args=["book", 6]) + "?from=1"
    assert f'<a href="{current}">Read the current version' in html


def test_its_pages_are_read_only(client, revised, owner):
    client.force_login(owner)

    for url in (section_url(1), paragraph_url(2)):
        html = client.get(url).content.decode()
        assert page_data(html)["read_only"] is True
        # Reading positions are kept in the current version's ordinals.
        assert "data-position-url" not in html
    current = client.get(reverse("reader:section", args=["book", 1])).content.decode()
    assert page_data(current)["read_only"] is False
    assert "data-position-url" in current
    assert "You are reading version" not in current


def test_its_margin_shows_the_annotations_placed_on_that_version(client, book, owner, settings):
    # Without re-anchoring, the highlight stays on version 1 when version 2 arrives.
    settings.MARGINALIA_NEW_VERSION_HOOKS = []
    text = book.current_version.text
    start = text.index("Why this book")
    annotation_create(
        author=owner, document=book, start=start, end=start + 13, exact="Why this book"
    )
    revise()
    client.force_login(owner)

    old = client.get(section_url(1)).content.decode()
    current = client.get(reverse("reader:section", args=["book", 1])).content.decode()

    assert [a["start"] for a in page_data(old)["annotations"]] == [start]
    assert 'class="hl hl-yellow hl-mine"' in old
    assert page_data(current)["annotations"] == []


def test_it_sends_the_current_versions_number_to_the_usual_pages(client, revised):
    assert client.get(contents_url(2))["Location"] == reverse("reader:document", args=["book"])
    response = client.get(section_url(1, number=2), {"layer": "mine"})
    assert response["Location"] == reverse("reader:section", args=["book", 1]) + "?layer=mine"
    response = client.get(paragraph_url(2, number=2))
    assert response["Location"] == reverse("reader:paragraph", args=["book", 2])


@pytest.mark.parametrize(
    "url",
    [
        "/read/book/v/3/",
        "/read/book/v/0/",
        "/read/book/v/3/s/1/",
        "/read/book/v/3/p/1/",
        "/read/book/v/1/s/99/",
        "/read/book/v/1/p/15/",
        "/read/nope/v/1/",
        "/read/nope/v/1/p/1/",
    ],
)
def test_it_answers_404_for_what_does_not_exist(client, revised, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("versions", [2, 4])
def test_its_pages_use_a_fixed_number_of_queries(client, db, django_assert_num_queries, versions):
    ingest_book()
    for number in range(versions - 1):
        revise(text=f"Rewritten {number} times.")
    assert DocumentVersion.objects.count() == versions

    # The version with its document and the current one; the sections.
    with django_assert_num_queries(2):
        client.get(contents_url())
    # The same, the paragraphs and the margin's annotations.
    with django_assert_num_queries(4):
        client.get(section_url(3))
    with django_assert_num_queries(4):
        client.get(paragraph_url(6))
