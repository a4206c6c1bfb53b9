import pytest
from django.urls import reverse

from corpus.ingest.blocks import Block, ParsedDocument
from corpus.models import Document
from corpus.services import document_ingest


def add_document(number: int) -> None:
    parsed = ParsedDocument(
        blocks=[
            Block(kind="heading", text=f"Part {number}", level=1),
            Block(kind="body", text="One two three."),
            Block(kind="body", text="Four five."),
        ]
    )
    document_ingest(
        parsed=parsed,
        slug=f"doc-{number}",
        title=f"Document {number}",
        author="A. Writer",
        publisher="A Press",
        published="2020-09",
    )


def test_it_lists_documents_with_their_counts(client, db):
    add_document(1)

    response = client.get(reverse("reader:library"))

    assert response.status_code == 200
    assert response.templates[0].name == "reader/library.html"
    [document] = response.context["documents"]
    assert (document.title, document.paragraph_count) == ("Document 1", 3)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<td>Document 1</td>" in html
    assert '<time datetime="2020-09">2020-09</time>' in html
    assert "<td>3</td>" in html  # paragraphs
    assert "<td>7</td>" in html  # words: "Part 1 One two three. Four five."


def test_it_says_so_when_the_library_is_empty(client, db):
    response = client.get(reverse("reader:library"))

    assert response.status_code == 200
    assert "No documents yet" in response.content.decode()


def test_it_shows_a_document_without_a_current_version(client, db):
    add_document(1)
    Document.objects.update(current_version=None)

    response = client.get(reverse("reader:library"))

    assert response.status_code == 200
    [document] = response.context["documents"]
    assert document.paragraph_count == 0


@pytest.mark.parametrize("documents", [1, 3])
def test_it_uses_one_query_whatever_the_number_of_documents(
    client, db, django_assert_num_queries, documents
):
    for number in range(documents):
        add_document(number)

    with django_assert_num_queries(1):
        response = client.get(reverse("reader:library"))

    titles = [document.title for document in response.context["documents"]]
    assert titles == [f"Document {number}" for number in range(documents)]


def test_it_orders_documents_by_title(client, db):
    for number in (2, 3, 1):
        add_document(number)

    response = client.get(reverse("reader:library"))

    titles = [document.title for document in response.context["documents"]]
    assert titles == ["Document 1", "Document 2", "Document 3"]
