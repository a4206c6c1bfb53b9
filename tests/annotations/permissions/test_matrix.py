"""Who may do what to an annotation, circles included: every cell of the table is a test.

The annotation under test is written by ``member`` (so the owner and the moderator act
on someone else's) and, for the "circle" column, shared with the circle in which
``owner`` is owner, ``moderator`` moderator and ``member`` a member. ``former`` joined
the circle and left it; ``other`` is a signed-in reader who never belonged.

Answers: an HTTP status; for list, search, margin and export whether the annotation is
there (SHOWN) or not (ABSENT); LOGIN where the page sends an anonymous caller to sign in.

The rules the table writes down:
- What a caller may not see is answered as if it did not exist: 404, or ABSENT.
- A circle annotation is seen (view, list, search, margin), replied to and reacted to by
  the circle's owner, moderator and member; by no one else, a former member included.
- Only its author edits or deletes an annotation: anyone else who can see it gets 403.
- Owners and moderators hide a circle annotation; a plain member who can see it gets 403.
- Reactions and hiding are for circle annotations only: on a private or public one,
  whoever can see it gets 400 naming "annotation", the same for everyone.
- An anonymous write is 403 before anything is looked up (as in api/test_permissions.py:
  SessionAuthentication sends no WWW-Authenticate challenge, so DRF answers 403, not 401).
- Export: /export/ (JSON-LD) in the scope that fits the column: "me" for a private
  annotation (SHOWN only in its author's own export), the circle's scope for a circle
  annotation (its members; 404 for anyone else, as if the circle did not exist), "public"
  for a public one. Anonymous callers are sent to sign in (LOGIN).
"""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import moderation
from annotations.circles import services as circle_services
from annotations.models import Annotation, Membership, Reaction, Reply, Role
from tests.annotations.conftest import highlight

SHOWN = "shown"
ABSENT = "absent"
LOGIN = "login"

ROLES = ("owner", "moderator", "member", "former", "other", "anonymous")
VISIBILITIES = ("private", "circle", "public")
ACTIONS = (
    "view", "list", "search", "margin", "edit", "delete", "reply", "react", "hide", "export",
)  # fmt: skip

# fmt: off
ROWS = {
    #                        view  list    search  margin  edit  delete reply react hide export
    ("owner", "private"):    (404, ABSENT, ABSENT, ABSENT, 404,  404,   404,  404,  404, ABSENT),
    ("owner", "circle"):     (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  200,  200, SHOWN),
    ("owner", "public"):     (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  400,  400, SHOWN),
    ("moderator", "private"): (404, ABSENT, ABSENT, ABSENT, 404, 404,   404,  404,  404, ABSENT),
    ("moderator", "circle"): (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  200,  200, SHOWN),
    ("moderator", "public"): (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  400,  400, SHOWN),
    ("member", "private"):   (200, SHOWN,  SHOWN,  SHOWN,  200,  204,   201,  400,  400, SHOWN),
    ("member", "circle"):    (200, SHOWN,  SHOWN,  SHOWN,  200,  204,   201,  200,  403, SHOWN),
    ("member", "public"):    (200, SHOWN,  SHOWN,  SHOWN,  200,  204,   201,  400,  400, SHOWN),
    ("former", "private"):   (404, ABSENT, ABSENT, ABSENT, 404,  404,   404,  404,  404, ABSENT),
    ("former", "circle"):    (404, ABSENT, ABSENT, ABSENT, 404,  404,   404,  404,  404, 404),
    ("former", "public"):    (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  400,  400, SHOWN),
    ("other", "private"):    (404, ABSENT, ABSENT, ABSENT, 404,  404,   404,  404,  404, ABSENT),
    ("other", "circle"):     (404, ABSENT, ABSENT, ABSENT, 404,  404,   404,  404,  404, 404),
    ("other", "public"):     (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   201,  400,  400, SHOWN),
    ("anonymous", "private"): (404, ABSENT, ABSENT, ABSENT, 403, 403,   403,  403,  403, LOGIN),
    ("anonymous", "circle"): (404, ABSENT, ABSENT, ABSENT, 403,  403,   403,  403,  403, LOGIN),
    ("anonymous", "public"): (200, SHOWN,  SHOWN,  SHOWN,  403,  403,   403,  403,  403, LOGIN),
}
# fmt: on

