"""/api/documents/: the library and each document's current text, open to everyone."""

import pytest
from django.urls import reverse

from annotations.library import library_text_counts
from annotations.models import Annotation, LibraryText, Reply
from annotations.services import reply_create
from corpus.ingest.blocks import Block
from corpus.models import Document, DocumentVersion
from tests.annotations.conftest import BLOCKS, highlight, ingest_document
from tests.conftest import THROTTLE

LIST = reverse("api:document-list")
FIELDS = [
    "slug", "title", "author", "publisher", "published", "updated", "version",
    "paragraph_count", "url",
]  # fmt: skip


def detail(slug: str) -> str:
    return reverse("api:document-detail", args=[slug])


def test_it_lists_every_document_with_a_text_by_title(anonymous, document):
    ingest_document(slug="another", title="Another", blocks=[Block("body", "Short.")])
    Document.objects.create(slug="no-text", title="Awaiting its text")

    response = anonymous.get(LIST)

    assert response.status_code == 200
    assert list(response.json()) == ["results"]
    results = response.json()["results"]
    assert [item["slug"] for item in results] == ["another", "nep"]
    assert [list(item) for item in results] == [FIELDS, FIELDS]
    assert results[1] == {
        "slug": "nep",
        "title": "The NEP",
        "author": "E. H. Carr",
        "publisher": "",
        "published": "",
        "updated": "",
        "version": 1,
        "paragraph_count": len(BLOCKS),
        "url": "http://testserver/api/documents/nep/",
    }


@pytest.mark.parametrize("number", [1, 4])
def test_it_lists_documents_with_a_constant_number_of_queries(
    anonymous, db, number, django_assert_num_queries
):
    for i in range(number):
        ingest_document(slug=f"doc-{i}", title=f"Document {i}")

    with django_assert_num_queries(1 + THROTTLE):
        response = anonymous.get(LIST)

    assert len(response.json()["results"]) == number


def test_it_answers_a_document_with_its_sections_and_paragraphs(anonymous, document, text):
    response = anonymous.get(detail("nep"))

    assert response.status_code == 200
    data = response.json()
    assert list(data) == [*FIELDS, "is_current", "sections", "paragraphs"]
    assert (data["slug"], data["version"], data["paragraph_count"]) == ("nep", 1, len(BLOCKS))
    assert data["is_current"] is True
    assert data["sections"] == [
        {
            "order": 1,
            "level": 1,
            "title": "The New Economic Policy",
            "first_ordinal": 1,
            "last_ordinal": 4,
        }
    ]
    paragraphs = data["paragraphs"]
    assert [p["ordinal"] for p in paragraphs] == [1, 2, 3, 4]
    assert [p["kind"] for p in paragraphs] == ["heading", "body", "quote", "body"]
    assert [p["text"] for p in paragraphs] == [block.text for block in BLOCKS]
    assert all(list(p) == ["ordinal", "kind", "start", "end", "text"] for p in paragraphs)
    # The text coordinates annotations use.
    assert all(text[p["start"] : p["end"]] == p["text"] for p in paragraphs)
    assert "\n\n".join(p["text"] for p in paragraphs) == text


def test_it_answers_the_current_version_of_a_revised_document(anonymous, document):
    ingest_document(blocks=[Block("heading", "Revised", level=1), Block("body", "New text.")])

    data = anonymous.get(detail("nep")).json()

    assert data["version"] == 2
    assert [p["text"] for p in data["paragraphs"]] == ["Revised", "New text."]
    assert [s["title"] for s in data["sections"]] == ["Revised"]


def test_it_answers_an_older_version_when_asked(anonymous, document):
    ingest_document(blocks=[Block("heading", "Revised", level=1), Block("body", "New text.")])

    response = anonymous.get(detail("nep"), {"version": "1"})

    assert response.status_code == 200
    data = response.json()
    assert (data["version"], data["is_current"]) == (1, False)
    assert [p["text"] for p in data["paragraphs"]] == [block.text for block in BLOCKS]
    assert [s["title"] for s in data["sections"]] == ["The New Economic Policy"]
    assert data["paragraph_count"] == len(BLOCKS)


def test_it_answers_the_current_version_by_its_number_too(anonymous, document):
    ingest_document(blocks=[Block("heading", "Revised", level=1), Block("body", "New text.")])

    data = anonymous.get(detail("nep"), {"version": "2"}).json()

    assert (data["version"], data["is_current"]) == (2, True)
    assert [p["text"] for p in data["paragraphs"]] == ["Revised", "New text."]


@pytest.mark.parametrize("given", ["two", "-1", "0", "1.5", "", "²", "9" * 40])
def test_it_answers_400_naming_the_version_for_a_bad_version(anonymous, document, given):
    response = anonymous.get(detail("nep"), {"version": given})

    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_it_answers_404_saying_so_for_an_unknown_version(anonymous, document):
    response = anonymous.get(detail("nep"), {"version": "7"})

    assert response.status_code == 404
    assert response.json() == {"detail": "No version 7 of this document."}


