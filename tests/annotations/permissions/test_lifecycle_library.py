"""The lifecycle matrix, circle libraries: events that move who sees circle A's text.

Each cell is a test: the same observation of circle A's text ("a", see documents.py)
before and after the event, as (before, after). The rules:
- Joining a circle shows its texts at once; being removed or leaving hides them at once,
  and everything on them: the annotations (one's own too: the notebook and the data
  download leave them out), the guides, the exports.
- Dissolving a circle deletes the texts of its library with everything on them.
- Removing a text (its circle's owners and moderators) deletes it with everything on it.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from annotations.circles import services as circle_services
from annotations.library import library_text_counts, library_text_remove
from annotations.models import Annotation, LibraryText
from corpus.models import Document
from tests.annotations.conftest import highlight
from tests.annotations.permissions.documents import (  # noqa: F401
    QUOTE,
    library_scene_fixture,
    note_marker,
    probe,
)
from tests.annotations.permissions.lifecycle import ABSENT, SHOWN, body_of

OWN_MARKER = "Own-note-z5"  # bob's private annotation on circle A's text


def _own_page(url_name: str):
    def observe(scene, role):
        response = scene.client(role).get(reverse(url_name))
        assert response.status_code == 200
        return SHOWN if OWN_MARKER in body_of(response) else ABSENT

    return observe


OWN = {"notebook": _own_page("reader:notebook"), "data": _own_page("reader:account_data")}


def observe(scene, surface: str, role: str):
    if surface in OWN:
        return OWN[surface](scene, role)
    return probe(scene, surface, role, "a")


def joined(scene):
    invite = circle_services.invite_create(circle=scene.circles["a"], actor=scene.users["owner_a"])
    circle_services.invite_accept(token=invite.token, user=scene.users["outsider"])


def removed(scene):
    circle_services.member_remove(
        circle=scene.circles["a"], actor=scene.users["owner_a"], user=scene.users["member_a"]
    )


def left(scene):
    member = scene.users["member_a"]
    circle_services.member_remove(circle=scene.circles["a"], actor=member, user=member)


def dissolved(scene):
    circle_services.circle_delete(circle=scene.circles["a"], actor=scene.users["owner_a"])


def text_removed(scene):
    library_text_remove(document=scene.documents["a"], actor=scene.users["moderator_a"])


EVENTS = {"joined": joined, "removed": removed, "left": left, "dissolved": dissolved}
EVENTS["text removed"] = text_removed

# fmt: off
TABLES = {
    "joined": {
        ("document", "outsider"):          (404, 200),
        ("compare", "outsider"):           (404, 200),
        ("library", "outsider"):           (ABSENT, SHOWN),
        ("search", "outsider"):            (ABSENT, SHOWN),
        ("api-detail", "outsider"):        (404, 200),
        ("annotation-detail", "outsider"): (404, 200),
        ("annotate", "outsider"):          (400, 201),
        ("guides", "outsider"):            (ABSENT, SHOWN),
        ("export-md", "outsider"):         (ABSENT, SHOWN),
        ("document", "member_b"):          (404, 404),
    },
    "removed": {
        ("document", "member_a"):          (200, 404),
        ("version", "member_a"):           (200, 404),
        ("library", "member_a"):           (SHOWN, ABSENT),
        ("search", "member_a"):            (SHOWN, ABSENT),
        ("api-list", "member_a"):          (SHOWN, ABSENT),
        ("annotation-detail", "member_a"): (200, 404),
        ("annotation-list", "member_a"):   (SHOWN, ABSENT),
        ("import", "member_a"):            ("created", "No such document here."),
        ("guide", "member_a"):             (SHOWN, 404),
        ("export-jsonld", "member_a"):     (SHOWN, ABSENT),
        ("notebook", "member_a"):          (SHOWN, ABSENT),
        ("data", "member_a"):              (SHOWN, ABSENT),
        ("document", "moderator_a"):       (200, 200),
        ("annotation-detail", "moderator_a"): (200, 200),
    },
    "left": {
        ("document", "member_a"):          (200, 404),
        ("section", "member_a"):           (200, 404),
        ("continue", "member_a"):          (302, 404),
        ("annotation-list", "member_a"):   (SHOWN, ABSENT),
        ("export-csv", "member_a"):        (SHOWN, ABSENT),
        ("notebook", "member_a"):          (SHOWN, ABSENT),
        ("data", "member_a"):              (SHOWN, ABSENT),
        ("document", "owner_a"):           (200, 200),
    },
    "dissolved": {
        ("document", "owner_a"):           (200, 404),
        ("document", "member_a"):          (200, 404),
        ("api-detail", "moderator_a"):     (200, 404),
        ("library", "owner_a"):            (SHOWN, ABSENT),
        ("annotation-detail", "owner_a"):  (200, 404),
        ("notebook", "member_a"):          (SHOWN, ABSENT),
        ("document", "staff"):             (404, 404),
    },
    "text removed": {
        ("document", "owner_a"):           (200, 404),
        ("document", "member_a"):          (200, 404),
        ("search", "member_a"):            (SHOWN, ABSENT),
        ("annotation-detail", "member_a"): (200, 404),
        ("notebook", "member_a"):          (SHOWN, ABSENT),
    },
}
# fmt: on

CELLS = [(event, cell) for event, table in TABLES.items() for cell in table]


@pytest.mark.parametrize(
    ("event", "cell"),
    CELLS,
    ids=[f"{event}-{surface}-{role}".replace(" ", "_") for event, (surface, role) in CELLS],
)
def test_lifecycle(library_scene, event, cell):
    surface, role = cell
    highlight(
        library_scene.documents["a"],
        library_scene.users["member_a"],
        QUOTE,
        visibility="private",
        comment=OWN_MARKER,
    )

    before = observe(library_scene, surface, role)
    EVENTS[event](library_scene)
    after = observe(library_scene, surface, role)

    assert (before, after) == TABLES[event][cell]


def test_it_deletes_a_dissolved_circles_texts_with_everything_on_them(library_scene):
    document = library_scene.documents["a"]

    dissolved(library_scene)

    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Annotation.objects.filter(document=document.pk).exists()
    assert list(LibraryText.objects.values_list("document__slug", flat=True)) == ["b-text"]
    assert Document.objects.filter(slug__in=["open-text", "b-text"]).count() == 2


def test_it_lets_only_the_circles_owners_and_moderators_remove_its_text(library_scene):
    document = library_scene.documents["a"]
    for role in ("member_a", "outsider", "staff", "member_b"):
        with pytest.raises(PermissionDenied):
            library_text_remove(document=document, actor=library_scene.users[role])

    assert library_text_counts(document).annotations == 1
    library_text_remove(document=document, actor=library_scene.users["owner_a"])
    assert not Document.objects.filter(pk=document.pk).exists()


def test_it_lets_only_staff_remove_a_public_text(library_scene):
    document = library_scene.documents["public"]
    with pytest.raises(PermissionDenied):
        library_text_remove(document=document, actor=library_scene.users["owner_a"])

    library_text_remove(document=document, actor=library_scene.users["staff"])

    assert not Document.objects.filter(pk=document.pk).exists()
