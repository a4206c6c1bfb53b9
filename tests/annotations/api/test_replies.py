"""/api/annotations/<id>/replies/ and /api/replies/<id>/: discussing an annotation."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Reply
from tests.annotations.conftest import highlight
from tests.conftest import THROTTLE

FIELDS = ["id", "body", "body_html", "author", "created", "hidden", "parent"]
# The list also says how to indent each reply (thread order, annotations/threads.py).
LISTED = [*FIELDS, "depth", "in_reply_to"]


def replies_url(annotation) -> str:
    return reverse("api:reply-list", args=[annotation.pk])


def reply_url(reply) -> str:
    return reverse("api:reply-detail", args=[reply.pk])


@pytest.fixture
def public(document, owner):
    return highlight(document, owner, visibility="public")


def reply(annotation, author, body="A reply."):
    return services.reply_create(annotation=annotation, author=author, body=body)


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]


# Listing


def test_it_lists_the_replies_oldest_first(anonymous, public, owner, outsider):
    first = reply(public, outsider, "First")
    second = reply(public, owner, "Second *point*")

    response = anonymous.get(replies_url(public))

    assert response.status_code == 200
    assert list(response.json()) == ["results"]
    results = response.json()["results"]
    assert [item["id"] for item in results] == [first.pk, second.pk]
    assert [list(item) for item in results] == [LISTED, LISTED]
    assert results[1] == {
        "id": second.pk,
        "body": "Second *point*",
        "body_html": "<p>Second <em>point</em></p>",
        "author": "alice",
        "created": second.created.isoformat(),
        "hidden": False,
        "parent": None,
        "depth": 0,
        "in_reply_to": None,
    }


def test_it_lists_only_the_annotations_own_replies(anonymous, document, public, owner):
    reply(public, owner, "Here")
    reply(highlight(document, owner, "peasants", visibility="public"), owner, "Elsewhere")

    results = anonymous.get(replies_url(public)).json()["results"]

    assert [item["body"] for item in results] == ["Here"]


@pytest.mark.parametrize("number", [1, 5])
def test_it_lists_replies_with_a_constant_number_of_queries(
    other_client, public, owner, outsider, number, django_assert_num_queries
):
    for i in range(number):
        reply(public, owner if i % 2 else outsider, f"Reply {i}")

    # Session, user, the annotation, the replies with their authors.
    with django_assert_num_queries(4 + THROTTLE):
        response = other_client.get(replies_url(public))

    assert len(response.json()["results"]) == number


# Replying


def test_it_creates_a_reply_to_another_readers_public_annotation(other_client, public):
    response = other_client.post(
        replies_url(public), {"body": "I *disagree*. <script>x</script>"}, format="json"
    )

    assert response.status_code == 201
    stored = Reply.objects.get()
    assert response.json() == {
        "id": stored.pk,
        "body": "I *disagree*. <script>x</script>",
        "body_html": stored.body_html,
        "author": "carol",
        "created": stored.created.isoformat(),
        "hidden": False,
        "parent": None,
    }
    assert stored.body_html.startswith("<p>I <em>disagree</em>.")
    assert "<script" not in stored.body_html
    assert (stored.annotation_id, stored.author.username) == (public.pk, "carol")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ""}, "body"),
        ({"body": "  \n "}, "body"),
        ({"body": "x" * 10_001}, "body"),
        ({"body": None}, "body"),
        ({"body": 5}, "body"),
        ({"body": ["text"]}, "body"),
        ({}, "body"),
        ({"body": "ok", "annotation": 3}, "annotation"),
    ],
)
def test_it_refuses_a_bad_reply_and_stores_nothing(other_client, public, body, field):
    response = other_client.post(replies_url(public), body, format="json")

    assert_refused(response, field)
    assert Reply.objects.count() == 0


def test_it_refuses_a_malformed_json_reply(other_client, public):
    response = other_client.post(replies_url(public), "{", content_type="application/json")

    assert response.status_code == 400
    assert Reply.objects.count() == 0


def test_it_answers_404_for_replies_to_an_annotation_that_does_not_exist(other_client, db):
    response = other_client.post(
        reverse("api:reply-list", args=[999]), {"body": "Hello"}, format="json"
    )

    assert response.status_code == 404


def test_it_hides_the_replies_of_an_annotation_made_private(other_client, public, owner):
    reply(public, owner, "Before")
    services.annotation_update(annotation=public, actor=owner, visibility="private")

    assert other_client.get(replies_url(public)).status_code == 404
    assert other_client.post(replies_url(public), {"body": "x"}, format="json").status_code == 404


# Changing and deleting a reply


def test_it_lets_the_author_of_a_reply_change_it(other_client, public, outsider):
    mine = reply(public, outsider, "First")

    response = other_client.patch(reply_url(mine), {"body": "**Second**"}, format="json")

    assert response.status_code == 200
    assert response.json()["body_html"] == "<p><strong>Second</strong></p>"
    assert Reply.objects.get().body == "**Second**"


@pytest.mark.parametrize("body", [{"body": ""}, {"body": 3}, {}, {"body": "x" * 10_001}])
def test_it_refuses_a_bad_change_to_a_reply(other_client, public, outsider, body):
    mine = reply(public, outsider, "First")

    assert_refused(other_client.patch(reply_url(mine), body, format="json"), "body")
    assert Reply.objects.get().body == "First"


def test_it_lets_the_author_of_a_reply_delete_it(other_client, public, outsider):
    mine = reply(public, outsider)

    response = other_client.delete(reply_url(mine))

    assert response.status_code == 204
    assert Reply.objects.count() == 0


def test_it_lets_no_one_else_change_or_delete_a_reply(author_client, public, outsider):
    # Not even the author of the annotation replied to.
    theirs = reply(public, outsider, "Theirs")

    assert author_client.patch(reply_url(theirs), {"body": "X"}, format="json").status_code == 403
    assert author_client.delete(reply_url(theirs)).status_code == 403
    assert Reply.objects.get().body == "Theirs"


def test_it_refuses_anonymous_changes_to_a_reply(anonymous, public, outsider):
    theirs = reply(public, outsider, "Theirs")

    assert anonymous.patch(reply_url(theirs), {"body": "X"}, format="json").status_code == 403
    assert anonymous.delete(reply_url(theirs)).status_code == 403
    assert Reply.objects.get().body == "Theirs"


def test_it_answers_404_for_someone_elses_reply_on_an_annotation_the_caller_cannot_see(
    other_client, public, owner, member
):
    # bob replied while it was public; alice has since made it private.
    theirs = reply(public, member, "Theirs")
    services.annotation_update(annotation=public, actor=owner, visibility="private")

    assert other_client.patch(reply_url(theirs), {"body": "X"}, format="json").status_code == 404
    assert other_client.delete(reply_url(theirs)).status_code == 404
    assert Reply.objects.get().body == "Theirs"


def test_a_reply_left_outside_its_audience_is_its_authors_to_delete_not_to_change(
    other_client, public, owner, outsider
):
    # carol replied while it was public; alice has since made it private.
    theirs = reply(public, outsider, "Theirs")
    services.annotation_update(annotation=public, actor=owner, visibility="private")

    changed = other_client.patch(reply_url(theirs), {"body": "X"}, format="json")

    assert changed.status_code == 403
    assert "shared with" in changed.json()["detail"]
    assert Reply.objects.get().body == "Theirs"
    assert other_client.delete(reply_url(theirs)).status_code == 204
    assert not Reply.objects.exists()


def test_it_answers_404_for_a_reply_that_does_not_exist(author_client, db):
    url = reverse("api:reply-detail", args=[999])

    assert author_client.patch(url, {"body": "X"}, format="json").status_code == 404
    assert author_client.delete(url).status_code == 404


# Threads: replies to replies


def test_it_creates_a_reply_to_a_reply(author_client, other_client, public, outsider):
    question = reply(public, outsider, "Why a tax?")

    response = author_client.post(
        replies_url(public), {"body": "Grain.", "parent": question.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["parent"] == question.pk
    assert Reply.objects.get(pk=response.json()["id"]).parent_id == question.pk
    # Listed after the reply it answers, indented one level.
    later = reply(public, outsider, "Another point")
    results = other_client.get(replies_url(public)).json()["results"]
    assert [(r["id"], r["parent"], r["depth"]) for r in results] == [
        (question.pk, None, 0),
        (response.json()["id"], question.pk, 1),
        (later.pk, None, 0),
    ]


def test_it_shows_replies_deeper_than_three_levels_flat_with_whom_they_answer(
    anonymous, public, owner, outsider
):
    parent = None
    for i in range(5):
        parent = services.reply_create(
            annotation=public, author=owner if i % 2 else outsider, body=f"{i}", parent=parent
        )

    results = anonymous.get(replies_url(public)).json()["results"]

    assert [(r["body"], r["depth"], r["in_reply_to"]) for r in results] == [
        ("0", 0, None),
        ("1", 1, None),
        ("2", 2, None),
        ("3", 3, None),
        ("4", 3, "alice"),
    ]


@pytest.mark.parametrize("parent", ["1", 1.5, True, [1], {"id": 1}, -1, 2**40])
def test_it_refuses_a_parent_that_is_not_an_id(other_client, public, parent):
    response = other_client.post(
        replies_url(public), {"body": "x", "parent": parent}, format="json"
    )

    assert_refused(response, "parent")
    assert Reply.objects.count() == 0


def test_it_refuses_a_parent_the_caller_may_not_see_as_it_refuses_an_unknown_one(
    other_client, document, public, owner, outsider
):
    private = highlight(document, owner, "peasants")
    secret = reply(private, owner, "My own note")
    elsewhere = reply(highlight(document, owner, "market", visibility="public"), outsider, "Hi")

    answers = [
        other_client.post(replies_url(public), {"body": "x", "parent": pk}, format="json")
        for pk in (secret.pk, elsewhere.pk, 999_999)
    ]

    assert [a.status_code for a in answers] == [400, 400, 400]
    messages = [a.json()["parent"] for a in answers]
    assert messages == [
        [f"There is no reply {secret.pk} to this annotation."],
        [f"There is no reply {elsewhere.pk} to this annotation."],
        ["There is no reply 999999 to this annotation."],
    ]
    assert Reply.objects.count() == 2


def test_it_accepts_a_null_parent(other_client, public):
    response = other_client.post(replies_url(public), {"body": "x", "parent": None}, format="json")

    assert response.status_code == 201
    assert response.json()["parent"] is None


def test_deleting_a_reply_keeps_the_replies_to_it(author_client, other_client, public, outsider):
    question = reply(public, outsider, "Why?")
    answer = services.reply_create(
        annotation=public, author=outsider, body="I mean", parent=question
    )

    assert other_client.delete(reply_url(question)).status_code == 204

    results = author_client.get(replies_url(public)).json()["results"]
    assert [(r["id"], r["parent"], r["depth"]) for r in results] == [(answer.pk, None, 0)]


@pytest.mark.parametrize("number", [1, 6])
def test_it_lists_a_nested_thread_with_a_constant_number_of_queries(
    other_client, public, owner, outsider, number, django_assert_num_queries
):
    parent = None
    for i in range(number):
        parent = services.reply_create(
            annotation=public, author=owner if i % 2 else outsider, body=f"{i}", parent=parent
        )

    with django_assert_num_queries(4 + THROTTLE):
        response = other_client.get(replies_url(public))

    assert len(response.json()["results"]) == number


def test_an_answer_to_a_hidden_reply_answers_the_annotation_for_those_who_cannot_see_it(
    client_as, document, circle, owner, member, moderator, outsider
):
    from annotations.models import Membership
    from annotations.moderation import reply_hide

    Membership.objects.create(circle=circle, user=outsider, role="member")
    shared = highlight(document, owner, visibility="circle", circle=circle.slug)
    rude = reply(shared, member, "Rude")
    services.reply_create(annotation=shared, author=owner, body="Please", parent=rude)
    reply_hide(reply=rude, actor=moderator)

    def thread(user):
        results = client_as(user).get(replies_url(shared)).json()["results"]
        return [(r["body"], r["parent"], r["depth"]) for r in results]

    # Its author and the circle's moderators still see the hidden reply and its answer.
    assert thread(member) == [("Rude", None, 0), ("Please", rude.pk, 1)]
    assert thread(moderator) == [("Rude", None, 0), ("Please", rude.pk, 1)]
    # Another member sees the answer, answering the annotation: no trace of the reply.
    assert thread(outsider) == [("Please", None, 0)]
