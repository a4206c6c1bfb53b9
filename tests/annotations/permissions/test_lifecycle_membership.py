"""The lifecycle matrix, membership events: removed, leaves, rejoins, role up, role down.

Each cell is a test: the same observation made before and after the event, as
(before, after). The scene (tests/annotations/lifecycle.py): alice (owner), dave
(moderator), bob (member, the one the events happen to) and erin (fellow, a plain member)
share annotations in "Study group"; carol (outsider) belongs to none. "theirs" is alice's
circle annotation (tagged "circleonly", replied to by dave and bob); "own" is bob's (replied
to by alice, erin and bob); "fellow_hidden" is erin's, hidden by dave; "fellow_visible" is
erin's too. Surfaces are explained in lifecycle.py; writes are probed and rolled back.

The rules:
- Removal or leaving ends all access to the circle's content at once: others' annotations
  (API detail, list, search, the page margin), the circle page, its guides (HTML and API)
  and exports (every format), the tags only others used there, and the threads on one's
  own circle annotations (read 403, reply 403); one's own annotation can no longer be
  edited (403) but can be deleted (204). One's own "me" guide and export keep the
  annotation without others' replies.
- What the former member wrote stays with the circle, under their name.
- Rejoining by a new invite restores it all.
- member -> moderator sees hidden annotations and hides; moderator -> member loses both.
"""

import pytest
from django.urls import reverse

from annotations.models import Annotation, Membership
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    ABSENT,
    SHOWN,
    cell_ids,
    fellow_fixture,
    invite_and_accept,
    moves,
    scene_fixture,
    set_role,
)

BOB_THREAD = ("alice_on_own", "erin_on_own", "bob_on_own")
THEIRS_THREAD = ("dave_on_theirs", "bob_on_theirs")
PUB_THREAD = ("carol_on_pub", "erin_on_pub")


def remove_bob(scene):
    url = reverse("api:circle-member-detail", args=[scene.slug, "bob"])
    response = scene.client("owner").delete(url)
    assert response.status_code == 204, response.content


def bob_leaves(scene):
    response = scene.client("member").post(reverse("reader:circle_leave", args=[scene.slug]))
    assert response.status_code == 302
    assert not Membership.objects.filter(circle=scene.circle, user=scene.users["member"]).exists()


def bob_rejoins(scene):
    invite_and_accept(scene, "owner", "member", scene.slug)


def bob_up(scene):
    set_role(scene, "bob", "moderator")


def bob_down(scene):
    set_role(scene, "bob", "member")


# fmt: off
# What bob sees, before and after he is removed (or leaves).
GONE = {
    # others' annotations
    ("detail:theirs", "member"):         (200, 404),
    ("list:theirs", "member"):           (SHOWN, ABSENT),
    ("search:theirs", "member"):         (SHOWN, ABSENT),
    ("margin:theirs", "member"):         (SHOWN, ABSENT),
    # the circle page and activity
    ("circle-page:theirs", "member"):    (SHOWN, 404),
    # the circle's guides and exports
    ("guides:circleonly", "member"):     (SHOWN, 404),
    ("guides-api:circleonly", "member"): (SHOWN, 404),
    ("guide:theirs", "member"):          (SHOWN, 404),
    ("guide-api:theirs", "member"):      (SHOWN, 404),
    ("export-md:theirs", "member"):      (SHOWN, 404),
    ("export-csv:theirs", "member"):     (SHOWN, 404),
    ("export-jsonld:theirs", "member"):  (SHOWN, 404),
    ("export-print:theirs", "member"):   (SHOWN, 404),
    # tags only others used in the circle
    ("tag:circleonly", "member"):        (SHOWN, ABSENT),
    ("tag:owntag", "member"):            (SHOWN, SHOWN),
    # his own annotation: it stays with the circle
    ("detail:own", "member"):            (200, 200),
    ("thread:own", "member"):            (BOB_THREAD, 403),
    ("reply:own", "member"):             (201, 403),
    ("edit:own", "member"):              (200, 403),
    ("delete:own", "member"):            (204, 204),
    ("notebook:own", "member"):          (SHOWN, SHOWN),
    ("data:own", "member"):              (SHOWN, SHOWN),
    # his "me" guide and export: his annotation, without the replies by others
    ("me-guide:own", "member"):          (SHOWN, SHOWN),
    ("me-guide:alice_on_own", "member"): (SHOWN, ABSENT),
    ("me-guide-api:own", "member"):      (SHOWN, SHOWN),
    ("me-guide-api:alice_on_own", "member"): (SHOWN, ABSENT),
    ("me-export-md:own", "member"):      (SHOWN, SHOWN),
    ("me-export-md:alice_on_own", "member"): (SHOWN, ABSENT),
    ("me-export-jsonld:alice_on_own", "member"): (SHOWN, ABSENT),
    # his public annotation is not the circle's
    ("thread:pub", "member"):            (PUB_THREAD, PUB_THREAD),
}

