"""/api/annotations/: creating, reading, changing, deleting and listing annotations."""

import datetime
import json
import re

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from taggit.models import Tag

from annotations.models import Annotation, TaggedAnnotation
from corpus.ingest.blocks import Block
from tests.annotations.conftest import highlight, ingest_document, payload, span
from tests.conftest import THROTTLE

LIST = reverse("api:annotation-list")
FIELDS = [
    "id", "document", "start", "end", "exact", "prefix", "suffix", "color", "comment",
    "comment_html", "tags", "visibility", "circle", "hidden",
    "review_requested", "author", "created", "updated",
    "version", "anchor", "previous_exact", "reactions", "my_reactions",
]  # fmt: skip


def detail(annotation_id: int) -> str:
    return reverse("api:annotation-detail", args=[annotation_id])


def post(client, body):
    return client.post(LIST, body, format="json")


def counts() -> tuple[int, int, int]:
    return Annotation.objects.count(), Tag.objects.count(), TaggedAnnotation.objects.count()


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert isinstance(response.json()[field], list | dict)


def stored_as_json(annotation_id: int) -> dict:
    """The stored row, written out as the API should have answered."""
    row = Annotation.objects.select_related("author", "document", "circle", "version").get(
        pk=annotation_id
    )
    return {
        "id": row.pk,
        "document": row.document.slug,
        "start": row.start,
        "end": row.end,
        "exact": row.exact,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "color": row.color,
        "comment": row.comment,
        "comment_html": row.comment_html,
        "tags": sorted(row.tags.names(), key=str.casefold),
        "visibility": row.visibility,
        "circle": row.circle.slug if row.circle else None,
        "hidden": row.hidden,
        "review_requested": False,  # tests/annotations/permissions/test_lifecycle_visibility.py
        "author": row.author.username,
        "created": row.created.isoformat(),
        "updated": row.updated.isoformat(),
        "version": row.version.number,
        "anchor": row.anchor,
        "previous_exact": None if row.anchor == "exact" else row.previous_exact,
        # Reactions are for circle annotations: tests/annotations/api/test_circles.py.
        "reactions": {"agree": 0, "disagree": 0, "question": 0},
        "my_reactions": [],
    }


# Creating


def test_it_creates_an_annotation_and_answers_with_every_field(author_client, document, text):
    body = payload(document, comment="The *heart* of it.", tags=["nep", "Agriculture"])

    response = post(author_client, body)

    assert response.status_code == 201
    data = response.json()
    assert list(data) == FIELDS
    assert data == stored_as_json(data["id"])
    start, end = span(document, "tax in kind")
    assert data["document"] == "nep"
    assert (data["start"], data["end"], data["exact"]) == (start, end, "tax in kind")
    assert data["prefix"] == text[start - 32 : start]
    assert data["suffix"] == text[end : end + 32]
    assert (data["color"], data["visibility"], data["author"]) == ("green", "private", "alice")
    assert data["comment"] == "The *heart* of it."
    assert data["comment_html"] == "<p>The <em>heart</em> of it.</p>"
    assert data["tags"] == ["Agriculture", "nep"]  # sorted whatever the case
    created = datetime.datetime.fromisoformat(data["created"])
    assert created.utcoffset() == datetime.timedelta(0)
    assert data["updated"] == data["created"]


def test_it_creates_with_only_the_required_fields(author_client, document):
    body = {key: payload(document)[key] for key in ("document", "start", "end", "exact")}

    response = post(author_client, body)

    assert response.status_code == 201
    data = response.json()
    assert (data["color"], data["visibility"]) == ("yellow", "private")
    assert (data["comment"], data["comment_html"], data["tags"]) == ("", "", [])


def test_it_answers_with_the_stored_tag_names(author_client, document, owner):
    highlight(document, owner, tags=["NEP"])

    response = post(author_client, payload(document, tags=["nep", "  new   tag "]))

    assert response.json()["tags"] == ["NEP", "new tag"]


