"""GET /api/documents/<slug>/popular/?start=&end=: other readers' public annotations over
a stretch, which the reading page draws only as shading until a reader opens it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations import services
from annotations.circles.services import circle_create
from annotations.library import library_text_add
from annotations.moderation import annotation_hide
from tests.annotations.conftest import highlight, ingest_document, span

QUOTE = "tax in kind"


def popular_url(document) -> str:
    return reverse("api:document-popular", args=[document.slug])


def listed(client, document, quote=QUOTE) -> list[int] | int:
    """The ids the stretch over ``quote`` lists, or the status when it is not 200."""
    start, end = span(document, quote)
    response = client.get(popular_url(document), {"start": start, "end": end})
    if response.status_code != 200:
        return response.status_code
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def elsewhere(django_user_model):
    """A member of another circle."""
    user = django_user_model.objects.create_user("frank", "frank@example.org", "x" * 20)
    other = circle_create(owner=user, name="Elsewhere")
    assert other.pk
    return user


@pytest.fixture
def notes(document, owner, circle, moderator):
    """The owner's annotations of the same words, one of each kind."""
    hidden = highlight(document, owner, QUOTE, visibility="circle", circle=circle.slug)
    annotation_hide(annotation=hidden, actor=moderator)
    return {
        "private": highlight(document, owner, QUOTE),
        "circle": highlight(document, owner, QUOTE, visibility="circle", circle=circle.slug),
        "public": highlight(document, owner, QUOTE, visibility="public"),
        "hidden": hidden,
    }


# role -> the kinds of the owner's annotations it is listed: only others' public ones.
MATRIX = {
    "owner": [],  # their own are drawn one by one
    "member": ["public"],
    "elsewhere": ["public"],
    "outsider": ["public"],
    "anonymous": ["public"],
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_it_lists_only_other_readers_public_annotations(
    role, document, notes, client_as, anonymous, owner, member, outsider, elsewhere
):
    users = {"owner": owner, "member": member, "outsider": outsider, "elsewhere": elsewhere}
    client = anonymous if role == "anonymous" else client_as(users[role])

    ids = listed(client, document)

    assert ids == [notes[kind].pk for kind in MATRIX[role]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("owner", []), ("member", "public"), ("outsider", 404), ("anonymous", 404)],
)
def test_it_answers_for_a_circles_text_only_to_its_members(
    role, expected, owner, member, outsider, circle, client_as, anonymous
):
    document = ingest_document(slug="circle-text")
    library_text_add(document=document, circle=circle, actor=owner)
    note = highlight(document, owner, QUOTE, visibility="public")
    client = anonymous if role == "anonymous" else client_as(locals()[role])

    ids = listed(client, document)

    assert ids == ([note.pk] if expected == "public" else expected)


def test_it_gives_words_comment_tags_and_replies_newest_first(
    document, owner, member, outsider, client_as
):
    older = highlight(document, owner, "tax in kind", visibility="public", tags=["nep"])
    newer = highlight(
        document, member, "a tax", visibility="public", comment="Why *kind*?", tags=["b", "a"]
    )
    services.reply_create(annotation=newer, author=owner, body="Grain.")
    start, end = span(document, "a tax in kind")

    response = client_as(outsider).get(popular_url(document), {"start": start, "end": end})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["start"], body["end"]) == (2, start, end)
    first, second = body["results"]
    assert {key: first[key] for key in first if key != "created"} == {
        "id": newer.pk,
        "author": "bob",
        "exact": "a tax",
        "comment_html": "<p>Why <em>kind</em>?</p>",
        "tags": ["a", "b"],
        "reply_count": 1,
        "start": newer.start,
        "end": newer.end,
    }
    assert (second["id"], second["author"], second["tags"]) == (older.pk, "alice", ["nep"])


def test_it_caps_the_list_and_gives_the_total(document, client_as, outsider, monkeypatch):
    model = get_user_model()
    for number in range(4):
        author = model.objects.create_user(f"reader{number}", password="x")
        highlight(document, author, QUOTE, visibility="public")
    monkeypatch.setattr("annotations.margin.POPULAR_LIMIT", 2)
    start, end = span(document, QUOTE)

    body = client_as(outsider).get(popular_url(document), {"start": start, "end": end}).json()

    assert (body["count"], len(body["results"])) == (4, 2)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "start end"),
        ({"start": "1"}, "end"),
        ({"start": "x", "end": "4"}, "start"),
        ({"start": "-1", "end": "4"}, "start"),
        ({"start": "5", "end": "5"}, "end"),
        ({"start": "5", "end": "3"}, "end"),
        ({"start": "0", "end": "999999"}, "end"),
        ({"start": "0", "end": "99999999999999999999"}, "end"),
    ],
)
def test_it_names_the_bad_offset(query, field, document, anonymous):
    response = anonymous.get(popular_url(document), query)

    assert response.status_code == 400
    assert list(response.json()) == field.split()


def test_it_answers_404_for_an_unknown_document(db, anonymous):
    response = anonymous.get(
        reverse("api:document-popular", args=["nothing"]), {"start": 0, "end": 1}
    )

    assert response.status_code == 404


def test_it_forgets_an_annotation_made_private_or_deleted(
    document, owner, outsider, client_as, client
):
    unshared = highlight(document, owner, QUOTE, visibility="public")
    deleted = highlight(document, owner, QUOTE, visibility="public")
    reader = client_as(outsider)
    section = reverse("reader:section", args=[document.slug, 1])
    client.force_login(outsider)
    assert sorted(listed(reader, document)) == [unshared.pk, deleted.pk]
    assert 'class="pop pop-1 pop-start"' in client.get(section).content.decode()

    services.annotation_update(annotation=unshared, actor=owner, visibility="private")
    assert listed(reader, document) == [deleted.pk]

    services.annotation_delete(annotation=deleted, actor=owner)
    assert listed(reader, document) == []
    assert 'class="pop' not in client.get(section).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_it_uses_the_same_queries_however_many(
    count, document, outsider, client_as, django_assert_num_queries
):
    model = get_user_model()
    for number in range(count):
        author = model.objects.create_user(f"reader{number}", password="x")
        note = highlight(document, author, QUOTE, visibility="public", tags=["a", "b"])
        services.reply_create(annotation=note, author=author, body="Yes.")
    reader = client_as(outsider)
    start, end = span(document, QUOTE)

    # session, user, the rate count, document, its text's length, the annotations (with
    # their total)
    with django_assert_num_queries(6):
        response = reader.get(popular_url(document), {"start": start, "end": end})

    assert len(response.json()["results"]) == count
