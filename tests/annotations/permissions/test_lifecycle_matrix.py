"""The lifecycle matrix: circle privacy through every change of membership, visibility and
account. Its index, and the one table with no event: a scope's guide and exports agree.

The events live in one module per family, each a table of (surface, role) -> (before,
after) in which every cell is a test (scene and probes: tests/annotations/lifecycle.py):

- test_lifecycle_membership: member removed, member leaves, member rejoins, role up, role
  down.
- test_lifecycle_visibility: a hide through private and back, through another circle and
  back; widening what others replied to (409); narrowing it.
- test_lifecycle_deletion: a circle deleted and one of the same name made; an account
  deleted.
- tests/reader/test_lifecycle_accounts: password changed, password reset, token revoked.

The rules of this module:
- Exports and guides of one scope show the same annotations: for the circle's owner and
  moderator (who moderate), the guide (HTML and API) and the export in every format hold
  a hidden annotation, marked hidden (guide page, Markdown, CSV, JSON-LD); for a plain
  member, all of them leave it out. Its author sees it too (they always see their own).
- A circle's exports say who wrote each note (Markdown, CSV, the page to print) and hold
  its replies (all four formats).

The search page's Notes tab (reader:search, ``tab=notes``) has its own matrix over the
same scene, with its events: tests/annotations/test_search.py and
tests/reader/test_search_notes.py; the "search" surface here is the API's ``?q=``.
"""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse

from annotations.models import Membership, Role
from tests.annotations.conftest import highlight, ingest_document
from tests.annotations.permissions import (
    test_lifecycle_accounts,
    test_lifecycle_deletion,
    test_lifecycle_membership,
    test_lifecycle_visibility,
)
from tests.annotations.permissions.lifecycle import (  # noqa: F401
    ABSENT,
    PROBES,
    SHOWN,
    fellow_fixture,
    observe,
    scene_fixture,
)

ROLES = {"owner", "moderator", "member", "fellow", "outsider", "anonymous", "db"}
ROLES_OF_ACCOUNTS = {"token", "elsewhere"}

# Every event of the issue, and its table.
EVENTS = {
    "member removed": test_lifecycle_membership.REMOVED,
    "member leaves": test_lifecycle_membership.LEAVES,
    "member rejoins": test_lifecycle_membership.REJOINS,
    "role up": test_lifecycle_membership.ROLE_UP,
    "role down": test_lifecycle_membership.ROLE_DOWN,
    "hidden, then private and back": test_lifecycle_visibility.HIDDEN_PRIVATE_CIRCLE,
    "hidden, then another circle and back": test_lifecycle_visibility.HIDDEN_OTHER_CIRCLE,
    **{
        f"widened with others' replies ({name})": table
        for name, (_setup, _change, table) in test_lifecycle_visibility.WIDENINGS.items()
    },
    **{
        f"narrowed with others' replies ({name})": table
        for name, (_change, table) in test_lifecycle_visibility.NARROWINGS.items()
    },
    "circle deleted, one of the same name made": test_lifecycle_deletion.CIRCLE_REMADE,
    "account deleted": test_lifecycle_deletion.ACCOUNT_DELETED,
    "password changed": test_lifecycle_accounts.PASSWORD_CHANGED,
    "password reset": test_lifecycle_accounts.PASSWORD_RESET,
    "token revoked": test_lifecycle_accounts.TOKEN_REVOKED,
}


def test_every_event_has_a_table_of_known_surfaces_and_roles():
    assert len(EVENTS) == 19
    for event, table in EVENTS.items():
        assert table, event
        for surface, role in table:
            assert surface.partition(":")[0] in PROBES, (event, surface)
            assert role in ROLES | ROLES_OF_ACCOUNTS, (event, role)


def test_every_moving_event_moves_some_cell():
    """A table of an event that should change what is seen, in which nothing changes,
    would pass whatever the event did. (A hide's tables are meant to stand still.)"""
    still = {"hidden, then private and back", "hidden, then another circle and back"}
    for event, table in EVENTS.items():
        moved = any(before != after for before, after in table.values())
        assert moved == (event not in still and not event.startswith("widened")), event


# One scope, the same annotations: where erin's hidden annotation shows, by role.

FORMATS = ("md", "csv", "jsonld", "print")
SURFACES = ("guide", "guide-api", *(f"export-{fmt}" for fmt in FORMATS))
SEES_HIDDEN = {"owner": SHOWN, "moderator": SHOWN, "fellow": SHOWN, "member": ABSENT}
ONE_SCOPE = {
    (f"{surface}:fellow_hidden", role): seen
    for surface in SURFACES
    for role, seen in SEES_HIDDEN.items()
}
# ... and a visible one shows to all of them, with its replies in every export.
ONE_SCOPE |= {(f"{surface}:theirs", role): SHOWN for surface in SURFACES for role in SEES_HIDDEN}
ONE_SCOPE |= {
    (f"export-{fmt}:{reply}", "member"): SHOWN
    for fmt in FORMATS
    for reply in ("dave_on_theirs", "alice_on_own")
}


@pytest.mark.parametrize(
    ("surface", "role"),
    list(ONE_SCOPE),
    ids=[f"scope-{surface.replace(':', '_')}-{role}" for surface, role in ONE_SCOPE],
)
def test_one_scope_shows_the_same_annotations(scene, surface, role):
    assert observe(scene, surface, role) == ONE_SCOPE[surface, role]