def test_it_answers_404_for_a_version_of_an_unknown_document(anonymous, document):
    assert anonymous.get(detail("missing"), {"version": "1"}).status_code == 404


def test_it_answers_an_older_version_in_a_constant_number_of_queries(
    anonymous, document, django_assert_num_queries
):
    ingest_document(blocks=[Block("heading", "Revised", level=1), Block("body", "New text.")])

    # The version with its document, its sections, its paragraphs.
    with django_assert_num_queries(3 + THROTTLE):
        anonymous.get(detail("nep"), {"version": "1"})


def test_it_answers_the_sections_of_a_book(anonymous, db):
    blocks = [
        Block("heading", "Part One", level=1),
        Block("heading", "Chapter One", level=2),
        Block("body", "Text one."),
        Block("heading", "Chapter Two", level=2),
        Block("body", "Text two."),
    ]
    ingest_document(slug="book", title="Book", blocks=blocks)

    sections = anonymous.get(detail("book")).json()["sections"]

    assert [(s["order"], s["level"], s["title"]) for s in sections] == [
        (1, 1, "Part One"),
        (2, 2, "Chapter One"),
        (3, 2, "Chapter Two"),
    ]
    assert [(s["first_ordinal"], s["last_ordinal"]) for s in sections] == [(1, 1), (2, 3), (4, 5)]


def test_it_answers_a_document_in_a_constant_number_of_queries(
    anonymous, document, django_assert_num_queries
):
    # The document, its sections, its paragraphs.
    with django_assert_num_queries(3 + THROTTLE):
        anonymous.get(detail("nep"))


@pytest.mark.parametrize("slug", ["missing", "no-text"])
def test_it_answers_404_for_a_document_it_cannot_show(anonymous, db, slug):
    Document.objects.create(slug="no-text", title="Awaiting its text")

    response = anonymous.get(detail(slug))

    assert response.status_code == 404


def test_it_changes_documents_only_by_adding_and_removing_them(author_client, anonymous, document):
    # Adding a text (POST to the list) is tests/annotations/api/test_uploads.py's.
    assert author_client.put(detail("nep"), {}, format="json").status_code == 405
    assert author_client.patch(detail("nep"), {}, format="json").status_code == 405
    assert anonymous.post(LIST, {}, format="json").status_code == 403


# Removing a document: the circle's owners and moderators its text, staff a public one.


@pytest.fixture
def circle_text(circle, owner, member):
    """The NEP in the circle's library, with a circle annotation by member and a reply."""
    document = ingest_document()
    ingest_document(blocks=[*BLOCKS, Block("body", "A later paragraph.")])
    LibraryText.objects.create(document=document, circle=circle)
    shared = highlight(document, member, visibility="circle", circle=circle.slug)
    reply_create(annotation=shared, author=owner, body="Agreed.")
    return document


@pytest.mark.parametrize("role", ["owner", "moderator"])
def test_it_lets_the_circles_owners_and_moderators_remove_its_text(
    client_as, circle_text, request, role
):
    response = client_as(request.getfixturevalue(role)).delete(detail("nep"))

    assert response.status_code == 204
    assert response.content == b""
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not Annotation.objects.exists()
    assert not Reply.objects.exists()


def test_it_refuses_a_member_who_sees_the_text_with_403(client_as, circle_text, member):
    response = client_as(member).delete(detail("nep"))

    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only the circle's owners and moderators remove texts from its library."
    }
    assert library_text_counts(circle_text).replies == 1


@pytest.mark.parametrize("role", ["outsider", "staff"])
def test_it_answers_404_to_those_who_do_not_see_the_text(client_as, circle_text, request, role):
    response = client_as(request.getfixturevalue(role)).delete(detail("nep"))

    assert response.status_code == 404
    assert Document.objects.filter(pk=circle_text.pk).exists()


def test_it_refuses_an_anonymous_caller_before_looking(anonymous, circle_text):
    # As every write: 403 whatever the document, so it tells nothing of circle texts.
    assert anonymous.delete(detail("nep")).status_code == 403
    assert anonymous.delete(detail("missing")).status_code == 403
    assert Document.objects.filter(pk=circle_text.pk).exists()


def test_it_lets_only_staff_remove_a_public_text(client_as, anonymous, document, owner, staff):
    assert anonymous.delete(detail("nep")).status_code == 403
    response = client_as(owner).delete(detail("nep"))
    assert response.status_code == 403
    assert response.json() == {"detail": "Only staff remove texts from the public library."}
    assert Document.objects.filter(pk=document.pk).exists()

    assert client_as(staff).delete(detail("nep")).status_code == 204
    assert not Document.objects.exists()


def test_it_answers_404_for_an_unknown_document_to_remove(client_as, staff, db):
    assert client_as(staff).delete(detail("missing")).status_code == 404
