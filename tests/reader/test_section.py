import re

import pytest
from django.urls import reverse

from corpus.models import Document
from tests.reader.conftest import ingest_book


def section_url(order, slug="book"):
    return reverse("reader:section", args=[slug, order])


def test_it_shows_a_chapter_with_its_sub_sections(client, book):
    response = client.get(section_url(3))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="t" data-start=' in html
    assert ">Chapter One: Origins</h1>" in html
    assert ">A sub-section</h2>" in html
    assert '<blockquote class="block" id="p-8" data-ordinal="8">' in html
    assert '<ul class="list"><li class="block" id="p-9"' in html
    assert "Chapter Two begins." not in html


def test_it_escapes_the_text(client, book):
    html = client.get(section_url(3)).content.decode()

    assert "A quotation set apart &lt;with&gt; markup-like text &amp; an ampersand." in html
    assert "<with>" not in html


def test_it_renders_each_paragraph_text_exactly_inside_its_text_element(client, book):
    version = book.current_version
    html = client.get(section_url(3)).content.decode()

    for paragraph in version.paragraphs.filter(ordinal__in=[6, 9, 10]):
        assert f'data-start="{paragraph.start}">{paragraph.text}</span>' in html


def test_it_links_a_note_marker_to_its_note(client, book):
    html = client.get(section_url(3)).content.decode()

    note_url = reverse("reader:paragraph", args=["book", 14])
    assert f'Planning was central.<a class="note-ref" href="{note_url}"' in html
    assert 'aria-label="Note 1" id="ref-11-21">1</a> It failed.' in html


def test_it_keeps_note_links_in_the_page_when_the_note_is_there(client, db):
    from corpus.ingest.blocks import Block, NoteRef, ParsedDocument
    from corpus.services import document_ingest

    text = "A claim.1"
    document_ingest(
        parsed=ParsedDocument(
            blocks=[
                Block("heading", "Only section", level=1),
                Block("body", text, refs=(NoteRef(8, 9, 1),)),
                Block("note", "The source.", number=1),
            ]
        ),
        slug="article",
        title="Article",
    )

    html = client.get(section_url(1, "article")).content.decode()

    assert 'A claim.<a class="note-ref" href="#p-3" aria-label="Note 1" id="ref-2-8">1</a>' in html
    assert '<a class="note-back" href="#ref-2-8"' in html
    assert '<h2 id="notes-heading">Notes</h2>' in html


def test_it_gives_every_paragraph_a_permalink_to_its_own_page(client, book):
    html = client.get(section_url(3)).content.decode()

    for ordinal in range(5, 12):
        assert f'href="/read/book/p/{ordinal}/" aria-label="Paragraph {ordinal} on its own"' in html


def test_it_lists_a_parts_chapters(client, book):
    response = client.get(section_url(2))

    html = response.content.decode()
    assert ">Part One: Beginnings</h1>" in html
    assert "The part opens." in html
    assert f'<a href="{section_url(3)}">Chapter One: Origins</a>' in html
    assert f'<a href="{section_url(5)}">Chapter Two: Later</a>' in html
    assert "First paragraph of chapter one." not in html


def test_it_sends_a_sub_section_to_its_place_in_the_chapter(client, book):
    response = client.get(section_url(4))

    assert response.status_code == 302
    assert response["Location"] == section_url(3) + "#p-7"


def test_it_links_the_previous_and_next_sections(client, book):
    html = client.get(section_url(3)).content.decode()

    assert (
        f'<a rel="prev" href="{section_url(2)}"><small>Previous</small>Part One: Beginnings</a>'
        in html
    )
    assert f'rel="next" href="{section_url(5)}"><small>Next</small>Chapter Two: Later</a>' in html


def test_it_offers_no_previous_section_on_the_first(client, book):
    html = client.get(section_url(1)).content.decode()

    assert 'rel="prev"' not in html
    assert 'rel="next"' in html


@pytest.mark.parametrize(
    "url",
    [
        "/read/no-such-book/s/1/",
        "/read/book/s/99/",
        "/read/book/s/0/",
    ],
)
def test_it_answers_404_for_what_does_not_exist(client, book, url):
    assert client.get(url).status_code == 404


def test_it_answers_404_for_a_document_without_a_current_version(client, book):
    Document.objects.update(current_version=None)

    assert client.get(section_url(1)).status_code == 404


def test_it_asks_the_browser_to_track_position_only_for_a_signed_in_reader(client, book, owner):
    position_url = reverse("reader:position", args=["book"])

    assert position_url not in client.get(section_url(3)).content.decode()
    client.force_login(owner)
    assert f'data-position-url="{position_url}"' in client.get(section_url(3)).content.decode()


@pytest.mark.parametrize("extra_paragraphs", [0, 40])
def test_it_uses_the_same_queries_however_long_the_section(
    client, db, django_assert_num_queries, extra_paragraphs
):
    from corpus.ingest.blocks import Block, ParsedDocument
    from corpus.services import document_ingest

    blocks = [Block("heading", "Chapter", level=1)]
    blocks += [Block("body", f"Paragraph {n}.") for n in range(1 + extra_paragraphs)]
    blocks += [Block("heading", "Next", level=1), Block("body", "More.")]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="long", title="Long")

    client.get(section_url(1, "long"))  # caches the section's popular coverage

    # document, sections, paragraphs, annotations (their tags included), the popular
    # coverage (from the cache)
    with django_assert_num_queries(5):
        response = client.get(section_url(1, "long"))

    assert response.status_code == 200


def test_it_reads_one_of_several_documents_with_the_same_queries(
    client, db, django_assert_num_queries
):
    for number in range(3):
        ingest_book(slug=f"book-{number}", title=f"Book {number}")

    client.get(section_url(3, "book-1"))  # caches the section's popular coverage

    with django_assert_num_queries(5):
        client.get(section_url(3, "book-1"))


def test_it_sets_a_footnote_number_without_a_note_as_a_superscript(client, db):
    from corpus.ingest.blocks import Block, ParsedDocument
    from corpus.services import document_ingest

    blocks = [
        Block("heading", "Chapter", level=1),
        Block("body", "At the naval base.1 This rebellion, in 1921, cost 2.5 million.”12"),
    ]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="fn", title="Footnotes")

    html = client.get(section_url(1, "fn")).content.decode()

    assert (
        'At the naval base.<sup class="fn">1</sup> This rebellion, in 1921, '
        'cost 2.5 million.”<sup class="fn">12</sup></span>'
    ) in html


def test_it_shows_a_notes_printed_symbol_and_links_its_marker(client, db):
    # A court opinion's first note is marked '*', its next '1': in the PDF, at the pages'
    # feet. Each keeps its own label; neither shows as the other's number.
    from corpus.ingest import read_any
    from corpus.services import document_ingest
    from tests.conftest import REPO

    pdf = REPO / "tests" / "texts" / "pdf" / "ca5-opinion-st-pierre.pdf"
    parsed = read_any(pdf.read_bytes(), "ca5-opinion-st-pierre.pdf")
    document_ingest(parsed=parsed, slug="opinion", title="St. Pierre")
    html = client.get(section_url(1, "opinion")).content.decode()

    labels = re.findall(r'<span class="note-number">([^<]*)</span>', html)
    assert labels == ["*", "1.", "2.", "3."]
    assert 'aria-label="Note *"' in html and 'aria-label="Note 1"' in html
