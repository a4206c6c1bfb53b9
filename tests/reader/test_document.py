import pytest
from django.urls import reverse

from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest
from reader.services import position_record
from tests.reader.conftest import ingest_book


def document_url(slug="book"):
    return reverse("reader:document", args=[slug])


def test_it_shows_the_metadata_and_a_nested_table_of_contents(client, book):
    response = client.get(document_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>A Book</h1>" in html
    assert "A. Writer" in html
    toc = response.context["toc"]
    assert [entry["section"].title for entry in toc] == ["Preface", "Part One: Beginnings"]
    chapters = toc[1]["children"]
    assert [entry["section"].title for entry in chapters] == [
        "Chapter One: Origins",
        "Chapter Two: Later",
    ]
    assert [entry["section"].title for entry in chapters[0]["children"]] == ["A sub-section"]


def test_it_lists_the_versions_newest_first(client, book):
    blocks = [Block("heading", "Preface", level=1), Block("body", "Rewritten.")]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="book", title="A Book")

    response = client.get(document_url())

    assert [(v.number, v.paragraph_count) for v in response.context["versions"]] == [
        (2, 2),
        (1, 14),
    ]
    assert ">Version 2</a> (current)" in response.content.decode()


def test_it_links_every_version_and_compares_each_with_the_one_before(client, book):
    blocks = [Block("heading", "Preface", level=1), Block("body", "Rewritten.")]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="book", title="A Book")

    html = client.get(document_url()).content.decode()

    assert f'href="{reverse("reader:version", args=["book", 1])}">Version 1</a>' in html
    assert f'href="{reverse("reader:version", args=["book", 2])}">Version 2</a>' in html
    # The compare view is another's: its address, written literally.
    assert html.count("Compare with previous") == 1
    assert 'href="/read/book/compare/1/2/">Compare with previous</a>' in html


def test_it_offers_no_comparison_for_a_single_version(client, book):
    assert "Compare with previous" not in client.get(document_url()).content.decode()


def test_it_offers_to_start_reading_at_the_first_section(client, book):
    html = client.get(document_url()).content.decode()

    assert f'href="{reverse("reader:section", args=["book", 1])}">Start reading</a>' in html


def test_it_offers_a_signed_in_reader_to_continue_where_they_were(client, book, owner):
    position_record(user=owner, document=book, ordinal=7)
    client.force_login(owner)

    html = client.get(document_url()).content.decode()

    assert "Continue reading at ¶7" in html
    assert 'value="50"' in html


def test_it_answers_404_for_an_unknown_document(client, db):
    assert client.get(document_url("nope")).status_code == 404


@pytest.mark.parametrize("books", [1, 3])
def test_it_uses_a_fixed_number_of_queries(client, db, django_assert_num_queries, books):
    for number in range(books):
        ingest_book(slug=f"book-{number}", title=f"Book {number}")

    # document, sections, description, versions, and the most-marked passages (ranges,
    # paragraphs; their quotes only when there are passages), and how many are still moving
    with django_assert_num_queries(7):
        client.get(document_url("book-0"))


def test_it_continues_where_the_reader_left_off(client, book, owner):
    position_record(user=owner, document=book, ordinal=9)
    client.force_login(owner)

    response = client.get(reverse("reader:continue", args=["book"]))

    assert response["Location"] == reverse("reader:section", args=["book", 3]) + "#p-9"


def test_it_starts_a_new_reader_at_the_beginning(client, book):
    response = client.get(reverse("reader:continue", args=["book"]))

    assert response["Location"] == reverse("reader:section", args=["book", 1])


def test_it_lists_the_most_marked_passages_first(client, book, owner, member, outsider):
    from annotations.services import annotation_create

    text = book.current_version.text

    def mark(author, words):
        start = text.index(words)
        annotation_create(
            author=author,
            document=book,
            start=start,
            end=start + len(words),
            exact=words,
            visibility="public",
        )

    mark(owner, "Chapter two begins")
    mark(owner, "First paragraph of chapter")
    mark(member, "paragraph of chapter one")
    mark(outsider, "chapter one")

    passages = client.get(document_url()).context["most_marked"]

    assert [(p.text, p.members, p.ordinal) for p in passages] == [
        ("First paragraph of chapter one", 3, 6),
        ("Chapter two begins", 1, 13),
    ]


LONG = (
    "The New Economic Policy replaced requisitioning with a tax in kind in 1921. Peasants "
    "could sell what was left on the market, and private trade came back to the towns. "
    "Lenin called it a retreat, to take a run and make a bigger leap forward; others saw "
    "in it the road to a mixed economy that would last for decades, and argued about it "
    "for the rest of the decade and long after it."
)


def ingest_noted(note="Extracted from a PDF; the title here is descriptive."):
    blocks = [
        Block("heading", "Preface", level=1),
        Block("body", "For my mother."),
        Block("body", LONG),
        Block("body", "Another paragraph entirely, about something else, long enough too."),
    ]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug="noted", title="Noted", note=note
    ).document


def test_it_describes_the_text_by_its_opening_not_its_ingest_notes(client, db):
    ingest_noted()

    html = client.get(document_url("noted")).content.decode()

    assert (
        '<p class="document-description">The New Economic Policy replaced requisitioning with '
        "a tax in kind in 1921. Peasants could sell what was left on the market, and private "
        "trade came back to the towns.</p>"
    ) in html
    assert "For my mother." not in html.split("<nav")[0]
    assert "Extracted from a PDF" not in html


def test_it_keeps_the_ingest_notes_for_whoever_keeps_the_library(client, db, owner):
    from django.contrib.auth import get_user_model

    ingest_noted()
    staff = get_user_model().objects.create_user("staffer", password="x", is_staff=True)
    client.force_login(owner)
    reader_html = client.get(document_url("noted")).content.decode()
    client.force_login(staff)

    html = client.get(document_url("noted")).content.decode()

    assert "Extracted from a PDF" not in reader_html
    assert "<summary>Notes from adding this text</summary>" in html
    assert "<p>Extracted from a PDF; the title here is descriptive.</p>" in html


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("Short.", "Short."),
        ("word " * 100, ("word " * 64).strip() + "…"),
        (
            "Sentence that runs on for a while. " * 4 + "x" * 400,
            ("Sentence that runs on for a while. " * 4).strip(),
        ),
        ("Short one. " + "word " * 100, "Short one. " + ("word " * 61).strip() + "…"),
    ],
)
def test_a_description_is_cut_at_a_sentence_or_a_word(text, description):
    from corpus.queries import shortened

    assert shortened(text, 320) == description


def test_a_text_without_body_paragraphs_has_no_description(client, db):
    blocks = [Block("heading", "Only", level=1), Block("list_item", "A list")]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="bare", title="Bare")

    assert 'class="document-description"' not in client.get(document_url("bare")).content.decode()
