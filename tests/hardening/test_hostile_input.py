"""Hostile input is a 4xx that names the problem, never a 500, on SQLite and PostgreSQL:
NUL bytes and lone surrogates in paths, query strings and JSON; integers past every
column's range; over-long tags; JSON nested deeper than any real request."""

import json

import pytest
from django.urls import reverse

from annotations.circles.services import circle_create
from annotations.models import TopicSummary
from tests.reader.conftest import ingest_book

NUL = "%00"
SURROGATE = "%ED%A0%80"  # UTF-8 bytes of a lone high surrogate: not valid UTF-8


@pytest.fixture
def book(db):
    return ingest_book()


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


PATHS = [
    f"/invite/{NUL}/",
    f"/guides/public/a{NUL}b/",
    f"/guides/public/a{NUL}b.md",
    f"/read/book{NUL}/",
    f"/circles/a{NUL}/",
    f"/api/annotations/?tag=a{NUL}",
    f"/read/book/s/1/?member={NUL}",
    f"/read/book/s/1/?layer={NUL}",
    f"/search/?q=a{NUL}b",
    f"/notebook/?tag={NUL}",
    f"/export/?scope=me&format=md&document=a{NUL}",
    f"/api/tags/?q={NUL}",
    # Not UTF-8 (a lone surrogate's bytes): read as U+FFFD, so a page, not an error.
    f"/guides/public/{SURROGATE}/",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("who", ["anonymous", "signed in"])
def test_it_answers_nul_bytes_and_lone_surrogates_with_a_4xx(client, owner, book, path, who):
    if who == "signed in":
        client.force_login(owner)

    response = client.get(path)

    assert 400 <= response.status_code < 500 or (
        SURROGATE in path and response.status_code == 200
    ), (path, response.status_code)


def post_json(client, url, body: str):
    return client.post(url, body, content_type="application/json")


def annotation_body(book, **fields) -> dict:
    paragraph = book.current_version.paragraphs.get(ordinal=6)
    return {
        "document": book.slug,
        "start": paragraph.start,
        "end": paragraph.start + 5,
        "exact": paragraph.text[:5],
        **fields,
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("comment", "a\x00b"),
        ("comment", "a\ud800b"),
        ("tags", ["a\x00b"]),
        ("tags", ["a\udc00"]),
        ("exact", "Firs\x00"),
    ],
)
def test_it_refuses_nul_bytes_and_lone_surrogates_in_json(signed_in, book, field, value):
    body = json.dumps(annotation_body(book, **{field: value}))

    response = post_json(signed_in, reverse("api:annotation-list"), body)

    assert response.status_code == 400, response.content
    assert response.json()


def test_it_refuses_a_nul_byte_in_a_field_name_with_a_detail(signed_in, book):
    body = json.dumps({**annotation_body(book), "a\x00b": 1})

    response = post_json(signed_in, reverse("api:annotation-list"), body)

    assert response.status_code == 400
    assert response.json() == {"detail": "A field name holds a NUL byte."}


def test_it_refuses_json_nested_a_thousand_deep(signed_in, book):
    body = '{"document": ' + "[" * 1000 + "]" * 1000 + "}"

    response = post_json(signed_in, reverse("api:annotation-list"), body)

    assert response.status_code == 400
    assert "deep" in json.dumps(response.json())


@pytest.mark.parametrize("uses", [2**31, 2**63, 2**70, -(2**70)])
def test_it_refuses_invite_uses_past_any_column(signed_in, owner, uses):
    circle = circle_create(owner=owner, name="Planning")
    url = reverse("api:circle-invite-list", args=[circle.slug])

    response = post_json(signed_in, url, json.dumps({"max_uses": uses}))

    assert response.status_code == 400
    assert list(response.json()) == ["max_uses"]


def test_it_refuses_a_summary_for_a_tag_longer_than_a_tag_can_be(signed_in):
    tag = "t" * 101
    url = reverse("reader:guide_summary", args=["me", tag])

    response = signed_in.post(url, {"body": "A summary."})

    assert response.status_code == 404
    assert not TopicSummary.objects.exists()


def test_it_refuses_an_over_long_tag_with_a_message(signed_in, book):
    body = json.dumps(annotation_body(book, tags=["t" * 101]))

    response = post_json(signed_in, reverse("api:annotation-list"), body)

    assert response.status_code == 400
    assert "tags" in response.json()
