"""Recording a reader's position: the view, the service behind it and the query that reads it."""

import datetime
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest
from reader.models import ReadingPosition
from reader.queries import positions_for_user
from reader.services import position_record


def add_document(slug: str = "essay", paragraphs: int = 3):
    """A document of one heading and ``paragraphs - 1`` body paragraphs."""
    blocks = [Block(kind="heading", text=f"On {slug}", level=1)]
    blocks += [
        Block(kind="body", text=f"Paragraph {n} of {slug}.") for n in range(2, paragraphs + 1)
    ]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug=slug, title=slug.title()
    ).document


@pytest.fixture
def essay(db):
    return add_document()


def url(slug: str = "essay") -> str:
    return reverse("reader:position", args=[slug])


def post_json(client, data, slug: str = "essay"):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url(slug), body, content_type="application/json")


# The view


def test_it_refuses_an_anonymous_reader_with_json_and_stores_nothing(client, essay):
    response = client.post(url(), {"ordinal": 2})

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Sign in to have your place remembered."}
    assert not ReadingPosition.objects.exists()


def test_it_only_accepts_post(client, owner, essay):
    client.force_login(owner)

    response = client.get(url())

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_it_records_a_form_encoded_ordinal(client, owner, essay):
    client.force_login(owner)

    response = client.post(url(), {"ordinal": "2"})

    assert response.status_code == 204
    assert response.content == b""
    position = ReadingPosition.objects.get()
    assert (position.user, position.document, position.ordinal) == (owner, essay, 2)


def test_it_records_a_json_ordinal(client, owner, essay):
    client.force_login(owner)

    response = post_json(client, {"ordinal": 3})

    assert response.status_code == 204
    assert ReadingPosition.objects.get().ordinal == 3


def test_it_updates_the_one_position_on_a_second_post(client, owner, essay):
    client.force_login(owner)
    client.post(url(), {"ordinal": 3})
    first = ReadingPosition.objects.get()

    response = client.post(url(), {"ordinal": 2})

    assert response.status_code == 204
    second = ReadingPosition.objects.get()
    assert (second.pk, second.ordinal) == (first.pk, 2)
    assert second.updated >= first.updated


def test_it_keeps_readers_positions_apart(client, owner, member, essay):
    client.force_login(owner)
    client.post(url(), {"ordinal": 3})
    client.force_login(member)
    client.post(url(), {"ordinal": 2})

    positions = ReadingPosition.objects.order_by("user__username")
    assert [(p.user.username, p.ordinal) for p in positions] == [("alice", 3), ("bob", 2)]


def test_it_answers_404_for_an_unknown_document(client, owner, essay):
    client.force_login(owner)

    response = client.post(url("no-such-text"), {"ordinal": 1})

    assert response.status_code == 404
    assert not ReadingPosition.objects.exists()


@pytest.mark.parametrize(
    ("content_type", "body", "error"),
    [
        ("form", {}, "ordinal: required, the number of the paragraph you are at"),
        ("form", {"ordinal": ""}, "ordinal: required, the number of the paragraph you are at"),
        ("form", {"ordinal": "two"}, 'ordinal: "two" is not a whole number'),
        ("form", {"ordinal": "1.5"}, 'ordinal: "1.5" is not a whole number'),
        ("form", {"ordinal": "-1"}, 'ordinal: "-1" is not a whole number'),
        ("form", {"ordinal": " 2"}, 'ordinal: " 2" is not a whole number'),
        ("form", {"ordinal": "0"}, "ordinal: paragraphs are numbered from 1, not 0"),
        (
            "form",
            {"ordinal": "4"},
            "ordinal: 'essay' has no paragraph 4; its paragraphs are numbered 1 to 3",
        ),
        (
            "form",
            {"ordinal": "99999999999"},
            "ordinal: 'essay' has no paragraph 99999999999; its paragraphs are numbered 1 to 3",
        ),
        ("json", "{ordinal: 2", "ordinal: the request body is not valid JSON"),
        ("json", "[2]", 'ordinal: send a JSON object such as {"ordinal": 12}'),
        ("json", {}, "ordinal: required, the number of the paragraph you are at"),
        ("json", {"ordinal": None}, "ordinal: required, the number of the paragraph you are at"),
        ("json", {"ordinal": 2.5}, "ordinal: 2.5 is not a whole number"),
        ("json", {"ordinal": True}, "ordinal: true is not a whole number"),
        ("json", {"ordinal": [2]}, "ordinal: [2] is not a whole number"),
        ("json", {"ordinal": 0}, "ordinal: paragraphs are numbered from 1, not 0"),
        ("json", {"ordinal": -3}, "ordinal: paragraphs are numbered from 1, not -3"),
        (
            "json",
            {"ordinal": 4},
            "ordinal: 'essay' has no paragraph 4; its paragraphs are numbered 1 to 3",
        ),
        (
            "json",
            {"ordinal": 10**30},
            f"ordinal: 'essay' has no paragraph {10**30}; its paragraphs are numbered 1 to 3",
        ),
    ],
)
def test_it_refuses_a_bad_ordinal_naming_the_field(client, owner, essay, content_type, body, error):
    client.force_login(owner)
    ReadingPosition.objects.create(user=owner, document=essay, ordinal=2)

    if content_type == "json":
        response = post_json(client, body)
    else:
        response = client.post(url(), body)

    assert response.status_code == 400
    assert response.json() == {"error": error, "field": "ordinal"}
    assert ReadingPosition.objects.get().ordinal == 2


