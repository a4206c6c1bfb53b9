"""The lifecycle matrix, visibility events: a moderator's hide through the author's moves,
and widening or narrowing an annotation others replied to.

Each cell is a test: the same observation before and after the event, as (before, after).
The scene is in tests/annotations/lifecycle.py: alice (owner), dave (moderator), bob
(member) and erin (fellow) are in "Study group"; carol (outsider) is not. "hid" is bob's
circle annotation with only his own reply; "own" is bob's, replied to by alice and erin;
"pub" is bob's public annotation, replied to by carol and erin.

The rules:
- A moderator's hide sticks to the annotation in that circle, whatever its author does
  (private and back; to another circle and back): it comes back hidden. Its author still
  sees it (``hidden: true``) and may ask for a review (only they: 403 for others who see
  it; 400 naming "annotation" when it is not hidden); plain members get 404; owners and
  moderators see it. Unhiding stays the moderators' (the author gets 403).
- An author cannot widen the audience of an annotation others replied to (circle ->
  public, circle A -> circle B, private -> circle or public): 409 with a ``detail``, and
  nothing changes. With no replies, or only their own, widening is allowed (200).
- Narrowing is allowed; those no longer in the audience lose the annotation (404) and the
  thread, their own replies included; its author still reads every reply.
"""

import pytest
from django.urls import reverse

from annotations.models import Annotation, CircleHide
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    ABSENT,
    SHOWN,
    cell_ids,
    fellow_fixture,
    moves,
    patch_note,
    scene_fixture,
    second_circle,
    share_with,
)

SLUG = "study-group"
OWN_THREAD = ("alice_on_own", "erin_on_own", "bob_on_own")
PUB_THREAD = ("carol_on_pub", "erin_on_pub")


def dave_hides_hid(scene):
    response = scene.client("moderator").post(
        reverse("api:annotation-hide", args=[scene.notes["hid"].pk])
    )
    assert response.status_code == 200, response.content


def hide_and_open_second_circle(scene):
    dave_hides_hid(scene)
    assert second_circle(scene) == "second-circle"


def private_and_back(scene):
    patch_note(scene, "member", "hid", share_with(None))
    patch_note(scene, "member", "hid", share_with(SLUG))


def other_circle_and_back(scene):
    patch_note(scene, "member", "hid", share_with("second-circle"))
    patch_note(scene, "member", "hid", share_with(SLUG))


# fmt: off
# A hide sticks: nothing moves.
HIDE_STICKS = {
    ("detail:hid", "owner"):         (200, 200),
    ("detail:hid", "moderator"):     (200, 200),
    ("detail:hid", "member"):        (200, 200),
    ("detail:hid", "fellow"):        (404, 404),
    ("detail:hid", "outsider"):      (404, 404),
    ("detail:hid", "anonymous"):     (404, 404),
    ("hidden:hid", "member"):        (True, True),
    ("hidden:hid", "owner"):         (True, True),
    ("list:hid", "member"):          (SHOWN, SHOWN),
    ("list:hid", "moderator"):       (SHOWN, SHOWN),
    ("list:hid", "fellow"):          (ABSENT, ABSENT),
    ("margin:hid", "owner"):         (SHOWN, SHOWN),
    ("margin:hid", "fellow"):        (ABSENT, ABSENT),
    ("circle-page:hid", "owner"):    (SHOWN, SHOWN),
    ("circle-page:hid", "fellow"):   (ABSENT, ABSENT),
    ("guide:hid", "owner"):          (SHOWN, SHOWN),
    ("guide:hid", "fellow"):         (ABSENT, ABSENT),
    ("export-md:hid", "owner"):      (SHOWN, SHOWN),
    ("export-md:hid", "fellow"):     (ABSENT, ABSENT),
    ("thread:hid", "member"):        (("bob_on_hid",), ("bob_on_hid",)),
    ("thread:hid", "fellow"):        (404, 404),
    ("notebook:hid", "member"):      (SHOWN, SHOWN),
    ("review:hid", "member"):        (200, 200),
    ("review:hid", "owner"):         (403, 403),
    ("review:hid", "moderator"):     (403, 403),
    ("review:hid", "fellow"):        (404, 404),
    ("unhide:hid", "member"):        (403, 403),
    ("unhide:hid", "moderator"):     (200, 200),
    ("stored:hid", "db"):            (("circle", SLUG, True), ("circle", SLUG, True)),
}
# fmt: on

HIDDEN_PRIVATE_CIRCLE = HIDE_STICKS
HIDDEN_OTHER_CIRCLE = HIDE_STICKS


