"""The lifecycle matrix, deletions: a circle deleted (and a new one of the same name), and
an account deleted.

Each cell is a test: the same observation before and after the event, as (before, after).
The scene is in tests/annotations/lifecycle.py: alice (owner), dave (moderator), bob
(member) and erin (fellow) are in "Study group"; carol (outsider) is not. Its guide topic
is "nep".

The rules:
- A topic summary is keyed by the circle itself, never by a reusable slug: delete a
  circle, make a new one of the same name (the same slug), tag the same topic, and its
  guide shows no old summary and no old author's name.
- Deleting an account deletes what the data download calls theirs: annotations,
  replies, reactions, their own ("me") summaries, tokens, reading positions. A circle
  summary they wrote stays with the circle, credited to "a former member" (never their
  username). Before deleting, the profile page says what will go and what will stay.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations.account import account_delete
from annotations.circles.services import circle_create
from annotations.guides.queries import get_scope_for_user
from annotations.guides.services import topic_summary_update
from annotations.models import Circle, TopicSummary
from tests.annotations.conftest import highlight, payload
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    ABSENT,
    LOGIN,
    SHOWN,
    TOPIC,
    cell_ids,
    fellow_fixture,
    invite_and_accept,
    moves,
    observe,
    scene_fixture,
    set_role,
    write_summary,
)
from tests.conftest import PASSWORD

OLD_SUMMARY = "Summary-s1-old-circle"
NEW_NOTE = "Note-z9-new-circle"
CIRCLE_SUMMARY = "Summary-u1-circle"
ME_SUMMARY = "Summary-v2-me"


# A circle deleted, and a new one with the same name.


def alice_summarises(scene):
    write_summary(scene, "owner", scene.scope, OLD_SUMMARY)
    scene.extra_markers.update(old_summary=OLD_SUMMARY, new_note=NEW_NOTE)


def delete_and_remake(scene):
    """alice deletes the circle; carol makes one of the same name, erin joins it, and carol
    tags a passage with the same topic."""
    deleted = scene.client("owner").delete(reverse("api:circle-detail", args=[scene.slug]))
    assert deleted.status_code == 204, deleted.content
    made = scene.client("outsider").post(
        reverse("api:circle-list"), {"name": "Study group"}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["slug"] == scene.slug
    invite_and_accept(scene, "outsider", "fellow", scene.slug)
    body = payload(
        scene.document,
        "Private trade returned",
        visibility="circle",
        circle=scene.slug,
        tags=[TOPIC],
        comment=NEW_NOTE,
    )
    created = scene.client("outsider").post(reverse("api:annotation-list"), body, format="json")
    assert created.status_code == 201, created.content


# fmt: off
CIRCLE_REMADE = {
    # erin belonged to the old circle and belongs to the new one: the same page.
    ("guide:old_summary", "fellow"):      (SHOWN, ABSENT),
    ("guide:alice", "fellow"):            (SHOWN, ABSENT),
    ("guide:new_note", "fellow"):         (ABSENT, SHOWN),
    ("summary-api:old_summary", "fellow"): ((SHOWN, "alice"), None),
    # carol made the new circle.
    ("guide:old_summary", "outsider"):    (404, ABSENT),
    ("guide:alice", "outsider"):          (404, ABSENT),
    ("summary-api:old_summary", "outsider"): (404, None),
    # alice made the old one, and is not in the new one.
    ("guide:old_summary", "owner"):       (SHOWN, 404),
    # the old circle's annotations became their authors' own.
    ("detail:theirs", "fellow"):          (200, 404),
    ("detail:theirs", "owner"):           (200, 200),
    ("visibility:theirs", "owner"):       ("circle", "private"),
    ("stored:theirs", "db"):              (("circle", "study-group", False), ("private", None, False)),  # noqa: E501
}
# fmt: on


@pytest.mark.parametrize(
    ("surface", "role"), list(CIRCLE_REMADE), ids=cell_ids("circle-remade", CIRCLE_REMADE)
)
def test_circle_deleted_and_remade_with_the_same_name(scene, surface, role):
    observed = moves(scene, surface, role, delete_and_remake, setup=alice_summarises)
    assert observed == CIRCLE_REMADE[surface, role]


# An account deleted: bob's, who moderates the circle by then.


def bob_has_everything(scene):
    """A moderator's account with something of every kind the data download lists."""
    set_role(scene, "bob", "moderator")
    write_summary(scene, "member", scene.scope, CIRCLE_SUMMARY)
    write_summary(scene, "member", "me", ME_SUMMARY)
    bob = scene.client("member")
    theirs = scene.notes["theirs"]
    reacted = bob.post(
        reverse("api:reaction-list", args=[theirs.pk]), {"kind": "agree"}, format="json"
    )
    assert reacted.status_code == 200, reacted.content
    assert bob.post(reverse("reader:token_create")).status_code == 200
    placed = bob.post(
        reverse("reader:position", args=[scene.document.slug]),
        {"ordinal": 2},
        content_type="application/json",
    )
    assert placed.status_code == 204
    scene.extra_markers.update(circle_summary=CIRCLE_SUMMARY, me_summary=ME_SUMMARY)