def test_it_answers_with_trimmed_offsets(author_client, document):
    start, end = span(document, " tax in kind, ")

    response = post(author_client, payload(document, start=start, end=end, exact=" tax in kind, "))

    assert response.status_code == 201
    data = response.json()
    assert (data["start"], data["end"], data["exact"]) == (start + 1, end - 1, "tax in kind,")


def test_it_targets_the_current_version(author_client, document):
    revised = ingest_document(
        blocks=[Block("heading", "Revised", level=1), Block("body", "At last a tax in kind.")]
    )

    response = post(author_client, payload(revised))

    assert response.status_code == 201
    annotation = Annotation.objects.get()
    assert annotation.version_id == revised.current_version_id
    assert annotation.version.number == 2
    assert response.json()["start"] == revised.current_version.text.index("tax in kind")


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("start equals end", "end"),
        ("start after end", "end"),
        ("negative start", "start"),
        ("end beyond the text", "end"),
        ("start and end beyond the text", "end"),
        ("exact differs from the text", "exact"),
        ("exact empty", "exact"),
        ("only whitespace", "exact"),
        ("unknown document", "document"),
        ("unknown colour", "color"),
        ("colour in capitals", "color"),
        ("circle visibility", "circle"),
        ("unknown visibility", "visibility"),
        ("comment of 10,001 characters", "comment"),
        ("21 tags", "tags"),
        ("a tag of 51 characters", "tags"),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_stores_nothing(
    author_client, document, text, owner, case, field
):
    highlight(document, owner, tags=["existing"])  # so that "nothing changed" means something
    start, end = span(document, "tax in kind")
    length = len(text)
    overrides = {
        "start equals end": {"start": start, "end": start},
        "start after end": {"start": end, "end": start},
        "negative start": {"start": -1},
        "end beyond the text": {"start": length - 5, "end": length + 1, "exact": text[-5:]},
        "start and end beyond the text": {"start": length + 2, "end": length + 4, "exact": "ab"},
        "exact differs from the text": {"exact": "tax in KIND"},
        "exact empty": {"exact": ""},
        "only whitespace": {"start": text.index("\n\n"), "end": text.index("\n\n") + 2,
                            "exact": "\n\n"},
        "unknown document": {"document": "no-such-document"},
        "unknown colour": {"color": "mauve"},
        "colour in capitals": {"color": "GREEN"},
        "circle visibility": {"visibility": "circle"},
        "unknown visibility": {"visibility": "secret"},
        "comment of 10,001 characters": {"comment": "x" * 10_001},
        "21 tags": {"tags": [f"tag{i}" for i in range(21)]},
        "a tag of 51 characters": {"tags": ["fine", "x" * 51]},
    }[case]  # fmt: skip
    before = counts()

    response = post(author_client, payload(document, **overrides))

    assert_refused(response, field)
    assert counts() == before


def test_it_accepts_the_largest_inputs_allowed(author_client, document):
    body = payload(document, comment="x" * 10_000, tags=[f"{i:0>50}" for i in range(20)])

    response = post(author_client, body)

    assert response.status_code == 201
    assert len(response.json()["tags"]) == 20


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "74"),
        ("start", 74.0),
        ("start", 74.5),
        ("start", True),
        ("start", None),
        ("start", [74]),
        ("end", "85"),
        ("end", False),
        ("end", 85.0),
        ("end", 2**31),
        ("exact", 5),
        ("exact", None),
        ("exact", ["tax in kind"]),
        ("document", 5),
        ("document", None),
        ("document", ""),
        ("document", ["nep"]),
        ("color", 1),
        ("color", None),
        ("comment", 5),
        ("comment", None),
        ("comment", {"text": "x"}),
        ("tags", "nep"),
        ("tags", None),
        ("tags", {"nep": True}),
        ("tags", [1]),
        ("tags", ["nep", None]),
        ("tags", [["nep"]]),
        ("visibility", True),
        ("visibility", None),
    ],
)
def test_it_refuses_wrong_types_naming_the_field(author_client, document, field, value):
    response = post(author_client, payload(document, **{field: value}))

    assert_refused(response, field)
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("field", ["document", "start", "end", "exact"])
def test_it_refuses_a_body_without_a_required_field(author_client, document, field):
    body = payload(document)
    del body[field]

    response = post(author_client, body)

    assert_refused(response, field)
    assert response.json()[field] == ["This field is required."]
    assert counts() == (0, 0, 0)


