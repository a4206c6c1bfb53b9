"""POST /api/imports/: Kindle, Hypothesis and Readwise files as the caller's private
highlights, with the report; bad input is a 400 naming the problem, and creates nothing."""

import io

import pytest
from django.urls import reverse

from annotations.circles.services import circle_create
from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from annotations.imports.report import MAX_IMPORT_BYTES
from annotations.models import Annotation, LibraryText
from tests.annotations.conftest import highlight
from tests.annotations.imports.test_highlights import BETRAYED, RUSSIA, data


def post(client, content: bytes, name: str = "upload", **fields):
    body = {"file": io.BytesIO(content), **fields}
    body["file"].name = name
    return client.post("/api/imports/", body, format="multipart")


@pytest.mark.parametrize(
    ("name", "created", "for_review"),
    [("My Clippings.txt", 2, 4), ("hypothesis.json", 1, 1), ("readwise.csv", 1, 2)],
)
def test_it_imports_each_format_detected_from_its_content(
    name, created, for_review, short_seeds, author_client, owner
):
    response = post(author_client, data(name), name)

    assert response.status_code == 201
    report = response.json()
    assert (report["created"], report["created_for_review"]) == (created, for_review)
    assert Annotation.objects.filter(author=owner).count() == created + for_review


def test_it_reports_each_highlight_with_its_quote_and_document(short_seeds, author_client):
    report = post(author_client, data("My Clippings.txt"), format="kindle").json()

    assert report["results"][0] == {
        "index": 0,
        "status": "created",
        "annotation": report["results"][0]["annotation"],
        "quote": "Joseph Stalin’s Russia claimed to be the expression of Marxism.",
        "document": RUSSIA,
        "book": "Russia and socialism",
    }
    assert report["results"][-1] == {
        "index": 10,
        "status": "no matching document",
        "message": "No document in your library has this title; choose one.",
        "quote": "Accumulate, accumulate! That is Moses and the prophets!",
        "book": "Capital, Volume I",
    }
    assert (report["total"], report["skipped"], report["not_found"]) == (9, 1, 1)
    assert report["unmatched_books"] == ["Capital, Volume I"]


def test_a_second_import_creates_nothing_and_says_so(short_seeds, author_client, owner):
    post(author_client, data("readwise.csv"))

    response = post(author_client, data("readwise.csv"))

    assert response.status_code == 200
    assert (response.json()["created"], response.json()["already_imported"]) == (0, 3)
    assert Annotation.objects.filter(author=owner).count() == 3


def test_it_imports_into_the_document_named(short_seeds, author_client, owner):
    response = post(author_client, data("hypothesis.json"), document=BETRAYED)

    assert response.status_code == 201
    assert set(Annotation.objects.values_list("document__slug", flat=True)) == {BETRAYED}


def test_it_brings_back_our_own_csv_export(short_seeds, owner, outsider, other_client):
    document = short_seeds[RUSSIA]
    highlight(document, owner, "Tragically Stalinism destroyed the gains", comment="=SUM(1)")
    exported = export_file(annotations_for_export(owner, "me"), "csv", Links("http://x.test/"))

    response = post(other_client, b"".join(exported.chunks), "notes.csv")

    assert response.status_code == 201
    imported = Annotation.objects.get(author=outsider)
    assert (imported.exact, imported.comment, imported.document) == (
        "Tragically Stalinism destroyed the gains",
        "=SUM(1)",
        document,
    )


def test_a_document_the_reader_may_not_see_is_no_target(short_seeds, owner, member, client_as):
    circle = circle_create(owner=owner, name="Readers")
    LibraryText.objects.create(document=short_seeds[RUSSIA], circle=circle)
    client = client_as(member)

    chosen = post(client, data("readwise.csv"), document=RUSSIA)
    by_title = post(client, data("readwise.csv")).json()

    assert chosen.status_code == 400
    assert chosen.json() == {"document": ["No document 'russia-and-socialism' in your library."]}
    assert by_title["no_matching_document"] == 4
    assert Annotation.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "fields", "field", "message"),
    [
        (b"\x00\x01\x02binary\xff", {}, "file", "This is a binary file"),
        (b"==========\n", {"format": "epub"}, "format", "Unknown format 'epub'"),
        (b"[1, 2", {"format": "hypothesis"}, "file", "The file is not JSON"),
        (b'{"rows": [', {}, "file", "The file is not JSON"),
        (b"Title,Note\nA,B\n", {"format": "readwise"}, "file", "The CSV has no Highlight column"),
        (b"Highlight,Title\nx,y\n", {"format": "kindle"}, "file", "This is not a Kindle"),
        (b"Some words.", {}, "format", "Cannot tell this file's format"),
        (b"==========\n", {"document": "no-such-text"}, "document", "No document 'no-such-text'"),
    ],
)
def test_bad_input_is_a_400_naming_it(content, fields, field, message, short_seeds, author_client):
    response = post(author_client, content, **fields)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field][0].startswith(message)
    assert Annotation.objects.count() == 0


def test_a_missing_file_is_a_400(author_client, db):
    response = author_client.post("/api/imports/", {"format": "kindle"}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": ["Send the file to import in the multipart field 'file'."]}


def test_a_file_over_the_limit_is_a_413_as_on_the_json_ld_import(author_client, db):
    response = post(author_client, b"=" * (MAX_IMPORT_BYTES + 1))
    assert response.status_code == 413
    assert response.json() == {"file": ["The file is larger than 20 MB; split it."]}


def test_import_needs_a_signed_in_reader(anonymous, short_seeds):
    response = post(anonymous, data("readwise.csv"))
    assert response.status_code == 403
    assert Annotation.objects.count() == 0


def test_its_author_accepts_an_imported_highlight_found_approximately(
    short_seeds, author_client, owner
):
    report = post(author_client, data("readwise.csv")).json()
    fuzzy = next(r for r in report["results"] if r["status"] == "created for review")

    response = author_client.post(
        reverse("api:annotation-review", args=[fuzzy["annotation"]]),
        {"action": "accept"},
        format="json",
    )

    assert response.status_code == 200
    accepted = Annotation.objects.get(pk=fuzzy["annotation"])
    assert (accepted.anchor, accepted.previous_exact) == ("exact", "")
    again = post(author_client, data("readwise.csv")).json()
    assert again["already_imported"] == 3
