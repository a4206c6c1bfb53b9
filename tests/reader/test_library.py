import datetime

import pytest
from django.urls import reverse

from annotations.circles.reading_list import reading_list_add
from annotations.circles.services import circle_create
from annotations.models import LibraryText
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.models import Document
from corpus.services import document_ingest
from reader.services import position_record
from tests.reader.conftest import ingest_book


def add_document(number: int) -> Document:
    parsed = ParsedDocument(
        blocks=[
            Block(kind="heading", text=f"Part {number}", level=1),
            Block(kind="body", text="One two three."),
            Block(kind="body", text="Four five."),
        ]
    )
    return document_ingest(
        parsed=parsed,
        slug=f"doc-{number}",
        title=f"Document {number}",
        author="A. Writer",
        publisher="A Press",
        published="2020-09",
    ).document


def test_it_lists_documents_with_their_metadata_and_length(client, db):
    add_document(1)

    response = client.get(reverse("reader:library"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert f'<a href="{reverse("reader:document", args=["doc-1"])}">Document 1</a>' in html
    assert "A. Writer · A Press" in html
    assert '<time datetime="2020-09">2020-09</time>' in html
    assert "7 words · 1 min read" in html


def test_it_lists_each_documents_sections(client, book):
    html = client.get(reverse("reader:library")).content.decode()

    assert "<summary>Contents</summary>" in html
    chapter = reverse("reader:section", args=["book", 3])
    assert f'<a href="{chapter}">Chapter One: Origins</a>' in html


def test_it_shows_a_signed_in_reader_their_progress(client, book, owner):
    position_record(user=owner, document=book, ordinal=7)
    client.force_login(owner)

    html = client.get(reverse("reader:library")).content.decode()

    assert '<progress max="100" value="50"' in html
    assert "50% read" in html
    assert f'href="{reverse("reader:continue", args=["book"])}">Continue reading</a>' in html


def test_it_offers_others_to_start_reading(client, book):
    html = client.get(reverse("reader:library")).content.decode()

    assert "Start reading" in html
    assert "% read" not in html


def test_it_says_so_when_the_library_is_empty(client, db):
    response = client.get(reverse("reader:library"))

    assert "No documents yet" in response.content.decode()


def test_it_leaves_out_a_document_without_a_current_version(client, db):
    add_document(1)
    Document.objects.update(current_version=None)

    html = client.get(reverse("reader:library")).content.decode()

    assert "Document 1" not in html


def test_it_orders_documents_by_title(client, db):
    for number in (2, 3, 1):
        add_document(number)

    response = client.get(reverse("reader:library"))

    titles = [entry["document"].title for entry in response.context["entries"]]
    assert titles == ["Document 1", "Document 2", "Document 3"]


@pytest.mark.parametrize("documents", [1, 3])
def test_it_uses_two_queries_whatever_the_number_of_documents(
    client, db, django_assert_num_queries, documents
):
    for number in range(documents):
        add_document(number)

    with django_assert_num_queries(2):
        response = client.get(reverse("reader:library"))

    assert len(response.context["entries"]) == documents


@pytest.mark.parametrize("books", [1, 3])
def test_it_uses_a_fixed_number_of_queries_for_a_signed_in_reader(
    client, db, owner, django_assert_num_queries, books
):
    for number in range(books):
        document = ingest_book(slug=f"book-{number}", title=f"Book {number}")
        position_record(user=owner, document=document, ordinal=3)
        circle = circle_create(owner=owner, name=f"Circle {number}")
        reading_list_add(circle=circle, actor=owner, document=document, section_order=3)
        reading_list_add(circle=circle, actor=owner, document=document, note="All of it")
    client.force_login(owner)

    # session, user, documents, sections, positions, the circles' reading lists, and
    # whether they may add texts somewhere
    with django_assert_num_queries(7):
        response = client.get(reverse("reader:library"))

    assert len(response.context["reading_list"]) == 2 * books


def test_it_shows_the_reading_lists_of_the_readers_circles(client, book, owner, member):
    circle = circle_create(owner=owner, name="NEP readers")
    other = circle_create(owner=member, name="Not mine")
    reading_list_add(
        circle=circle,
        actor=owner,
        document=book,
        section_order=3,
        due=datetime.date(2030, 5, 1),
        note="Read <closely>",
    )
    reading_list_add(circle=other, actor=member, document=book, note="Someone else's")
    client.force_login(owner)

    html = client.get(reverse("reader:library")).content.decode()

    section = reverse("reader:section", args=["book", 3])
    assert f'<a href="{section}">Chapter One: Origins</a>' in html
    assert f'For <a href="{reverse("reader:circle", args=[circle.slug])}">NEP readers</a>' in html
    assert '· due <time datetime="2030-05-01">1 May 2030</time>' in html
    assert "Read &lt;closely&gt;" in html
    assert "Someone else" not in html
    assert html.index("Reading list") < html.index('class="library"')


def test_it_shows_no_reading_list_to_visitors(client, book, owner):
    circle = circle_create(owner=owner, name="NEP readers")
    reading_list_add(circle=circle, actor=owner, document=book)

    html = client.get(reverse("reader:library")).content.decode()

    assert "Reading list" not in html


# Circle libraries: which library a text is in, and the filter by library.


def circle_text(number: int, circle) -> Document:
    document = add_document(number)
    LibraryText.objects.create(document=document, circle=circle)
    return document


def titles(response) -> list[str]:
    return [entry["document"].title for entry in response.context["entries"]]


def test_it_says_which_circles_library_a_text_is_in(client, db, owner):
    circle = circle_create(owner=owner, name="Readers")
    document = circle_text(1, circle)
    add_document(2)
    client.force_login(owner)

    library_page = client.get(reverse("reader:library")).content.decode()
    document_page = client.get(reverse("reader:document", args=[document.slug])).content.decode()

    badge = "’s library, visible to its members"
    assert library_page.count(badge) == 1
    assert f'In <a href="/circles/{circle.slug}/">Readers</a>{badge}' in library_page
    assert f'In <a href="/circles/{circle.slug}/">Readers</a>{badge}' in document_page


def test_it_filters_the_library_by_public_and_each_of_the_readers_circles(client, db, owner):
    readers = circle_create(owner=owner, name="Readers")
    writers = circle_create(owner=owner, name="Writers")
    circle_text(1, readers)
    circle_text(2, writers)
    add_document(3)
    client.force_login(owner)

    def shelf(value: str) -> list[str]:
        return titles(client.get(reverse("reader:library"), {"library": value}))

    assert shelf("") == ["Document 1", "Document 2", "Document 3"]
    assert shelf("public") == ["Document 3"]
    assert shelf(f"circle:{readers.slug}") == ["Document 1"]
    assert shelf(f"circle:{writers.slug}") == ["Document 2"]
    # A circle that is not theirs (or no circle at all) is the whole library.
    assert shelf("circle:elsewhere") == ["Document 1", "Document 2", "Document 3"]
    response = client.get(reverse("reader:library"))
    assert response.context["shelves"] == [
        ("", "All"),
        ("public", "Public"),
        (f"circle:{readers.slug}", "Readers"),
        (f"circle:{writers.slug}", "Writers"),
    ]


def test_it_shows_no_filter_when_every_text_is_public(client, db, owner):
    add_document(1)
    client.force_login(owner)

    response = client.get(reverse("reader:library"))

    assert response.context["shelves"] == []
    assert "library-filter" not in response.content.decode()


@pytest.mark.parametrize("circles", [1, 3])
def test_it_filters_by_library_in_a_fixed_number_of_queries(
    client, db, owner, django_assert_num_queries, circles
):
    for number in range(circles):
        circle_text(number, circle_create(owner=owner, name=f"Circle {number}"))
        add_document(10 + number)
    client.force_login(owner)

    # session, user, documents (with their library and circle), sections, positions,
    # the circles' reading lists, whether they may add texts: as with no circle texts
    with django_assert_num_queries(7):
        response = client.get(reverse("reader:library"), {"library": "public"})

    assert len(response.context["entries"]) == circles
    assert len(response.context["shelves"]) == 2 + circles