def test_it_refuses_an_unknown_field_rather_than_ignore_it(author_client, document):
    body = payload(document)
    body["colour"] = body.pop("color")

    response = post(author_client, body)

    assert_refused(response, "colour")
    assert counts() == (0, 0, 0)


def test_it_names_every_field_that_has_the_wrong_type_at_once(author_client, document):
    response = post(author_client, payload(document, start="1", tags="nep", colour="red"))

    assert response.status_code == 400
    assert sorted(response.json()) == ["colour", "start", "tags"]


@pytest.mark.parametrize("body", ['{"document": "nep", ', "nep", "{'document': 'nep'}"])
def test_it_refuses_malformed_json(author_client, document, body):
    response = author_client.post(LIST, body, content_type="application/json")

    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("body", ["[]", '"text"', "12", "null"])
def test_it_refuses_json_that_is_not_an_object(author_client, document, body):
    response = author_client.post(LIST, body, content_type="application/json")

    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_it_refuses_a_form_encoded_body(author_client, document):
    response = author_client.post(LIST, payload(document, tags=[]))

    assert response.status_code == 415
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize("existing", [0, 30])
def test_it_creates_with_a_constant_number_of_queries(
    author_client, document, owner, outsider, existing, django_assert_num_queries
):
    Tag.objects.create(name="nep")
    Tag.objects.create(name="agriculture")
    for i in range(existing):
        highlight(document, owner if i % 2 else outsider, tags=["nep"], visibility="public")
    body = payload(document, tags=["nep", "Agriculture"])

    # Session, user; document; text window; savepoint, insert; a look-up per tag (at most
    # 20), the links; release; the tags and the annotation (with its version's number) for
    # the answer. None reads the whole text.
    with django_assert_num_queries(2 + 1 + 1 + 2 + 2 + 1 + 1 + 2 + THROTTLE) as captured:
        response = post(author_client, body)

    assert response.status_code == 201
    whole_text = re.compile(r'[^(]"corpus_documentversion"\."text"')
    assert not any(whole_text.search(query["sql"]) for query in captured.captured_queries)


# Signing in: session with CSRF, or a token


def test_it_refuses_a_write_from_an_anonymous_caller(anonymous, document):
    response = post(anonymous, payload(document))

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_it_refuses_a_session_write_without_a_csrf_token(owner, document):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(owner)

    response = post(client, payload(document))

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert counts() == (0, 0, 0)


def test_it_accepts_a_session_write_with_the_csrf_token(owner, document):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(reverse("reader:profile"))  # sets the csrftoken cookie, as any page does
    csrf_token = client.cookies["csrftoken"].value

    response = client.post(LIST, payload(document), format="json", HTTP_X_CSRFTOKEN=csrf_token)

    assert response.status_code == 201
    assert Annotation.objects.get().author == owner


