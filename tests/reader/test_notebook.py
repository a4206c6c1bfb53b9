import pytest
from django.urls import reverse
from django.utils.html import escape

from annotations import services
from annotations.models import Annotation
from tests.reader.conftest import ingest_book

NOTEBOOK = "/notebook/"


def highlight(document, author, quote: str, **fields) -> Annotation:
    text = document.current_version.text
    start = text.index(quote)
    return services.annotation_create(
        author=author, document=document, start=start, end=start + len(quote), exact=quote, **fields
    )


def page(client, reader, query: str = "") -> str:
    client.force_login(reader)
    response = client.get(NOTEBOOK + query)
    assert response.status_code == 200
    return response.content.decode()


def order_of(html: str, *quotes: str) -> list[str]:
    """The quotes in the order the page shows them."""
    return sorted(quotes, key=html.index)


def test_it_is_at_notebook():
    assert reverse("reader:notebook") == NOTEBOOK


def test_it_asks_a_visitor_to_sign_in(client, db):
    response = client.get(NOTEBOOK)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={NOTEBOOK}"


def test_it_links_to_the_notebook_for_signed_in_readers_only(client, book, owner):
    link = f'<li><a href="{NOTEBOOK}">Notebook</a></li>'
    assert link not in client.get(reverse("reader:library")).content.decode()

    client.force_login(owner)

    assert link in client.get(reverse("reader:library")).content.decode()


def test_it_shows_only_the_readers_own_annotations(client, book, owner, outsider):
    highlight(book, owner, "Why this book.")
    highlight(book, owner, "The part opens.", visibility="public")
    highlight(book, outsider, "Chapter two begins.", visibility="public")
    highlight(book, outsider, "First paragraph of chapter one.")

    html = page(client, owner)

    assert "Why this book." in html
    assert "The part opens." in html
    assert "Chapter two begins." not in html
    assert "First paragraph of chapter one." not in html
    assert "2 annotations" in html


def test_it_shows_an_entry_with_its_quote_comment_tags_colour_and_visibility(client, book, owner):
    highlight(
        book,
        owner,
        "First paragraph of chapter one.",
        color="green",
        comment="A **strong** opening, see [this](https://example.org/).",
        tags=["nep", "Planning"],
        visibility="public",
    )

    html = page(client, owner)

    assert "<p>First paragraph of chapter one.</p>" in html
    assert (
        '<div class="notebook-comment"><p>A <strong>strong</strong> opening, see '
        '<a href="https://example.org/" rel="nofollow noopener noreferrer" target="_blank">'
        "this</a>.</p></div>"
    ) in html
    assert f'<li><a href="{NOTEBOOK}?tag=nep">nep</a></li>' in html
    assert f'<li><a href="{NOTEBOOK}?tag=Planning">Planning</a></li>' in html
    assert '<span class="swatch swatch-green" aria-hidden="true"></span>Green' in html
    assert "· Public" in html
    assert "A Book, ¶6</a>" in html


def test_it_escapes_the_quote(client, book, owner):
    highlight(book, owner, "A quotation set apart <with> markup-like text")

    html = page(client, owner)

    assert "A quotation set apart &lt;with&gt; markup-like text" in html
    assert "<with>" not in html


@pytest.mark.parametrize(
    ("quote", "ordinal"),
    [
        ("Why this book.", 2),
        ("paragraph of chapter", 6),  # starts inside its paragraph
        ("It failed.", 11),
        ("Second point\n\nPlanning was central.", 10),  # runs on into paragraph 11
    ],
)
def test_it_links_each_annotation_to_the_paragraph_it_starts_in(
    client, book, owner, quote, ordinal
):
    highlight(book, owner, quote)

    html = page(client, owner)

    assert (
        f'<a href="{reverse("reader:paragraph", args=["book", ordinal])}">A Book, ¶{ordinal}</a>'
        in html
    )


def test_it_filters_by_document(client, book, owner):
    other = ingest_book(slug="other", title="Another Book")
    highlight(book, owner, "Why this book.")
    highlight(other, owner, "The part opens.")

    html = page(client, owner, "?document=other")

    assert "The part opens." in html
    assert "Why this book." not in html
    assert '<option value="other" selected>Another Book</option>' in html


def test_it_offers_only_the_documents_the_reader_annotated(client, book, owner, outsider):
    other = ingest_book(slug="other", title="Another Book")
    highlight(book, owner, "Why this book.")
    highlight(other, outsider, "Why this book.")

    html = page(client, owner)

    assert '<option value="book">A Book</option>' in html
    assert 'value="other"' not in html


