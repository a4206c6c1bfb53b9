"""annotations.search: notes (quotes, comments, tags, replies) found only by those who may
see them, on SQLite (FTS5) and PostgreSQL (tsvector), before and after every event that
moves who may.

The scene is the lifecycle matrix's (tests/annotations/permissions/lifecycle.py): alice
(owner), dave (moderator), bob (member) and erin (fellow) are in "Study group", carol
(outsider) is not. Each note and reply carries a marker word found nowhere else, so a
search for the marker finds that thing exactly when the searcher may see it.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse

from annotations import services
from annotations.search import count_notes, search_notes
from tests.annotations.conftest import highlight
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    ABSENT,
    NOTES,
    REPLIES,
    SHOWN,
    fellow_fixture,
    patch_note,
    scene_fixture,
    share_with,
)
from tests.corpus.search.hostile import HOSTILE

pytestmark = pytest.mark.django_db

ROLES = ("owner", "moderator", "member", "fellow", "outsider", "anonymous")
CIRCLE = {"owner", "moderator", "member", "fellow"}
EVERYONE = set(ROLES)

# Who finds each thing: the permission matrix of annotations/permissions.py, written out.
FINDS = {
    "theirs": CIRCLE,
    "own": CIRCLE,
    "hid": CIRCLE,
    # Hidden by dave: its author and the circle's owner and moderators.
    "fellow_hidden": {"owner", "moderator", "fellow"},
    "fellow_visible": CIRCLE,
    "pub": EVERYONE,
    "mine_private": {"member"},
    **{reply: CIRCLE for reply in REPLIES if REPLIES[reply][0] != "pub"},
    "carol_on_pub": EVERYONE,
    "erin_on_pub": EVERYONE,
}


def user_of(scene, role):
    return AnonymousUser() if role == "anonymous" else scene.users[role]


def finds(scene, role, thing) -> str:
    """Whether ``role`` finds ``thing`` by searching for its marker."""
    results = search_notes(scene.marker(thing), user=user_of(scene, role))
    found = {
        ("reply", hit.reply.pk) if hit.reply else ("note", hit.annotation.pk)
        for hit in results.hits
    }
    if thing in NOTES:
        wanted = ("note", scene.notes[thing].pk)
    else:
        wanted = ("reply", scene.replies[thing].pk)
    assert results.total == len(results.hits)
    return SHOWN if wanted in found else ABSENT


def matrix(scene, things=FINDS) -> dict:
    return {(thing, role): finds(scene, role, thing) for thing in things for role in ROLES}


def expected(table=FINDS) -> dict:
    return {
        (thing, role): SHOWN if role in who else ABSENT
        for thing, who in table.items()
        for role in ROLES
    }


def test_each_reader_finds_exactly_the_notes_they_may_see(scene):
    assert matrix(scene) == expected()


def test_unsharing_takes_a_note_and_its_thread_from_those_outside(scene):
    # bob narrows his public "pub" to private: carol loses it and her own reply too.
    patch_note(scene, "member", "pub", share_with(None))

    assert matrix(scene, ["pub", "carol_on_pub", "erin_on_pub"]) == expected(
        {"pub": {"member"}, "carol_on_pub": {"member"}, "erin_on_pub": {"member"}}
    )


def test_leaving_the_circle_ends_finding_its_notes_but_not_ones_own(scene):
    response = scene.client("fellow").post(reverse("reader:circle_leave", args=[scene.slug]))
    assert response.status_code in (200, 302)

    after = matrix(scene, ["theirs", "fellow_visible", "erin_on_own", "erin_on_pub"])
    assert {role for (thing, role), seen in after.items() if seen == SHOWN} == {
        "owner",
        "moderator",
        "member",
        "fellow",  # her own note stays hers; "erin_on_pub" is on a public note
        "outsider",
        "anonymous",
    }
    assert after["theirs", "fellow"] == ABSENT
    assert after["erin_on_own", "fellow"] == ABSENT
    assert after["fellow_visible", "fellow"] == SHOWN
    assert after["erin_on_pub", "fellow"] == SHOWN
    assert after["fellow_visible", "member"] == SHOWN


def test_a_moderators_hide_takes_a_note_from_plain_members(scene):
    response = scene.client("moderator").post(
        reverse("api:annotation-hide", args=[scene.notes["theirs"].pk])
    )
    assert response.status_code == 200

    assert matrix(scene, ["theirs"]) == expected({"theirs": {"owner", "moderator"}})


def test_a_moderators_hide_of_a_reply_leaves_it_to_its_author_and_the_moderators(scene):
    response = scene.client("moderator").post(
        reverse("api:reply-hide", args=[scene.replies["erin_on_own"].pk])
    )
    assert response.status_code == 200

    assert matrix(scene, ["erin_on_own"]) == expected(
        {"erin_on_own": {"owner", "moderator", "fellow"}}
    )


def test_deleting_a_note_takes_it_and_its_replies_from_everyone(scene):
    response = scene.client("member").delete(
        reverse("api:annotation-detail", args=[scene.notes["pub"].pk])
    )
    assert response.status_code == 204

    assert matrix(scene, ["pub", "carol_on_pub"]) == expected({"pub": set(), "carol_on_pub": set()})


def test_it_finds_a_quote_a_comment_and_a_tag_and_ranks_the_tag_first(document, owner):
    tagged = highlight(document, owner, "tax in kind", tags=["requisitioning"])
    quoted = highlight(document, owner, "requisitioning")
    commented = highlight(document, owner, "on the market", comment="Against *requisitions*.")

    results = search_notes("requisitioning", user=owner)

    # The tag is the query; the quote and the comment hold its stem.
    assert [hit.annotation.pk for hit in results.hits][0] == tagged.pk
    assert {hit.annotation.pk for hit in results.hits} == {tagged.pk, quoted.pk, commented.pk}
    by_pk = {hit.annotation.pk: hit for hit in results.hits}
    assert by_pk[tagged.pk].tagged and not by_pk[quoted.pk].tagged
    assert by_pk[quoted.pk].quote.spans == ((0, len("requisitioning")),)
    assert by_pk[commented.pk].comment.text == "Against *requisitions*."
    assert by_pk[commented.pk].comment.spans == ((9, 21),)
    assert by_pk[tagged.pk].annotation.tag_names == ["requisitioning"]
    assert count_notes("requisitioning", user=owner) == 3


def test_it_finds_a_hyphenated_tag_by_its_words(document, owner):
    tagged = highlight(document, owner, "tax in kind", tags=["state-capitalism"])

    for query in ("state-capitalism", "state capitalism"):
        assert [hit.annotation.pk for hit in search_notes(query, user=owner).hits] == [tagged.pk]


def test_it_follows_edits_of_a_comment_and_a_reply(document, owner):
    note = highlight(document, owner, "tax in kind", comment="quillwort")
    reply = services.reply_create(annotation=note, author=owner, body="bladderwort")

    services.annotation_update(annotation=note, actor=owner, comment="sundew")
    assert search_notes("quillwort", user=owner).total == 0
    assert search_notes("sundew", user=owner).total == 1
    reply.delete()
    assert search_notes("bladderwort", user=owner).total == 0


def test_it_pages_and_counts_past_the_last_page(document, owner):
    for quote in ("tax in kind", "requisitioning", "on the market"):
        highlight(document, owner, quote, comment="quillwort")

    pages = [search_notes("quillwort", user=owner, limit=2, offset=o) for o in (0, 2, 4)]

    assert [len(page.hits) for page in pages] == [2, 1, 0]
    assert [page.total for page in pages] == [3, 3, 3]


def test_it_keeps_to_one_document(document, owner):
    highlight(document, owner, "tax in kind", comment="quillwort")

    assert search_notes("quillwort", user=owner, document_slug=document.slug).total == 1
    assert search_notes("quillwort", user=owner, document_slug="elsewhere").total == 0


@pytest.mark.parametrize("q", [*HOSTILE, "plan:* & !nep | (lenin <-> trotsky)", "text:plan"])
def test_it_answers_any_input(document, owner, q):
    highlight(document, owner, "tax in kind", comment="plan nep")

    results = search_notes(q, user=owner)

    assert results.total == len(results.hits)
    assert count_notes(q, user=owner) == results.total


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 triggers are SQLite's")
def test_it_keeps_the_sqlite_index_triggers_after_all_migrations():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}

    assert {
        f"annotations_{table}_fts_{event}"
        for table in ("annotation", "reply")
        for event in ("insert", "update", "delete")
    } <= triggers