@pytest.mark.parametrize(
    ("surface", "role"),
    list(HIDDEN_PRIVATE_CIRCLE),
    ids=cell_ids("hidden-private-circle", HIDDEN_PRIVATE_CIRCLE),
)
def test_hidden_then_private_and_back(scene, surface, role):
    observed = moves(scene, surface, role, private_and_back, setup=dave_hides_hid)
    assert observed == HIDDEN_PRIVATE_CIRCLE[surface, role]


@pytest.mark.parametrize(
    ("surface", "role"),
    list(HIDDEN_OTHER_CIRCLE),
    ids=cell_ids("hidden-other-circle", HIDDEN_OTHER_CIRCLE),
)
def test_hidden_then_another_circle_and_back(scene, surface, role):
    observed = moves(scene, surface, role, other_circle_and_back, setup=hide_and_open_second_circle)
    assert observed == HIDDEN_OTHER_CIRCLE[surface, role]


# Widening what others replied to: 409, and nothing moves.


def refused_widening(body: dict):
    def event(scene):
        response = patch_note(scene, "member", "own", body, status=409)
        detail = response.json()["detail"]
        assert isinstance(detail, str) and detail

    return event


def narrow_own(scene):
    patch_note(scene, "member", "own", share_with(None))


def open_second_circle(scene):
    assert second_circle(scene) == "second-circle"


OWN_IN_CIRCLE = ("circle", SLUG, False)
OWN_PRIVATE = ("private", None, False)

# event: (setup, the refused change, its table)
WIDENINGS = {
    "widen-circle-public": (
        None,
        {"visibility": "public"},
        {
            ("detail:own", "outsider"): (404, 404),
            ("detail:own", "anonymous"): (404, 404),
            ("thread:own", "outsider"): (404, 404),
            ("list:own", "anonymous"): (ABSENT, ABSENT),
            ("margin:own", "outsider"): (ABSENT, ABSENT),
            ("visibility:own", "member"): ("circle", "circle"),
            ("thread:own", "member"): (OWN_THREAD, OWN_THREAD),
            ("detail:own", "fellow"): (200, 200),
            ("stored:own", "db"): (OWN_IN_CIRCLE, OWN_IN_CIRCLE),
        },
    ),
    "widen-circle-other-circle": (
        open_second_circle,
        share_with("second-circle"),
        {
            # carol belongs to the second circle.
            ("detail:own", "outsider"): (404, 404),
            ("thread:own", "outsider"): (404, 404),
            ("list:own", "outsider"): (ABSENT, ABSENT),
            ("detail:own", "fellow"): (200, 200),
            ("thread:own", "fellow"): (OWN_THREAD, OWN_THREAD),
            ("stored:own", "db"): (OWN_IN_CIRCLE, OWN_IN_CIRCLE),
        },
    ),
    "widen-private-circle": (
        narrow_own,
        share_with(SLUG),
        {
            ("detail:own", "owner"): (404, 404),
            ("detail:own", "fellow"): (404, 404),
            ("thread:own", "fellow"): (404, 404),
            ("list:own", "fellow"): (ABSENT, ABSENT),
            ("circle-page:own", "fellow"): (ABSENT, ABSENT),
            ("thread:own", "member"): (OWN_THREAD, OWN_THREAD),
            ("stored:own", "db"): (OWN_PRIVATE, OWN_PRIVATE),
        },
    ),
    "widen-private-public": (
        narrow_own,
        {"visibility": "public"},
        {
            ("detail:own", "outsider"): (404, 404),
            ("detail:own", "anonymous"): (404, 404),
            ("detail:own", "fellow"): (404, 404),
            ("thread:own", "fellow"): (404, 404),
            ("visibility:own", "member"): ("private", "private"),
            ("stored:own", "db"): (OWN_PRIVATE, OWN_PRIVATE),
        },
    ),
}

WIDEN_CELLS = [
    (event, surface, role) for event, (_, _, table) in WIDENINGS.items() for surface, role in table
]


@pytest.mark.parametrize(
    ("event", "surface", "role"),
    WIDEN_CELLS,
    ids=[f"{event}-{surface.replace(':', '_')}-{role}" for event, surface, role in WIDEN_CELLS],
)
def test_widening_what_others_replied_to(scene, event, surface, role):
    setup, change, table = WIDENINGS[event]
    observed = moves(scene, surface, role, refused_widening(change), setup=setup)
    assert observed == table[surface, role]


# Narrowing what others replied to: allowed, and it takes the thread with it.


def narrowing(thing: str, body: dict):
    def event(scene):
        patch_note(scene, "member", thing, body)

    return event


