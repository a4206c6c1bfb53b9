"""Who may do what to an annotation through the API: every cell of the table is a test.

Roles: the annotation's author, another signed-in reader, an anonymous caller.
Actions: read (GET the annotation), list (is it in GET /api/annotations/?), replies
(GET its replies), edit (PATCH), delete (DELETE), reply (POST a reply).

Another reader's private annotation is answered as if it did not exist (404). A
write without sign-in is 403 before anything is looked up, whatever the annotation:
SessionAuthentication comes first in REST_FRAMEWORK's authentication classes, and
DRF answers 403 rather than 401 when the first one sends no WWW-Authenticate
challenge (a bad token is 403 too).
"""

import pytest
from django.urls import reverse

from annotations.models import Annotation, Reply
from tests.annotations.conftest import highlight

LISTED = "listed"
ABSENT = "absent"

# (role, visibility, action): expected status, or for "list" whether it is in the list.
TABLE = {
    ("author", "private", "read"): 200,
    ("author", "private", "list"): LISTED,
    ("author", "private", "replies"): 200,
    ("author", "private", "edit"): 200,
    ("author", "private", "delete"): 204,
    ("author", "private", "reply"): 201,
    ("author", "public", "read"): 200,
    ("author", "public", "list"): LISTED,
    ("author", "public", "replies"): 200,
    ("author", "public", "edit"): 200,
    ("author", "public", "delete"): 204,
    ("author", "public", "reply"): 201,
    ("other", "private", "read"): 404,
    ("other", "private", "list"): ABSENT,
    ("other", "private", "replies"): 404,
    ("other", "private", "edit"): 404,
    ("other", "private", "delete"): 404,
    ("other", "private", "reply"): 404,
    ("other", "public", "read"): 200,
    ("other", "public", "list"): LISTED,
    ("other", "public", "replies"): 200,
    ("other", "public", "edit"): 403,
    ("other", "public", "delete"): 403,
    ("other", "public", "reply"): 201,
    ("anonymous", "private", "read"): 404,
    ("anonymous", "private", "list"): ABSENT,
    ("anonymous", "private", "replies"): 404,
    ("anonymous", "private", "edit"): 403,
    ("anonymous", "private", "delete"): 403,
    ("anonymous", "private", "reply"): 403,
    ("anonymous", "public", "read"): 200,
    ("anonymous", "public", "list"): LISTED,
    ("anonymous", "public", "replies"): 200,
    ("anonymous", "public", "edit"): 403,
    ("anonymous", "public", "delete"): 403,
    ("anonymous", "public", "reply"): 403,
}

ROLES = ("author", "other", "anonymous")
VISIBILITIES = ("private", "public")
ACTIONS = ("read", "list", "replies", "edit", "delete", "reply")


def test_the_table_has_every_cell_once():
    cells = [(r, v, a) for r in ROLES for v in VISIBILITIES for a in ACTIONS]

    assert sorted(TABLE) == sorted(cells)


@pytest.fixture
def client_for(author_client, other_client, anonymous):
    return {"author": author_client, "other": other_client, "anonymous": anonymous}


def act(client, action: str, annotation: Annotation):
    detail = reverse("api:annotation-detail", args=[annotation.pk])
    replies = reverse("api:reply-list", args=[annotation.pk])
    if action == "read":
        return client.get(detail)
    if action == "list":
        return client.get(reverse("api:annotation-list"))
    if action == "replies":
        return client.get(replies)
    if action == "edit":
        return client.patch(detail, {"color": "pink", "comment": "Changed"}, format="json")
    if action == "delete":
        return client.delete(detail)
    if action == "reply":
        return client.post(replies, {"body": "A reply."}, format="json")
    raise AssertionError(action)


@pytest.mark.parametrize(("role", "visibility", "action"), sorted(TABLE))
def test_permission(client_for, document, owner, role, visibility, action):
    annotation = highlight(document, owner, visibility=visibility, color="green", comment="Mine")
    Reply.objects.create(annotation=annotation, author=owner, body="First", body_html="<p>F</p>")
    expected = TABLE[(role, visibility, action)]

    response = act(client_for[role], action, annotation)

    if action == "list":
        assert response.status_code == 200
        ids = [item["id"] for item in response.json()["results"]]
        assert (LISTED if annotation.pk in ids else ABSENT) == expected
        return
    assert response.status_code == expected, response.content
    stored = Annotation.objects.filter(pk=annotation.pk).values("color", "comment").first()
    replies = Reply.objects.filter(annotation=annotation.pk).count()
    if expected in (200, 201, 204):
        check_success(response, action, annotation, stored, replies)
    else:
        # Refused: nothing changed, and a 404 says no more than a missing annotation would.
        assert stored == {"color": "green", "comment": "Mine"}
        assert replies == 1
        if expected == 404:
            assert response.json() == {"detail": "No such annotation"}


def check_success(response, action, annotation, stored, replies):
    if action == "read":
        assert response.json()["id"] == annotation.pk
    elif action == "replies":
        assert [reply["body"] for reply in response.json()["results"]] == ["First"]
    elif action == "edit":
        assert stored == {"color": "pink", "comment": "Changed"}
    elif action == "delete":
        assert stored is None
        assert replies == 0
    elif action == "reply":
        assert replies == 2
        assert response.json()["body"] == "A reply."


def test_a_missing_annotation_and_a_hidden_one_are_answered_alike(other_client, document, owner):
    hidden = highlight(document, owner)
    missing = hidden.pk + 1000

    for action in ("read", "replies", "edit", "delete", "reply"):
        shown = act(other_client, action, hidden)
        absent = act(other_client, action, Annotation(pk=missing))
        assert (shown.status_code, shown.json()) == (absent.status_code, absent.json())