EXPECTED = {
    (role, visibility, action): answer
    for (role, visibility), row in ROWS.items()
    for action, answer in zip(ACTIONS, row, strict=True)
}

QUOTE = "requisitioning"  # the annotation's quote: a word no other annotation has
COMMENT = "Matrix-note-7f3a"  # its comment, to find it on a page
ORDINAL = 2  # the paragraph it is in


def test_the_table_has_every_cell_once():
    cells = {(r, v, a) for r in ROLES for v in VISIBILITIES for a in ACTIONS}

    assert set(EXPECTED) == cells
    assert len(ROWS) * len(ACTIONS) == len(cells) == 180


@pytest.fixture
def former(django_user_model, circle):
    """A reader who joined the circle and has left it."""
    user = django_user_model.objects.create_user("frank", "frank@example.org", "x" * 20)
    Membership.objects.create(circle=circle, user=user, role=Role.MEMBER)
    circle_services.member_remove(circle=circle, actor=user, user=user)
    return user


@pytest.fixture
def clients(owner, moderator, member, former, outsider, client_as):
    users = {
        "owner": owner,
        "moderator": moderator,
        "member": member,
        "former": former,
        "other": outsider,
    }
    return {**{role: client_as(user) for role, user in users.items()}, "anonymous": APIClient()}


def under_test(document, member, circle, visibility: str) -> Annotation:
    circle_slug = circle.slug if visibility == "circle" else None
    annotation = highlight(
        document,
        member,
        QUOTE,
        visibility=visibility,
        circle=circle_slug,
        color="green",
        comment=COMMENT,
    )
    Reply.objects.create(annotation=annotation, author=member, body="First", body_html="F")
    return annotation


def act(client, action: str, annotation: Annotation, document):
    detail = reverse("api:annotation-detail", args=[annotation.pk])
    if action == "view":
        return client.get(detail)
    if action == "list":
        return client.get(reverse("api:annotation-list"))
    if action == "search":
        return client.get(reverse("api:annotation-list"), {"q": QUOTE})
    if action == "margin":
        return client.get(reverse("reader:section", args=[document.slug, 1]))
    if action == "edit":
        return client.patch(detail, {"color": "pink", "comment": "Changed"}, format="json")
    if action == "delete":
        return client.delete(detail)
    if action == "reply":
        replies = reverse("api:reply-list", args=[annotation.pk])
        return client.post(replies, {"body": "A reply."}, format="json")
    if action == "react":
        reactions = reverse("api:reaction-list", args=[annotation.pk])
        return client.post(reactions, {"kind": "agree"}, format="json")
    if action == "hide":
        return client.post(reverse("api:annotation-hide", args=[annotation.pk]))
    if action == "export":
        if annotation.visibility == "circle":
            scope = f"circle:{annotation.circle.slug}"
        else:
            scope = "me" if annotation.visibility == "private" else "public"
        return client.get(reverse("reader:export"), {"scope": scope, "format": "jsonld"})
    raise AssertionError(action)


def margin_count(html: str, ordinal: int) -> str | None:
    """The number on the paragraph's margin button, or None when it has none."""
    block = re.search(rf'id="p-{ordinal}".*?(?=id="p-{ordinal + 1}"|$)', html, re.S)
    assert block, f"no paragraph {ordinal} on the page"
    found = re.search(r'class="margin-count"[^>]*>(\d+)<', block.group(0))
    return found.group(1) if found else None


def shaded(html: str, ordinal: int) -> bool:
    """Whether the paragraph has a stretch of the popular layer."""
    block = re.search(rf'id="p-{ordinal}".*?(?=id="p-{ordinal + 1}"|$)', html, re.S)
    return 'class="pop pop-' in block.group(0)