# event: (the change, its table)
NARROWINGS = {
    "narrow-circle-private": (
        narrowing("own", share_with(None)),
        {
            ("detail:own", "owner"): (200, 404),
            ("detail:own", "moderator"): (200, 404),
            ("detail:own", "fellow"): (200, 404),
            ("detail:own", "member"): (200, 200),
            ("thread:own", "owner"): (OWN_THREAD, 404),
            ("thread:own", "fellow"): (OWN_THREAD, 404),
            ("thread:own", "member"): (OWN_THREAD, OWN_THREAD),
            ("reply:own", "fellow"): (201, 404),
            ("list:own", "fellow"): (SHOWN, ABSENT),
            ("margin:own", "fellow"): (SHOWN, ABSENT),
            ("circle-page:own", "fellow"): (SHOWN, ABSENT),
            ("circle-page:erin_on_own", "fellow"): (SHOWN, ABSENT),
            ("guide:own", "fellow"): (SHOWN, ABSENT),
            ("guide:erin_on_own", "fellow"): (SHOWN, ABSENT),
            ("export-md:own", "owner"): (SHOWN, ABSENT),
            ("export-md:alice_on_own", "owner"): (SHOWN, ABSENT),
            ("me-guide:erin_on_own", "member"): (SHOWN, SHOWN),
            ("stored:own", "db"): (OWN_IN_CIRCLE, OWN_PRIVATE),
        },
    ),
    "narrow-public-circle": (
        narrowing("pub", share_with(SLUG)),
        {
            ("detail:pub", "outsider"): (200, 404),
            ("detail:pub", "anonymous"): (200, 404),
            ("detail:pub", "fellow"): (200, 200),
            ("detail:pub", "member"): (200, 200),
            ("thread:pub", "outsider"): (PUB_THREAD, 404),
            ("thread:pub", "anonymous"): (PUB_THREAD, 404),
            ("thread:pub", "fellow"): (PUB_THREAD, PUB_THREAD),
            ("thread:pub", "member"): (PUB_THREAD, PUB_THREAD),
            ("reply:pub", "outsider"): (201, 404),
            ("list:pub", "outsider"): (SHOWN, ABSENT),
            ("search:pub", "anonymous"): (SHOWN, ABSENT),
            ("margin:pub", "outsider"): (SHOWN, ABSENT),
            ("margin:pub", "fellow"): (SHOWN, SHOWN),
        },
    ),
    "narrow-public-private": (
        narrowing("pub", share_with(None)),
        {
            ("detail:pub", "outsider"): (200, 404),
            ("detail:pub", "fellow"): (200, 404),
            ("detail:pub", "anonymous"): (200, 404),
            ("detail:pub", "member"): (200, 200),
            ("thread:pub", "outsider"): (PUB_THREAD, 404),
            ("thread:pub", "fellow"): (PUB_THREAD, 404),
            ("thread:pub", "member"): (PUB_THREAD, PUB_THREAD),
            ("list:pub", "fellow"): (SHOWN, ABSENT),
            ("margin:pub", "outsider"): (SHOWN, ABSENT),
            ("me-guide:carol_on_pub", "member"): (SHOWN, SHOWN),
        },
    ),
}

NARROW_CELLS = [
    (event, surface, role) for event, (_, table) in NARROWINGS.items() for surface, role in table
]


@pytest.mark.parametrize(
    ("event", "surface", "role"),
    NARROW_CELLS,
    ids=[f"{event}-{surface.replace(':', '_')}-{role}" for event, surface, role in NARROW_CELLS],
)
def test_narrowing_what_others_replied_to(scene, event, surface, role):
    change, table = NARROWINGS[event]
    assert moves(scene, surface, role, change) == table[surface, role]


# Focused: each rule once more, from start to finish.


def detail(scene, role, thing):
    return scene.client(role).get(reverse("api:annotation-detail", args=[scene.notes[thing].pk]))


def test_a_hide_comes_back_after_private_and_back(scene):
    dave_hides_hid(scene)

    private_and_back(scene)

    assert detail(scene, "member", "hid").json()["hidden"] is True
    assert detail(scene, "fellow", "hid").status_code == 404
    assert detail(scene, "owner", "hid").status_code == 200
    assert detail(scene, "moderator", "hid").json()["hidden"] is True


def test_a_hide_comes_back_after_another_circle_and_back(scene):
    hide_and_open_second_circle(scene)

    other_circle_and_back(scene)

    assert detail(scene, "member", "hid").json()["hidden"] is True
    assert detail(scene, "fellow", "hid").status_code == 404
    assert detail(scene, "owner", "hid").status_code == 200