def bob_deletes_his_account(scene):
    response = scene.client("member").post(reverse("reader:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(username="bob").exists()


ROWS_BEFORE = {
    "annotations": 4,  # own, hid, pub, mine_private
    "replies": 3,  # bob_on_theirs, bob_on_own, bob_on_hid
    "reactions": 1,
    "me_summaries": 1,
    "tokens": 1,
    "positions": 1,
    "circle_summaries": 1,
    "circle_summaries_by_them": 1,
}
ROWS_AFTER = dict.fromkeys(ROWS_BEFORE, 0) | {"circle_summaries": 1}

# fmt: off
ACCOUNT_DELETED = {
    ("rows:member", "db"):                      (ROWS_BEFORE, ROWS_AFTER),
    # bob's own browser is signed out.
    ("notebook:own", "member"):                 (SHOWN, LOGIN),
    ("data:own", "member"):                     (SHOWN, LOGIN),
    ("data:bob_on_theirs", "member"):           (SHOWN, LOGIN),
    ("data:circle_summary", "member"):          (SHOWN, LOGIN),
    ("me-guide:me_summary", "member"):          (SHOWN, LOGIN),
    # the circle: his annotations, replies and reactions go ...
    ("detail:own", "owner"):                    (200, 404),
    ("detail:pub", "anonymous"):                (200, 404),
    ("thread:theirs", "owner"):                 (("dave_on_theirs", "bob_on_theirs"), ("dave_on_theirs",)),  # noqa: E501
    ("agree:theirs", "owner"):                  (1, 0),
    ("circle-page:own", "fellow"):              (SHOWN, ABSENT),
    ("circle-page:bob_on_theirs", "fellow"):    (SHOWN, ABSENT),
    ("export-md:own", "owner"):                 (SHOWN, ABSENT),
    ("export-md:bob_on_theirs", "owner"):       (SHOWN, ABSENT),
    ("guide:own", "fellow"):                    (SHOWN, ABSENT),
    # ... his circle summary stays, by "a former member".
    ("guide:circle_summary", "fellow"):         (SHOWN, SHOWN),
    ("summary-credit:member", "fellow"):        ("bob", "a former member"),
    ("summary-api:circle_summary", "fellow"):   ((SHOWN, "bob"), (SHOWN, None)),
}
# fmt: on


@pytest.mark.parametrize(
    ("surface", "role"), list(ACCOUNT_DELETED), ids=cell_ids("account-deleted", ACCOUNT_DELETED)
)
def test_account_deleted(scene, surface, role):
    observed = moves(scene, surface, role, bob_deletes_his_account, setup=bob_has_everything)
    assert observed == ACCOUNT_DELETED[surface, role]


# Focused: each rule once more, from start to finish.


def guide_page(client, scope: str) -> str:
    response = client.get(reverse("reader:guide", args=[scope, TOPIC]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_circle_of_the_same_name_finds_no_old_summary(scene):
    alice_summarises(scene)

    delete_and_remake(scene)

    page = guide_page(scene.client("fellow"), scene.scope)
    assert OLD_SUMMARY not in page
    assert "alice" not in page
    assert NEW_NOTE in page
    assert not TopicSummary.objects.filter(body=OLD_SUMMARY).exists()


def test_a_circle_deleted_with_its_only_members_account_leaves_no_summary(
    document, django_user_model, client_as
):
    first = django_user_model.objects.create_user("frida", "frida@example.org", PASSWORD)
    circle = circle_create(owner=first, name="Reading room")
    highlight(document, first, "tax in kind", visibility="circle", circle=circle.slug, tags=["nep"])
    scope = get_scope_for_user(first, f"circle:{circle.slug}")
    topic_summary_update(scope=scope, tag="nep", body=OLD_SUMMARY, editor=first)

    account_delete(user=first)
    second = django_user_model.objects.create_user("gus", "gus@example.org", PASSWORD)
    again = circle_create(owner=second, name="Reading room")
    highlight(document, second, "requisitioning", visibility="circle", circle=again.slug,
              tags=["nep"])  # fmt: skip

    assert again.slug == circle.slug
    assert not Circle.objects.filter(pk=circle.pk).exists()
    page = guide_page(client_as(second), f"circle:{again.slug}")
    assert OLD_SUMMARY not in page
    assert "frida" not in page
    assert "No summary yet." in page


def test_a_deleted_account_leaves_its_circle_summary_to_a_former_member(scene):
    bob_has_everything(scene)

    bob_deletes_his_account(scene)

    page = guide_page(scene.client("fellow"), scene.scope)
    assert CIRCLE_SUMMARY in page
    assert "a former member" in page
    assert "bob" not in page
    summary = TopicSummary.objects.get(body=CIRCLE_SUMMARY)
    assert (summary.circle_id, summary.edited_by_id) == (scene.circle.pk, None)
    assert not TopicSummary.objects.filter(body=ME_SUMMARY).exists()


def test_deleting_an_account_by_the_service_deletes_the_same(scene):
    bob_has_everything(scene)
    assert observe(scene, "rows:member", "db") == ROWS_BEFORE

    account_delete(user=scene.users["member"])

    assert observe(scene, "rows:member", "db") == ROWS_AFTER


def test_the_profile_says_what_will_go_and_what_will_stay(scene):
    bob_has_everything(scene)

    page = scene.client("member").get(reverse("reader:profile")).content.decode()

    assert "4 annotations" in page
    assert "3 replies" in page
    assert "a former member" in page


def test_the_profile_promises_nothing_to_circles_when_nothing_stays(scene):
    page = scene.client("fellow").get(reverse("reader:profile")).content.decode()

    assert "2 annotations" in page  # fellow_hidden and fellow_visible
    assert "a former member" not in page