# What the others see: what bob wrote stays with the circle, under his name.
STAYS = {
    ("detail:own", role): (200, 200) for role in ("owner", "moderator", "fellow")
} | {
    ("author:own", "fellow"):                ("bob", "bob"),
    ("list:own", "fellow"):                  (SHOWN, SHOWN),
    ("margin:own", "fellow"):                (SHOWN, SHOWN),
    ("thread:own", "owner"):                 (BOB_THREAD, BOB_THREAD),
    ("thread:theirs", "owner"):              (THEIRS_THREAD, THEIRS_THREAD),
    ("thread:theirs", "fellow"):             (THEIRS_THREAD, THEIRS_THREAD),
    ("circle-page:own", "fellow"):           (SHOWN, SHOWN),
    ("circle-page:bob_on_theirs", "fellow"): (SHOWN, SHOWN),
    ("guide:own", "fellow"):                 (SHOWN, SHOWN),
    ("guide:bob_on_theirs", "fellow"):       (SHOWN, SHOWN),
    ("export-md:own", "owner"):              (SHOWN, SHOWN),
    ("export-md:bob_on_theirs", "owner"):    (SHOWN, SHOWN),
    ("detail:own", "outsider"):              (404, 404),
    ("detail:theirs", "outsider"):           (404, 404),
}
# fmt: on

REMOVED = GONE | STAYS
LEAVES = GONE | STAYS

# Rejoining: before is the state after removal, after is full access again.
REJOINS = {
    ("detail:theirs", "member"): (404, 200),
    ("list:theirs", "member"): (ABSENT, SHOWN),
    ("search:theirs", "member"): (ABSENT, SHOWN),
    ("margin:theirs", "member"): (ABSENT, SHOWN),
    ("circle-page:theirs", "member"): (404, SHOWN),
    ("guides:circleonly", "member"): (404, SHOWN),
    ("guides-api:circleonly", "member"): (404, SHOWN),
    ("guide:theirs", "member"): (404, SHOWN),
    ("export-md:theirs", "member"): (404, SHOWN),
    ("export-csv:theirs", "member"): (404, SHOWN),
    ("export-jsonld:theirs", "member"): (404, SHOWN),
    ("export-print:theirs", "member"): (404, SHOWN),
    ("tag:circleonly", "member"): (ABSENT, SHOWN),
    ("thread:own", "member"): (403, BOB_THREAD),
    ("reply:own", "member"): (403, 201),
    ("edit:own", "member"): (403, 200),
    ("me-guide:alice_on_own", "member"): (ABSENT, SHOWN),
    ("detail:own", "fellow"): (200, 200),
}

# fmt: off
ROLE_UP = {
    ("detail:fellow_hidden", "member"):      (404, 200),
    ("hidden:fellow_hidden", "member"):      (404, True),
    ("list:fellow_hidden", "member"):        (ABSENT, SHOWN),
    ("margin:fellow_hidden", "member"):      (ABSENT, SHOWN),
    ("circle-page:fellow_hidden", "member"): (ABSENT, SHOWN),
    ("guide:fellow_hidden", "member"):       (ABSENT, SHOWN),
    ("export-md:fellow_hidden", "member"):   (ABSENT, SHOWN),
    ("hide:fellow_visible", "member"):       (403, 200),
    ("unhide:fellow_hidden", "member"):      (404, 200),
    ("hide:theirs", "member"):               (403, 200),
    # the others do not move
    ("detail:fellow_hidden", "fellow"):      (200, 200),
    ("detail:fellow_hidden", "outsider"):    (404, 404),
    ("hide:fellow_visible", "fellow"):       (403, 403),
}
ROLE_DOWN = {
    ("detail:fellow_hidden", "member"):      (200, 404),
    ("hidden:fellow_hidden", "member"):      (True, 404),
    ("list:fellow_hidden", "member"):        (SHOWN, ABSENT),
    ("margin:fellow_hidden", "member"):      (SHOWN, ABSENT),
    ("circle-page:fellow_hidden", "member"): (SHOWN, ABSENT),
    ("guide:fellow_hidden", "member"):       (SHOWN, ABSENT),
    ("export-md:fellow_hidden", "member"):   (SHOWN, ABSENT),
    ("hide:fellow_visible", "member"):       (200, 403),
    ("unhide:fellow_hidden", "member"):      (200, 404),
    ("hide:theirs", "member"):               (200, 403),
    ("detail:fellow_hidden", "fellow"):      (200, 200),
    ("detail:fellow_hidden", "moderator"):   (200, 200),
}
# fmt: on


@pytest.mark.parametrize(("surface", "role"), list(REMOVED), ids=cell_ids("removed", REMOVED))
def test_member_removed(scene, surface, role):
    assert moves(scene, surface, role, remove_bob) == REMOVED[surface, role]


@pytest.mark.parametrize(("surface", "role"), list(LEAVES), ids=cell_ids("leaves", LEAVES))
def test_member_leaves(scene, surface, role):
    assert moves(scene, surface, role, bob_leaves) == LEAVES[surface, role]