def test_it_filters_by_tag_whatever_its_case(client, book, owner, outsider):
    highlight(book, owner, "Why this book.", tags=["NEP"])
    highlight(book, owner, "The part opens.", tags=["planning"])
    highlight(book, outsider, "Chapter two begins.", tags=["nep"], visibility="public")

    html = page(client, owner, "?tag=nep")

    assert "Why this book." in html
    assert "The part opens." not in html
    assert "Chapter two begins." not in html
    assert "1 annotation" in html


def test_it_offers_the_readers_own_tags(client, book, owner, outsider):
    highlight(book, owner, "Why this book.", tags=["planning", "nep"])
    highlight(book, outsider, "The part opens.", tags=["secret-tag"])

    html = page(client, owner)

    assert '<option value="nep">nep</option>' in html
    assert '<option value="planning">planning</option>' in html
    assert "secret-tag" not in html


def test_it_filters_by_colour(client, book, owner):
    highlight(book, owner, "Why this book.", color="pink")
    highlight(book, owner, "The part opens.", color="blue")

    html = page(client, owner, "?color=pink")

    assert "Why this book." in html
    assert "The part opens." not in html
    assert '<option value="pink" selected>Pink</option>' in html


def test_it_ignores_an_unknown_colour_and_says_so(client, book, owner):
    highlight(book, owner, "Why this book.", color="pink")

    html = page(client, owner, "?color=plaid")

    assert "Why this book." in html
    assert "Colour: Select a valid choice. plaid is not one of the available choices." in html


@pytest.mark.parametrize("q", ["chapter ONE", "strong opening"])
def test_it_filters_by_text_in_the_quote_or_the_comment(client, book, owner, q):
    highlight(book, owner, "First paragraph of chapter one.", comment="A strong opening.")
    highlight(book, owner, "Why this book.", comment="Nothing to see.")

    html = page(client, owner, f"?q={q.replace(' ', '+')}")

    assert "First paragraph of chapter one." in html
    assert "Why this book." not in html


def test_it_shows_the_newest_first_by_default(client, book, owner):
    quotes = ["Chapter two begins.", "Why this book.", "The part opens."]
    for quote in quotes:
        highlight(book, owner, quote)

    html = page(client, owner)

    assert order_of(html, *quotes) == list(reversed(quotes))
    assert order_of(page(client, owner, "?order=newest"), *quotes) == list(reversed(quotes))


def test_it_shows_them_in_reading_order_document_by_document(client, book, owner):
    # Ingested after "A Book" but first by title (digits sort first in every collation).
    other = ingest_book(slug="other", title="1917: Another Book")
    highlight(book, owner, "Chapter two begins.")
    highlight(other, owner, "The part opens.")
    highlight(book, owner, "Why this book.")
    highlight(other, owner, "Why this book.")

    html = page(client, owner, "?order=reading")

    links = [
        f'href="{reverse("reader:paragraph", args=[slug, ordinal])}"'
        for slug, ordinal in [("other", 2), ("other", 4), ("book", 2), ("book", 13)]
    ]
    assert order_of(html, *links) == links
    assert '<option value="reading" selected>Reading order</option>' in html


def test_it_shows_fifty_a_page_and_keeps_the_filters_in_the_page_links(client, book, owner):
    first = highlight(book, owner, "Why this book.", color="blue")
    Annotation.objects.bulk_create(
        [Annotation(**_fields_of(first), created=first.created) for _ in range(54)]
    )

    html = page(client, owner, "?color=blue")

    assert "55 annotations · page 1 of 2" in html
    assert html.count('<li class="notebook-entry">') == 50
    assert 'href="?color=blue&amp;page=2"' in html

    second = page(client, owner, "?color=blue&page=2")

    assert second.count('<li class="notebook-entry">') == 5
    assert '<ol class="notebook" start="51">' in second


def test_it_tells_a_new_reader_how_to_highlight(client, owner):
    html = page(client, owner)

    assert "select some words in any reading view" in html
    assert '<form class="notebook-filters"' not in html


def test_it_says_so_when_nothing_matches_the_filters(client, book, owner):
    highlight(book, owner, "Why this book.")

    html = page(client, owner, "?q=nowhere")

    assert "None of your annotations match these filters." in html
    assert f'<a href="{NOTEBOOK}">Clear filters</a>' in html


def test_it_labels_every_filter(client, book, owner):
    highlight(book, owner, "Why this book.")

    html = page(client, owner)

    for name, label in [
        ("document", "Document"),
        ("tag", "Tag"),
        ("color", "Colour"),
        ("q", "Text"),
        ("order", "Order"),
    ]:
        assert f'<label for="id_{name}">{label}</label>' in html


