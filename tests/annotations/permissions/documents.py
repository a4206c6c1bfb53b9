"""The documents matrix's scene, and the probes that look at a document from every surface.

Not a test module: ``test_matrix_documents.py`` and ``test_lifecycle_library.py`` import
``library_scene`` (as ``library_scene_fixture``) and ``probe()`` from here.

Three documents, each with two versions (so there is an old one to read and a pair to
compare) and a word found in no other: "public" in the public library, "a" in the library
of "Study group" (circle A: ``owner`` alice, ``moderator`` dave, ``member`` bob), "b" in
the library of "Other circle" (circle B: its owner olga, ``member_b`` bea). ``outsider``
carol belongs to neither; ``staff`` stan is staff and belongs to neither. On each
document its ``author`` (one who may see it) wrote a public annotation tagged with the
document's topic, with a marker comment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.circles.services import circle_create
from annotations.models import Annotation, LibraryText, Membership, Role
from corpus.ingest.blocks import Block
from tests.annotations.conftest import BLOCKS, highlight, ingest_document, payload
from tests.annotations.permissions.lifecycle import ABSENT, LOGIN, SHOWN, RoleClients, body_of

DOCUMENTS = ("public", "a", "b")
ROLES = ("anonymous", "outsider", "member_a", "moderator_a", "owner_a", "member_b", "staff")

# document: (slug, title, its own search word, the author of its annotation)
TEXTS = {
    "public": ("open-text", "Pubtitle-q1", "zorblefrump", "outsider"),
    "a": ("a-text", "Atitle-q2", "quibblewomp", "member_a"),
    "b": ("b-text", "Btitle-q3", "snarflegump", "member_b"),
}
QUOTE = "tax in kind"


def topic(kind: str) -> str:
    return f"{kind}topic"


def note_marker(kind: str) -> str:
    return f"Marker-{kind}-k9"


@dataclass
class LibraryScene(RoleClients):
    users: dict[str, object]
    circles: dict[str, object]
    documents: dict[str, object] = field(default_factory=dict)
    notes: dict[str, Annotation] = field(default_factory=dict)
    clients: dict[str, APIClient] = field(default_factory=dict)

    def slug(self, kind: str) -> str:
        return TEXTS[kind][0]


def text_blocks(kind: str, version: int) -> list[Block]:
    word = TEXTS[kind][2]
    extra = [Block("body", f"A later paragraph, of version {version}.")] if version > 1 else []
    return [*BLOCKS, Block("body", f"Only this text says {word}."), *extra]


@pytest.fixture(name="library_scene")
def library_scene_fixture(django_user_model, owner, moderator, member, outsider, circle):
    make = django_user_model.objects.create_user
    olga, bea = make("olga", "olga@example.org", "x" * 20), make("bea", "bea@example.org", "x" * 20)
    stan = make("stan", "stan@example.org", "x" * 20, is_staff=True)
    other = circle_create(owner=olga, name="Other circle")
    Membership.objects.create(circle=other, user=bea, role=Role.MEMBER)
    users = {
        "outsider": outsider,
        "member_a": member,
        "moderator_a": moderator,
        "owner_a": owner,
        "member_b": bea,
        "owner_b": olga,
        "staff": stan,
    }
    scene = LibraryScene(users=users, circles={"a": circle, "b": other})
    for kind, (slug, title, _, author) in TEXTS.items():
        ingest_document(slug, title, text_blocks(kind, 1))
        document = ingest_document(slug, title, text_blocks(kind, 2))
        if kind != "public":
            LibraryText.objects.create(document=document, circle=scene.circles[kind])
        scene.documents[kind] = document
        scene.notes[kind] = highlight(
            document,
            users[author],
            QUOTE,
            visibility="public",
            tags=[topic(kind)],
            comment=note_marker(kind),
        )
    return scene


class _Undo(Exception):
    pass


def _dry_run(request):
    """A write's response, its effects rolled back."""
    answers = []
    try:
        with transaction.atomic():
            answers.append(request())
            raise _Undo
    except _Undo:
        pass
    return answers[0]


def _found(response, needle: str):
    """SHOWN or ABSENT for a 200, LOGIN for a redirect to sign in, else the status."""
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login")), response["Location"]
        return LOGIN
    if response.status_code != 200:
        return response.status_code
    return SHOWN if needle in body_of(response) else ABSENT