@pytest.mark.parametrize(("surface", "role"), list(REJOINS), ids=cell_ids("rejoins", REJOINS))
def test_member_rejoins(scene, surface, role):
    assert moves(scene, surface, role, bob_rejoins, setup=remove_bob) == REJOINS[surface, role]


@pytest.mark.parametrize(("surface", "role"), list(ROLE_UP), ids=cell_ids("role-up", ROLE_UP))
def test_role_up(scene, surface, role):
    assert moves(scene, surface, role, bob_up) == ROLE_UP[surface, role]


@pytest.mark.parametrize(("surface", "role"), list(ROLE_DOWN), ids=cell_ids("role-down", ROLE_DOWN))
def test_role_down(scene, surface, role):
    assert moves(scene, surface, role, bob_down, setup=bob_up) == ROLE_DOWN[surface, role]


# Focused: each rule once more, from start to finish.


def test_it_ends_the_threads_on_a_former_members_own_annotation(scene):
    own = scene.notes["own"]
    remove_bob(scene)
    bob = scene.client("member")
    replies = reverse("api:reply-list", args=[own.pk])
    detail = reverse("api:annotation-detail", args=[own.pk])

    assert bob.get(replies).status_code == 403
    assert bob.post(replies, {"body": "Still here?"}, format="json").status_code == 403
    edited = bob.patch(detail, {"comment": "Changed after leaving"}, format="json")
    assert edited.status_code == 403
    assert Annotation.objects.get(pk=own.pk).comment == "Note-m7-own"
    assert own.replies.count() == 3

    assert bob.delete(detail).status_code == 204
    assert not Annotation.objects.filter(pk=own.pk).exists()


def test_a_former_members_own_guide_and_export_keep_their_words_only(scene):
    bob_leaves(scene)
    bob = scene.client("member")

    guide = bob.get(reverse("reader:guide", args=["me", "nep"])).content.decode()
    exported = bob.get(reverse("reader:export"), {"scope": "me", "format": "md"})
    markdown = b"".join(exported.streaming_content).decode()

    for text in (guide, markdown):
        assert "Note-m7-own" in text
        assert "Reply-a3-on-own" not in text
        assert "Reply-e4-on-own" not in text


def test_what_a_former_member_wrote_stays_with_the_circle_under_their_name(scene):
    remove_bob(scene)
    erin = scene.client("fellow")

    detail = erin.get(reverse("api:annotation-detail", args=[scene.notes["own"].pk]))
    thread = erin.get(reverse("api:reply-list", args=[scene.notes["theirs"].pk]))

    assert detail.status_code == 200
    assert (detail.json()["author"], detail.json()["comment"]) == ("bob", "Note-m7-own")
    assert [(r["author"], r["body"]) for r in thread.json()["results"]] == [
        ("dave", "Reply-d1-on-theirs"),
        ("bob", "Reply-b2-on-theirs"),
    ]


def test_a_removed_member_loses_every_circle_surface_at_once(scene):
    remove_bob(scene)
    bob = scene.client("member")
    scope = scene.scope

    statuses = {
        "circle": bob.get(reverse("reader:circle", args=[scene.slug])).status_code,
        "guides": bob.get(reverse("reader:guides", args=[scope])).status_code,
        "guides-api": bob.get(reverse("api:guide-list"), {"scope": scope}).status_code,
        **{
            fmt: bob.get(reverse("reader:export"), {"scope": scope, "format": fmt}).status_code
            for fmt in ("md", "csv", "jsonld", "print")
        },
    }

    assert statuses == dict.fromkeys(statuses, 404)
    assert "circleonly" not in bob.get(reverse("api:tag-list")).json()["results"]


def test_rejoining_restores_the_thread_and_the_edit(scene):
    remove_bob(scene)
    bob_rejoins(scene)
    bob = scene.client("member")
    own = scene.notes["own"]

    thread = bob.get(reverse("api:reply-list", args=[own.pk]))
    edited = bob.patch(
        reverse("api:annotation-detail", args=[own.pk]), {"comment": "Back"}, format="json"
    )

    assert [r["body"] for r in thread.json()["results"]] == [
        "Reply-a3-on-own",
        "Reply-e4-on-own",
        "Reply-b5-on-own",
    ]
    assert edited.status_code == 200
    assert edited.json()["comment"] == "Back"


def test_a_demoted_moderator_can_neither_see_nor_hide(scene):
    bob_up(scene)
    bob_down(scene)
    bob = scene.client("member")

    hidden = bob.get(reverse("api:annotation-detail", args=[scene.notes["fellow_hidden"].pk]))
    hide = bob.post(reverse("api:annotation-hide", args=[scene.notes["fellow_visible"].pk]))

    assert hidden.status_code == 404
    assert hide.status_code == 403
    assert Annotation.objects.get(pk=scene.notes["fellow_visible"].pk).hidden is False