def test_it_refuses_a_session_write_with_a_wrong_csrf_token(owner, document):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(owner)
    client.get(reverse("reader:profile"))
    wrong = get_token(RequestFactory().get("/"))

    response = client.post(LIST, payload(document), format="json", HTTP_X_CSRFTOKEN=wrong)

    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_it_accepts_a_token_without_csrf(owner, document):
    token = Token.objects.create(user=owner)
    client = APIClient(enforce_csrf_checks=True)

    response = client.post(
        LIST, payload(document), format="json", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 201
    assert response.json()["author"] == "alice"


def test_it_refuses_an_unknown_token(owner, document):
    Token.objects.create(user=owner)

    response = APIClient().post(
        LIST, payload(document), format="json", HTTP_AUTHORIZATION="Token " + "0" * 40
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Invalid token."}
    assert counts() == (0, 0, 0)


# Reading, changing, deleting


def test_it_answers_an_annotation_as_it_was_created(author_client, document):
    created = post(author_client, payload(document)).json()

    response = author_client.get(detail(created["id"]))

    assert response.status_code == 200
    assert response.json() == created


def test_it_answers_404_for_an_annotation_that_does_not_exist(author_client, db):
    response = author_client.get(detail(999))

    assert response.status_code == 404
    assert response.json() == {"detail": "No such annotation"}


def test_it_lets_the_author_change_an_annotation(author_client, document):
    created = post(author_client, payload(document, tags=["old"])).json()

    response = author_client.patch(
        detail(created["id"]),
        {"color": "pink", "comment": "**Now**", "tags": ["b", "A"], "visibility": "public"},
        format="json",
    )

    assert response.status_code == 200
    data = response.json()
    assert data == stored_as_json(created["id"])
    assert (data["color"], data["visibility"], data["tags"]) == ("pink", "public", ["A", "b"])
    assert data["comment_html"] == "<p><strong>Now</strong></p>"
    assert data["updated"] > data["created"] == created["created"]
    assert (data["start"], data["end"], data["exact"]) == (
        created["start"],
        created["end"],
        created["exact"],
    )


def test_it_changes_only_the_fields_sent(author_client, document):
    created = post(author_client, payload(document, tags=["keep"])).json()

    response = author_client.patch(detail(created["id"]), {"color": "blue"}, format="json")

    data = response.json()
    assert data["color"] == "blue"
    assert (data["comment"], data["tags"]) == (created["comment"], ["keep"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"color": "mauve"}, "color"),
        ({"color": 3}, "color"),
        ({"comment": "x" * 10_001}, "comment"),
        ({"comment": None}, "comment"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": "nep"}, "tags"),
        ({"visibility": "circle"}, "circle"),
        ({"visibility": False}, "visibility"),
        ({"start": 0}, "start"),
        ({"exact": "moved"}, "exact"),
        ({"document": "other"}, "document"),
    ],
)
def test_it_refuses_a_bad_change_and_changes_nothing(author_client, document, body, field):
    created = post(author_client, payload(document)).json()

    response = author_client.patch(detail(created["id"]), body, format="json")

    assert_refused(response, field)
    assert stored_as_json(created["id"]) == created


def test_it_refuses_a_malformed_json_change(author_client, document):
    created = post(author_client, payload(document)).json()

    response = author_client.patch(
        detail(created["id"]), '{"color": ', content_type="application/json"
    )

    assert response.status_code == 400
    assert stored_as_json(created["id"]) == created


def test_it_lets_the_author_delete_an_annotation(author_client, document):
    created = post(author_client, payload(document)).json()

    response = author_client.delete(detail(created["id"]))

    assert response.status_code == 204
    assert counts()[0] == 0
    assert author_client.get(detail(created["id"])).status_code == 404


# Listing


@pytest.fixture
def shelf(document, owner, outsider):
    """Annotations of two readers in two documents, oldest first."""
    other = ingest_document(slug="other", title="Other", blocks=[Block("body", "A tax in kind.")])
    return {
        "mine_private": highlight(document, owner, "tax in kind", color="green", tags=["NEP"]),
        "mine_public": highlight(
            document, owner, "peasants", visibility="public", comment="Who sold grain"
        ),
        "theirs_public": highlight(
            document, outsider, "Private trade", visibility="public", tags=["nep", "trade"]
        ),
        "theirs_private": highlight(document, outsider, "the towns", tags=["nep"]),
        "mine_other_document": highlight(other, owner, "tax in kind", color="pink"),
    }


def listed(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def ids(shelf, *names) -> list[int]:
    return [shelf[name].pk for name in names]


def test_it_lists_what_the_caller_may_see_newest_first(author_client, shelf):
    assert listed(author_client.get(LIST)) == ids(
        shelf, "mine_other_document", "theirs_public", "mine_public", "mine_private"
    )


def test_it_lists_only_public_annotations_to_anonymous_callers(anonymous, shelf):
    assert listed(anonymous.get(LIST)) == ids(shelf, "theirs_public", "mine_public")


def test_it_lists_annotations_in_the_presenters_shape(author_client, shelf):
    results = author_client.get(LIST).json()["results"]

    assert [list(item) for item in results] == [FIELDS] * 4
    assert results[-1] == stored_as_json(shelf["mine_private"].pk)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"document": "nep"}, ["theirs_public", "mine_public", "mine_private"]),
        ({"document": "other"}, ["mine_other_document"]),
        ({"document": "missing"}, []),
        ({"tag": "nep"}, ["theirs_public", "mine_private"]),
        ({"tag": "NeP"}, ["theirs_public", "mine_private"]),
        ({"tag": "trade"}, ["theirs_public"]),
        ({"tag": "ne"}, []),
        ({"color": "green"}, ["mine_private"]),
        ({"color": "pink"}, ["mine_other_document"]),
        ({"author": "carol"}, ["theirs_public"]),
        ({"author": "alice", "document": "nep"}, ["mine_public", "mine_private"]),
        ({"q": "KIND"}, ["mine_other_document", "mine_private"]),  # in the quote
        ({"q": "grain"}, ["mine_public"]),  # in the comment
        ({"visibility": "public"}, ["theirs_public", "mine_public"]),
        ({"visibility": "private"}, ["mine_other_document", "mine_private"]),
        ({"visibility": "circle"}, []),
        ({"color": "", "tag": "", "q": ""}, ["mine_other_document", "theirs_public",
                                            "mine_public", "mine_private"]),
    ],
)  # fmt: skip
def test_it_filters_the_list(author_client, shelf, query, expected):
    assert listed(author_client.get(LIST, query)) == ids(shelf, *expected)


