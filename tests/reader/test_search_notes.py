"""The search page's Notes tab: the annotations and replies a reader may see, by their
quote, comment, tag or reply; the same permission matrix as every other surface, a
fixed number of queries, and links that open the highlight's paragraph in its chapter.

The scene is the lifecycle matrix's (tests/annotations/permissions/lifecycle.py): alice
(owner), dave (moderator), bob (member) and erin (fellow) are in "Study group", carol
(outsider) is not; each note and reply carries a marker word found nowhere else.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from annotations import services
from tests.annotations import conftest as annotations_fixtures
from tests.annotations.conftest import highlight, ingest_document
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    NOTES,
    REPLIES,
    fellow_fixture,
    patch_note,
    scene_fixture,
    share_with,
)
from tests.annotations.test_search import FINDS, ROLES

pytestmark = pytest.mark.django_db


# The lifecycle scene's fixtures, as tests/annotations/conftest.py makes them.


@pytest.fixture(name="document")
def document_fixture(db):
    return ingest_document()


@pytest.fixture(name="moderator")
def moderator_fixture(django_user_model):
    return annotations_fixtures.moderator.__wrapped__(django_user_model)


@pytest.fixture(name="circle")
def circle_fixture(owner, moderator, member):
    return annotations_fixtures.circle.__wrapped__(owner, moderator, member)


# The session and its user, the documents for the filter, the notes' page, the texts'
# count, then the page's annotations, replies and tags; on PostgreSQL the two searches run
# in savepoints.
QUERIES = 2 + 6 + (4 if connection.vendor == "postgresql" else 0)


def client_of(scene, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(scene.users[role])
    return client


def notes_page(client, q, status=200, **params) -> str:
    response = client.get(reverse("reader:search"), {"q": q, "tab": "notes", **params})
    assert response.status_code == status
    return response.content.decode()


def note_links(html: str) -> list[str]:
    return re.findall(r'<h2 class="result-title"><a href="([^"]+)"', html)


def test_each_reader_finds_on_the_page_exactly_the_notes_they_may_see(scene):
    seen = {}
    for role in ROLES:
        client = client_of(scene, role)
        for thing in FINDS:
            html = notes_page(client, scene.marker(thing))
            seen[thing, role] = scene.marker(thing) in html.replace("<mark>", "").replace(
                "</mark>", ""
            ) and bool(note_links(html))

    assert {cell for cell, found in seen.items() if found} == {
        (thing, role) for thing, who in FINDS.items() for role in who
    }


def test_the_tabs_count_only_what_the_reader_may_see(scene):
    # "Study group" members see "theirs" (tagged circleonly); carol does not.
    member = notes_page(client_of(scene, "member"), "circleonly", tab="texts")
    outsider = notes_page(client_of(scene, "outsider"), "circleonly", tab="texts")

    assert re.search(r'tab=notes">Notes <span class="search-tab-count">1</span>', member)
    assert re.search(r'tab=notes">Notes <span class="search-tab-count">0</span>', outsider)


def test_unsharing_takes_the_note_from_the_page(scene):
    outsider = client_of(scene, "outsider")
    assert scene.marker("pub") in notes_page(outsider, scene.marker("pub"))

    patch_note(scene, "member", "pub", share_with(None))

    html = notes_page(outsider, scene.marker("pub"))
    assert note_links(html) == []
    assert "No notes you can see match" in html


def test_the_notes_tab_is_current_and_keyboard_reachable(document, owner, client):
    highlight(document, owner, "tax in kind", comment="quillwort")
    client.force_login(owner)

    html = notes_page(client, "quillwort")

    assert '<a href="/search/?q=quillwort&amp;tab=notes" aria-current="page">Notes' in html
    assert '<a href="/search/?q=quillwort">Texts <span class="search-tab-count">0</span>' in html
    assert '<input type="hidden" name="tab" value="notes">' in html
    assert "1 note matches “quillwort”" in html


def test_a_note_shows_its_quote_comment_tags_and_reply_escaped_and_marked(document, owner, client):
    note = highlight(
        document,
        owner,
        "tax in kind",
        comment="<script>alert(1)</script> the quillwort",
        tags=["quillwort", "nep"],
        visibility="public",
    )
    services.reply_create(annotation=note, author=owner, body="A **quillwort** reply.")
    client.force_login(owner)

    html = notes_page(client, "quillwort")

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>quillwort</mark>" in html
    assert '<p class="snippet note-reply">A **<mark>quillwort</mark>** reply.</p>' in html
    assert "<li>nep</li><li><mark>quillwort</mark></li>" in html
    assert "Highlight by alice · public" in html
    assert "Reply by alice to a highlight by alice" in html
    assert "2 notes match “quillwort”" in html


def test_a_note_opens_its_paragraph_in_its_chapter_with_the_words(document, owner, client):
    highlight(document, owner, "requisitioning", comment="quillwort")
    client.force_login(owner)

    [link] = note_links(notes_page(client, "quillwort"))
    link = link.replace("&amp;", "&")
    path, query = link.split("?")
    assert parse_qs(query) == {"in": ["context"], "hl": ["quillwort"]}
    response = client.get(link)
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.query == "hl=quillwort"
    assert location.fragment == f"p-{path.rstrip('/').rsplit('/', 1)[1]}"
    assert client.get(response["Location"]).status_code == 200


def test_it_keeps_to_the_chosen_document(document, owner, client):
    highlight(document, owner, "tax in kind", comment="quillwort")
    client.force_login(owner)

    assert len(note_links(notes_page(client, "quillwort", document=document.slug))) == 1
    assert note_links(notes_page(client, "quillwort", document="elsewhere")) == []


def test_it_pages_notes_and_a_page_past_the_last_is_not_found(document, owner, client):
    for number in range(21):
        highlight(document, owner, "tax in kind", comment=f"quillwort {number}")
    client.force_login(owner)

    first = notes_page(client, "quillwort")
    second = notes_page(client, "quillwort", page="2")

    assert len(note_links(first)) == 20
    assert len(note_links(second)) == 1
    assert 'rel="next" href="/search/?q=quillwort&amp;tab=notes&amp;page=2"' in first
    notes_page(client, "quillwort", status=404, page="3")


def test_it_runs_the_same_number_of_queries_for_one_note_and_many(
    document, owner, client, django_assert_num_queries
):
    client.force_login(owner)

    def note(comment):
        made = highlight(document, owner, "tax in kind", comment=comment, tags=["nep"])
        services.reply_create(annotation=made, author=owner, body=comment)

    note("quillwort")
    for number in range(5):
        note(f"sundew {number}")

    # Each page: notes that match by their comment, and by their reply.
    with django_assert_num_queries(QUERIES):
        one = notes_page(client, "quillwort")
    with django_assert_num_queries(QUERIES):
        many = notes_page(client, "sundew")

    assert len(note_links(one)) == 2
    assert len(note_links(many)) == 10