def _page(name: str, *args):
    def probe(scene, role, kind):
        url = reverse(name, args=[scene.slug(kind), *args])
        return scene.client(role).get(url).status_code

    return probe


def _position(scene, role, kind):
    # Not rolled back: a session saved inside a rolled-back savepoint would be lost.
    url = reverse("reader:position", args=[scene.slug(kind)])
    return scene.client(role).post(url, {"ordinal": 2}).status_code


def _library(scene, role, kind):
    return _found(scene.client(role).get(reverse("reader:library")), TEXTS[kind][1])


def _search(scene, role, kind):
    response = scene.client(role).get(reverse("reader:search"), {"q": TEXTS[kind][2]})
    return _found(response, f"/read/{scene.slug(kind)}/")


def _api_list(scene, role, kind):
    response = scene.client(role).get(reverse("api:document-list"))
    assert response.status_code == 200
    slugs = [document["slug"] for document in response.json()["results"]]
    return SHOWN if scene.slug(kind) in slugs else ABSENT


def _api_detail(params):
    def probe(scene, role, kind):
        url = reverse("api:document-detail", args=[scene.slug(kind)])
        return scene.client(role).get(url, params).status_code

    return probe


def _annotation_list(scene, role, kind):
    response = scene.client(role).get(reverse("api:annotation-list"))
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["results"]]
    return SHOWN if scene.notes[kind].pk in ids else ABSENT


def _annotation_detail(scene, role, kind):
    url = reverse("api:annotation-detail", args=[scene.notes[kind].pk])
    return scene.client(role).get(url).status_code


def _annotate(scene, role, kind):
    body = payload(scene.documents[kind], visibility="public")
    client = scene.client(role)
    response = _dry_run(lambda: client.post(reverse("api:annotation-list"), body, format="json"))
    if response.status_code == 400:
        assert list(response.json()) == ["document"], response.content
    return response.status_code


def _import(scene, role, kind):
    item = {
        "type": "Annotation",
        "target": {
            "source": f"http://elsewhere.test/read/{scene.slug(kind)}/",
            "selector": [{"type": "TextQuoteSelector", "exact": QUOTE}],
        },
    }
    data = json.dumps({"type": "AnnotationCollection", "first": {"items": [item]}})
    client = scene.client(role)
    response = _dry_run(
        lambda: client.post(reverse("api:import"), data, content_type="application/ld+json")
    )
    if response.status_code not in (200, 201):
        return response.status_code
    (result,) = response.json()["results"]
    if result["status"] in ("created", "already imported"):
        # Found the document: a reader who already has the passage gets no second copy.
        return "created"
    return result.get("message", result["status"])


def _guides(scene, role, kind):
    return _found(scene.client(role).get(reverse("reader:guides", args=["public"])), topic(kind))


def _guide(scene, role, kind):
    url = reverse("reader:guide", args=["public", topic(kind)])
    return _found(scene.client(role).get(url), note_marker(kind))


def _guides_api(scene, role, kind):
    response = scene.client(role).get(reverse("api:guide-list"), {"scope": "public"})
    assert response.status_code == 200
    return SHOWN if topic(kind) in [item["tag"] for item in response.json()["results"]] else ABSENT


def _export(fmt: str, scope: str = "public"):
    def probe(scene, role, kind):
        params = {"scope": scope, "format": fmt}
        return _found(scene.client(role).get(reverse("reader:export"), params), note_marker(kind))

    return probe


PROBES = {
    "library": _library,
    "document": _page("reader:document"),
    "section": _page("reader:section", 1),
    "paragraph": _page("reader:paragraph", 2),
    "version": _page("reader:version", 1),
    "version-section": _page("reader:version_section", 1, 1),
    "version-paragraph": _page("reader:version_paragraph", 1, 2),
    "compare": _page("reader:compare", 1, 2),
    "continue": _page("reader:continue"),
    "position": _position,
    "search": _search,
    "api-list": _api_list,
    "api-detail": _api_detail({}),
    "api-version": _api_detail({"version": 1}),
    "annotation-list": _annotation_list,
    "annotation-detail": _annotation_detail,
    "annotate": _annotate,
    "import": _import,
    "guides": _guides,
    "guide": _guide,
    "guides-api": _guides_api,
    **{f"export-{fmt}": _export(fmt) for fmt in ("md", "csv", "jsonld", "print")},
}


def probe(scene: LibraryScene, surface: str, role: str, kind: str):
    return PROBES[surface](scene, role, kind)