# Focused: how a hidden annotation is marked, and who wrote each note.


def export(scene, role: str, fmt: str) -> str:
    """The circle's export in ``fmt``, as ``role`` downloads it."""
    response = scene.client(role).get(
        reverse("reader:export"), {"scope": scene.scope, "format": fmt}
    )
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_row(text: str, marker: str) -> list[str]:
    [row] = [row for row in csv.reader(io.StringIO(text)) if any(marker in c for c in row)]
    return row


def markdown_note(text: str, quote: str) -> str:
    """A note in a Markdown export: from its quote to the next quote (or the end)."""
    start = text.index(f"> {quote}")
    following = text.find("\n> ", start + 1)
    return text[start : following if following != -1 else len(text)]


def guide_comment(html: str, marker: str) -> str:
    """The guide page's block of the annotation whose comment is ``marker``."""
    end = html.index(marker)
    return html[html.rindex('class="guide-comment"', 0, end) : end]


@pytest.mark.parametrize("role", ["owner", "moderator"])
def test_a_moderator_finds_a_hidden_annotation_marked_hidden_everywhere(scene, role):
    guide = scene.client(role).get(reverse("reader:guide", args=[scene.scope, "nep"]))
    markdown = export(scene, role, "md")
    table = export(scene, role, "csv")
    items = json.loads(export(scene, role, "jsonld"))["first"]["items"]

    assert "hidden" in guide_comment(guide.content.decode(), "Note-p2-fellowhidden").lower()
    assert "hidden" not in guide_comment(guide.content.decode(), "Note-k3-theirs").lower()
    assert "hidden" in markdown_note(markdown, "sell what was left").lower()
    assert "hidden" not in markdown_note(markdown, "requisitioning").lower()
    assert any("hidden" in cell.lower() for cell in csv_row(table, "Note-p2-fellowhidden"))
    assert not any("hidden" in cell.lower() for cell in csv_row(table, "Note-k3-theirs"))
    by_id = {item["id"].rstrip("/").rsplit("/", 1)[-1]: item for item in items}
    hidden = by_id[str(scene.notes["fellow_hidden"].pk)]
    visible = by_id[str(scene.notes["theirs"].pk)]
    assert [key for key in hidden if key.endswith("hidden") and hidden[key] is True]
    assert not [key for key in visible if key.endswith("hidden") and visible[key]]


def test_a_plain_member_finds_no_trace_of_a_hidden_annotation(scene):
    guide = scene.client("member").get(reverse("reader:guide", args=[scene.scope, "nep"]))
    api = scene.client("member").get(
        reverse("api:guide-detail", args=["nep"]), {"scope": scene.scope}
    )
    files = [export(scene, "member", fmt) for fmt in FORMATS]

    hidden = scene.notes["fellow_hidden"].pk
    for text in (guide.content.decode(), api.content.decode(), *files):
        assert "Note-p2-fellowhidden" not in text
        assert f"/api/annotations/{hidden}/" not in text
    passages = [
        passage
        for document in api.json()["documents"]
        for section in document["sections"]
        for passage in section["passages"]
    ]
    assert passages
    assert hidden not in [a["id"] for passage in passages for a in passage["annotations"]]


@pytest.fixture
def second_document(scene):
    """bob's note in a second document: a Markdown export of both documents is one file
    per document, so the second file holds his note alone (alice's is in the first)."""
    document = ingest_document(slug="nep-again", title="The NEP, again")
    highlight(
        document, scene.users["member"], "tax in kind", visibility="circle",
        circle=scene.slug, comment="Note-x1-second-document",
    )  # fmt: skip
    return document


def test_a_circle_export_says_who_wrote_each_note(scene, second_document):
    # dave exports: his own name is on every page, theirs only with their notes.
    response = scene.client("moderator").get(
        reverse("reader:export"), {"scope": scene.scope, "format": "md"}
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    files = {name: archive.read(name).decode() for name in archive.namelist()}
    table = export(scene, "moderator", "csv")
    page = export(scene, "moderator", "print")

    first, second = files["nep.md"], files["nep-again.md"]
    assert "Note-x1-second-document" in second
    assert "bob" in second
    assert "alice" in first
    assert "alice" not in second
    assert any("alice" in cell for cell in csv_row(table, "Note-k3-theirs"))
    assert any("bob" in cell for cell in csv_row(table, "Note-x1-second-document"))
    notes = page.split('class="export-note"')[1:]
    by_marker = {
        marker: next(note.split("</article>")[0] for note in notes if marker in note)
        for marker in ("Note-k3-theirs", "Note-x1-second-document")
    }
    assert "alice" in by_marker["Note-k3-theirs"]  # bob is there too, with his reply
    assert "bob" in by_marker["Note-x1-second-document"]
    assert "alice" not in by_marker["Note-x1-second-document"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_circle_export_holds_the_replies(scene, fmt):
    text = export(scene, "fellow", fmt)

    for body in ("Reply-d1-on-theirs", "Reply-b2-on-theirs", "Reply-a3-on-own"):
        assert body in text


def test_a_new_moderator_finds_the_same_in_guide_and_export(scene):
    Membership.objects.filter(circle=scene.circle, user=scene.users["member"]).update(
        role=Role.MODERATOR
    )

    seen = {surface: observe(scene, f"{surface}:fellow_hidden", "member") for surface in SURFACES}

    assert seen == dict.fromkeys(SURFACES, SHOWN)