def test_it_accepts_a_numeric_string_in_json(client, owner, essay):
    client.force_login(owner)

    response = post_json(client, {"ordinal": "3"})

    assert response.status_code == 204
    assert ReadingPosition.objects.get().ordinal == 3


def test_it_refuses_a_post_without_a_csrf_token(owner, essay, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = client.post(url(), {"ordinal": 2})

    assert response.status_code == 403
    assert not ReadingPosition.objects.exists()


def test_it_accepts_the_csrf_token_in_a_header_as_position_js_sends_it(owner, essay):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    # Any page with a form sets the cookie; the profile has the sign-out form.
    client.get(reverse("reader:profile"))
    token = client.cookies["csrftoken"].value

    response = client.post(url(), {"ordinal": 2}, headers={"X-CSRFToken": token})

    assert response.status_code == 204
    assert ReadingPosition.objects.get().ordinal == 2


def test_it_lets_scripts_read_the_csrf_cookie(settings):
    # position.js reads the token from the cookie.
    assert settings.CSRF_COOKIE_HTTPONLY is False
    assert settings.CSRF_USE_SESSIONS is False


# The service


def test_it_creates_then_updates_one_position(owner, essay):
    first = position_record(user=owner, document=essay, ordinal=1)
    second = position_record(user=owner, document=essay, ordinal=3)

    assert first.pk is not None
    assert second.pk == first.pk
    assert list(ReadingPosition.objects.values_list("ordinal", flat=True)) == [3]


def test_it_stamps_the_time_of_each_update(owner, essay):
    position_record(user=owner, document=essay, ordinal=1)
    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    ReadingPosition.objects.update(updated=long_ago)

    position = position_record(user=owner, document=essay, ordinal=2)

    position.refresh_from_db()
    assert position.updated > long_ago
    assert position.ordinal == 2


def test_it_validates_against_the_current_version(owner, essay):
    # A new, shorter version: its paragraph 3 no longer exists.
    document_ingest(
        parsed=ParsedDocument(blocks=[Block(kind="body", text="Rewritten."), Block("body", "2")]),
        slug="essay",
        title="Essay",
    )
    essay.refresh_from_db()

    with pytest.raises(ValueError, match="no paragraph 3; its paragraphs are numbered 1 to 2"):
        position_record(user=owner, document=essay, ordinal=3)
    assert not ReadingPosition.objects.exists()


def test_it_refuses_a_document_without_a_current_version(owner, essay):
    essay.current_version = None

    with pytest.raises(ValueError, match="'essay' has no paragraphs to be at"):
        position_record(user=owner, document=essay, ordinal=1)


@pytest.mark.parametrize("ordinal", ["2", 2.0, True, None])
def test_it_refuses_an_ordinal_that_is_not_an_int(owner, essay, ordinal):
    with pytest.raises(ValueError, match="is not a whole number"):
        position_record(user=owner, document=essay, ordinal=ordinal)


# The query


def test_it_has_no_positions_for_an_anonymous_reader(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert positions_for_user(AnonymousUser()) == {}


def test_it_returns_only_the_readers_own_positions(owner, member, essay):
    mine = position_record(user=owner, document=essay, ordinal=2)
    position_record(user=member, document=essay, ordinal=3)

    positions = positions_for_user(owner)

    assert positions == {essay.id: mine}
    assert positions[essay.id].ordinal == 2


@pytest.mark.parametrize("documents", [1, 3])
def test_it_reads_all_positions_in_one_query(owner, django_assert_num_queries, documents):
    essays = [add_document(f"essay-{n}") for n in range(documents)]
    for essay in essays:
        position_record(user=owner, document=essay, ordinal=2)

    with django_assert_num_queries(1):
        positions = positions_for_user(owner)
        ordinals = {document_id: position.ordinal for document_id, position in positions.items()}

    assert ordinals == {essay.id: 2 for essay in essays}