def observed(response, action: str, annotation: Annotation):
    """The cell's answer as the response gives it."""
    if action in ("list", "search"):
        assert response.status_code == 200
        ids = [item["id"] for item in response.json()["results"]]
        return SHOWN if annotation.pk in ids else ABSENT
    if action == "margin":
        # Drawn one by one (counted in the margin), or another reader's public one in the
        # popular layer (tests/annotations/api/test_popular.py lists its stretch).
        assert response.status_code == 200
        html = response.content.decode()
        count = margin_count(html, ORDINAL)
        assert count in (None, "1")
        return SHOWN if count or shaded(html, ORDINAL) else ABSENT
    if action == "export":
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
            return LOGIN
        if response.status_code == 404:
            # An export with nothing in it says so (404): the annotation is not there.
            if b"<h1>Nothing to export</h1>" in response.content:
                return ABSENT
            return 404
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode()
        return SHOWN if f"/api/annotations/{annotation.pk}/" in body else ABSENT
    return response.status_code


def stored_state(annotation: Annotation):
    row = Annotation.objects.filter(pk=annotation.pk).values("color", "comment", "hidden").first()
    return (
        row,
        Reply.objects.filter(annotation=annotation.pk).count(),
        Reaction.objects.filter(annotation=annotation.pk).count(),
    )


UNCHANGED = ({"color": "green", "comment": COMMENT, "hidden": False}, 1, 0)


@pytest.mark.parametrize(
    ("role", "visibility", "action"),
    list(EXPECTED),
    ids=[f"{role}-{visibility}-{action}" for role, visibility, action in EXPECTED],
)
def test_permission(clients, document, member, circle, role, visibility, action):
    annotation = under_test(document, member, circle, visibility)
    expected = EXPECTED[(role, visibility, action)]

    response = act(clients[role], action, annotation, document)

    assert observed(response, action, annotation) == expected, getattr(response, "content", "")
    state = stored_state(annotation)
    if expected in (200, 201, 204) and action in ("edit", "delete", "reply", "react", "hide"):
        check_written(response, action, state)
        return
    # Anything else wrote nothing.
    assert state == UNCHANGED
    if expected == 404 and action != "export":  # the export's 404 is an HTML page
        assert response.json() == {"detail": "No such annotation"}
    elif expected == 400:
        assert list(response.json()) == ["annotation"]
    elif action == "view" and expected == 200:
        assert response.json()["id"] == annotation.pk


def check_written(response, action: str, state) -> None:
    row, replies, reactions = state
    if action == "edit":
        assert state == ({"color": "pink", "comment": "Changed", "hidden": False}, 1, 0)
    elif action == "delete":
        assert state == (None, 0, 0)
    elif action == "reply":
        assert state == (UNCHANGED[0], 2, 0)
        assert response.json()["body"] == "A reply."
    elif action == "react":
        assert state == (UNCHANGED[0], 1, 1)
        assert response.json()["reactions"] == {"agree": 1, "disagree": 0, "question": 0}
        assert response.json()["my_reactions"] == ["agree"]
    elif action == "hide":
        assert state == ({**UNCHANGED[0], "hidden": True}, 1, 0)
        assert response.json()["hidden"] is True


# What the table's circle cells rest on, checked once more from the other side.


def test_a_hidden_circle_annotation_is_seen_only_by_its_author_and_moderators(
    clients, document, member, circle, moderator
):
    annotation = under_test(document, member, circle, "circle")
    moderation.annotation_hide(annotation=annotation, actor=moderator)
    detail = reverse("api:annotation-detail", args=[annotation.pk])

    seen = {role: clients[role].get(detail).status_code for role in ROLES}

    assert seen == {
        "owner": 200,
        "moderator": 200,
        "member": 200,
        "former": 404,
        "other": 404,
        "anonymous": 404,
    }
    assert clients["member"].get(detail).json()["hidden"] is True


def test_a_hidden_annotation_is_not_seen_by_other_members(
    clients, document, member, circle, moderator, client_as, django_user_model
):
    annotation = under_test(document, member, circle, "circle")
    moderation.annotation_hide(annotation=annotation, actor=moderator)
    second = django_user_model.objects.create_user("gina", "gina@example.org", "x" * 20)
    Membership.objects.create(circle=circle, user=second, role=Role.MEMBER)
    client = client_as(second)

    assert client.get(reverse("api:annotation-detail", args=[annotation.pk])).status_code == 404
    listed = client.get(reverse("api:annotation-list")).json()["results"]
    assert listed == []
    page = client.get(reverse("reader:section", args=[document.slug, 1])).content.decode()
    assert margin_count(page, ORDINAL) is None