def test_it_shows_the_comment_html_as_stored_and_escapes_the_tags(client, book, owner):
    annotation = highlight(book, owner, "Why this book.", tags=["<b>bold</b>"])
    Annotation.objects.filter(pk=annotation.pk).update(comment_html="<em>already safe</em>")

    html = page(client, owner)

    assert '<div class="notebook-comment"><em>already safe</em></div>' in html
    assert escape("<b>bold</b>") in html
    assert "<b>bold</b>" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_it_uses_the_same_number_of_queries_whatever_the_number_of_annotations(
    client, book, owner, django_assert_num_queries, count
):
    other = ingest_book(slug="other", title="Another Book")
    quotes = ["Why this book.", "The part opens.", "Chapter two begins."]
    for index in range(count):
        document = book if index % 2 == 0 else other
        highlight(document, owner, quotes[index], tags=["nep", f"tag-{index}"], comment="**Yes**")
    client.force_login(owner)

    # Session, user, documents, tags, count, the page, the page's tags, the reader's
    # circles (to share with).
    with django_assert_num_queries(8):
        response = client.get(NOTEBOOK + "?order=reading")

    assert response.content.decode().count('<li class="notebook-entry">') == count


def _fields_of(annotation: Annotation) -> dict:
    names = ["author", "document", "version", "start", "end", "exact", "prefix", "suffix"]
    return {name: getattr(annotation, name) for name in names} | {"color": annotation.color}


def test_it_says_when_a_highlights_words_are_gone_from_the_current_version(client, book, owner):
    from corpus.ingest.blocks import Block, ParsedDocument
    from corpus.services import document_ingest

    highlight(book, owner, "First paragraph of chapter one.")
    blocks = [Block("heading", "Preface", level=1), Block("body", "All rewritten.")]
    document_ingest(parsed=ParsedDocument(blocks=blocks), slug="book", title="A Book")

    html = page(client, owner)

    assert "First paragraph of chapter one." in html
    assert "(in an earlier version of the text; its words are not in the current one)" in html
    assert 'href="/read/book/p/' not in html


def test_it_marks_an_annotation_a_moderator_hid(client, book, owner):
    annotation = highlight(book, owner, "First paragraph of chapter one.")
    Annotation.objects.filter(pk=annotation.pk).update(hidden=True)

    assert "Hidden by a moderator" in page(client, owner)


def test_it_filters_what_needs_review_after_a_new_version(client, db, owner):
    from annotations.models import Anchor
    from tests.essays import annotate_words as annotate
    from tests.essays import ingest_essay as ingest

    document = ingest("The plan failed.", "Planning was central to the whole system.").document
    kept = annotate(document, owner, "The plan failed.")
    moved = annotate(document, owner, "Planning was central to the whole system.")
    ingest("The plan failed.", "Planning was central to the entire system.")
    moved.refresh_from_db()
    assert moved.anchor == Anchor.FUZZY
    client.force_login(owner)

    everything = client.get(NOTEBOOK).content.decode()
    to_review = client.get(NOTEBOOK, {"needs_review": "yes"}).content.decode()

    assert everything.count('<li class="notebook-entry">') == 2
    assert to_review.count('<li class="notebook-entry">') == 1
    assert "entire system" in to_review
    assert escape(kept.exact) not in to_review


@pytest.mark.parametrize("number", ["3", "999", "0", "-1", "two"])
def test_a_page_the_notebook_does_not_have_is_a_404(client, book, owner, number):
    first = highlight(book, owner, "Why this book.")
    Annotation.objects.bulk_create(
        [Annotation(**_fields_of(first), created=first.created) for _ in range(54)]
    )
    client.force_login(owner)

    assert client.get(NOTEBOOK, {"page": "2"}).status_code == 200
    assert client.get(NOTEBOOK, {"page": number}).status_code == 404


def test_an_empty_notebook_has_its_first_page_only(client, owner):
    client.force_login(owner)

    assert client.get(NOTEBOOK, {"page": "1"}).status_code == 200
    assert client.get(NOTEBOOK, {"page": "2"}).status_code == 404


def test_its_export_links_follow_its_filters(client, book, owner):
    highlight(book, owner, "Why this book.", color="pink", tags=["nep"])
    highlight(book, owner, "The part opens.", color="blue")

    unfiltered = page(client, owner)
    html = page(client, owner, "?tag=nep&color=pink&q=why&order=reading&needs_review=")

    assert f'<a href="{reverse("reader:export")}?scope=me&amp;format=md">Markdown</a>' in unfiltered
    query = "scope=me&amp;tag=nep&amp;color=pink&amp;q=why"
    assert f'<a href="{reverse("reader:export")}?{query}&amp;format=csv">CSV</a>' in html
    assert "Export the notes these filters show" in html
    exported = client.get(
        reverse("reader:export") + "?" + query.replace("&amp;", "&") + "&format=csv"
    )
    lines = b"".join(exported.streaming_content).decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["Why this book."]