def test_it_never_lists_another_readers_private_annotations_whatever_the_filter(
    author_client, shelf
):
    response = author_client.get(LIST, {"author": "carol", "visibility": "private"})

    assert listed(response) == []


@pytest.mark.parametrize(("field", "value"), [("color", "mauve"), ("visibility", "secret")])
def test_it_refuses_an_unknown_filter_value_naming_the_field(author_client, shelf, field, value):
    assert_refused(author_client.get(LIST, {field: value}), field)


def test_it_pages_the_list_50_at_a_time(author_client, document, owner):
    for _ in range(51):
        highlight(document, owner)

    first = author_client.get(LIST).json()
    second = author_client.get(first["next"]).json()

    assert list(first) == ["count", "next", "previous", "results"]
    assert (first["count"], len(first["results"]), first["previous"]) == (51, 50, None)
    assert first["next"] == "http://testserver/api/annotations/?page=2"
    assert (second["count"], len(second["results"]), second["next"]) == (51, 1, None)
    assert second["previous"] == "http://testserver/api/annotations/"
    assert second["results"][0]["id"] == Annotation.objects.order_by("id").first().pk


def test_it_keeps_the_filters_in_the_next_page_link(author_client, document, owner):
    for _ in range(51):
        highlight(document, owner, color="blue")

    response = author_client.get(LIST, {"color": "blue"})

    assert response.json()["next"] == "http://testserver/api/annotations/?color=blue&page=2"


def test_it_answers_404_for_a_page_beyond_the_last(author_client, shelf):
    assert author_client.get(LIST, {"page": 2}).status_code == 404


@pytest.mark.parametrize("number", [1, 10])
def test_it_lists_with_a_constant_number_of_queries(
    author_client, document, owner, outsider, number, django_assert_num_queries
):
    for i in range(number):
        highlight(document, owner, tags=[f"mine{i}", "shared"], comment="*x*")
        highlight(document, outsider, visibility="public", tags=[f"theirs{i}"])

    # Session, user, count, page, tags.
    with django_assert_num_queries(5 + THROTTLE):
        response = author_client.get(LIST, {"tag": "shared"} if number > 5 else {})

    assert response.status_code == 200
    assert all(item["tags"] for item in response.json()["results"])


def test_it_answers_json_an_api_client_can_parse(author_client, shelf):
    response = author_client.get(LIST)

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["count"] == 4