def test_a_hide_belongs_to_its_circle_not_to_another(scene):
    """In the second circle nobody hid it: carol, a member there, sees it unmarked."""
    hide_and_open_second_circle(scene)

    patch_note(scene, "member", "hid", share_with("second-circle"))

    seen = detail(scene, "outsider", "hid")
    assert seen.status_code == 200
    assert seen.json()["hidden"] is False


def test_the_author_asks_for_a_review_and_only_the_author(scene):
    dave_hides_hid(scene)
    hid = scene.notes["hid"]
    url = reverse("api:annotation-request-review", args=[hid.pk])

    assert scene.client("owner").post(url).status_code == 403
    assert scene.client("moderator").post(url).status_code == 403
    assert scene.client("fellow").post(url).status_code == 404
    assert CircleHide.objects.get(annotation=hid).review_requested is None

    asked = scene.client("member").post(url)

    assert asked.status_code == 200
    assert (asked.json()["hidden"], asked.json()["review_requested"]) == (True, True)
    assert CircleHide.objects.get(annotation=hid).review_requested is not None
    # The moderators see the request wherever the annotation is read, until they decide.
    detail_url = reverse("api:annotation-detail", args=[hid.pk])
    assert scene.client("moderator").get(detail_url).json()["review_requested"] is True
    listed = scene.client("moderator").get(reverse("api:annotation-list")).json()["results"]
    assert [a["review_requested"] for a in listed if a["id"] == hid.pk] == [True]
    unhidden = scene.client("moderator").post(reverse("api:annotation-unhide", args=[hid.pk]))
    assert (unhidden.json()["hidden"], unhidden.json()["review_requested"]) == (False, False)


def test_a_review_of_what_is_not_hidden_is_a_400_naming_the_annotation(scene):
    url = reverse("api:annotation-request-review", args=[scene.notes["own"].pk])

    response = scene.client("member").post(url)

    assert response.status_code == 400
    assert list(response.json()) == ["annotation"]


def test_unhiding_stays_the_moderators(scene):
    dave_hides_hid(scene)
    url = reverse("api:annotation-unhide", args=[scene.notes["hid"].pk])

    assert scene.client("member").post(url).status_code == 403
    assert Annotation.objects.get(pk=scene.notes["hid"].pk).hidden is True
    assert scene.client("moderator").post(url).status_code == 200
    assert Annotation.objects.get(pk=scene.notes["hid"].pk).hidden is False


@pytest.mark.parametrize(
    ("setup", "change"),
    [
        (None, {"visibility": "public"}),
        (open_second_circle, share_with("second-circle")),
        (narrow_own, share_with(SLUG)),
        (narrow_own, {"visibility": "public"}),
    ],
    ids=["circle-public", "circle-other-circle", "private-circle", "private-public"],
)
def test_widening_what_others_replied_to_is_a_409_that_changes_nothing(scene, setup, change):
    if setup is not None:
        setup(scene)
    fields = ("visibility", "circle_id", "hidden", "updated", "comment", "color")
    stored = Annotation.objects.filter(pk=scene.notes["own"].pk).values(*fields).get()

    response = patch_note(scene, "member", "own", {**change, "color": "pink"}, status=409)

    assert list(response.json()) == ["detail"]
    assert isinstance(response.json()["detail"], str)
    assert Annotation.objects.filter(pk=scene.notes["own"].pk).values(*fields).get() == stored


@pytest.mark.parametrize(
    ("author", "thing", "change"),
    [
        ("fellow", "fellow_visible", {"visibility": "public"}),  # no replies at all
        ("member", "hid", {"visibility": "public"}),  # only the author's own reply
        ("member", "mine_private", share_with(SLUG)),  # private, no replies
        ("member", "mine_private", {"visibility": "public"}),
    ],
    ids=["no-replies-circle-public", "own-replies-circle-public", "private-circle",
         "private-public"],
)  # fmt: skip
def test_widening_without_others_replies_is_allowed(scene, author, thing, change):
    response = patch_note(scene, author, thing, change)

    assert response.json()["visibility"] == change["visibility"]
    assert detail(scene, "fellow" if author != "fellow" else "member", thing).status_code == 200


def test_narrowing_keeps_every_reply_for_the_author_and_none_for_the_others(scene):
    patch_note(scene, "member", "own", share_with(None))
    replies = reverse("api:reply-list", args=[scene.notes["own"].pk])

    author = scene.client("member").get(replies)

    assert [r["body"] for r in author.json()["results"]] == [
        "Reply-a3-on-own",
        "Reply-e4-on-own",
        "Reply-b5-on-own",
    ]
    assert scene.client("fellow").get(replies).status_code == 404
    assert scene.client("owner").get(replies).status_code == 404
    assert detail(scene, "fellow", "own").status_code == 404
