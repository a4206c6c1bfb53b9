"""The lifecycle matrix's scene, and the probes that look at it from every surface.

Not a test module: the ``test_lifecycle_*`` modules import the ``scene`` and ``fellow``
fixtures (as ``scene_fixture`` and ``fellow_fixture``, so that no test's argument shadows
an import) and ``moves()`` from here, each with its own tables of events.

The scene is one document ("The NEP", from tests/annotations/conftest.py) and the circle
"Study group": ``owner`` alice owns it, ``moderator`` dave moderates, ``member`` bob and
``fellow`` erin are plain members; ``outsider`` carol belongs to none. Its annotations
(NOTES) and replies (REPLIES) each carry a marker, a word found nowhere else, so a page
or a file shows a thing exactly when its marker is in it.

A *surface* is written ``kind:thing``: ``detail:theirs`` is the API detail of the
annotation "theirs", ``export-md:alice_on_own`` whether alice's reply to "own" is in the
circle's Markdown export. ``observe()`` answers with a status code, SHOWN or ABSENT, LOGIN
(sent to sign in), REFUSED (401 or 403 to a token or a signed-out session) or, for the
richer kinds, a value (a thread's replies, an author, a count). Probes of a write run it in
a savepoint that is rolled back, so the very same probe can be made again after the event.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Annotation, Circle, Membership, Reaction, Reply, Role, TopicSummary
from reader.models import ReadingPosition
from tests.annotations.conftest import highlight
from tests.conftest import PASSWORD
from tests.pagedata import page_data

SHOWN = "shown"
ABSENT = "absent"
LOGIN = "login"
REFUSED = "refused"  # 401 or 403: a token or a session that no longer works

TOPIC = "nep"  # the tag of the study guide the probes read
CIRCLE_ONLY_TAG = "circleonly"  # used only on alice's circle annotation "theirs"

# name: (author role, quote, visibility, tags, comment: its marker)
NOTES = {
    "theirs": ("owner", "requisitioning", "circle", [TOPIC, CIRCLE_ONLY_TAG], "Note-k3-theirs"),
    "own": ("member", "tax in kind", "circle", [TOPIC, "owntag"], "Note-m7-own"),
    "hid": ("member", "bigger leap forward", "circle", [TOPIC], "Note-r8-hid"),
    "fellow_hidden": ("fellow", "sell what was left", "circle", [TOPIC], "Note-p2-fellowhidden"),
    "fellow_visible": ("fellow", "on the market", "circle", [TOPIC], "Note-q5-fellowvisible"),
    "pub": ("member", "Private trade returned", "public", [TOPIC], "Note-t4-pub"),
    "mine_private": ("member", "We are retreating", "private", [TOPIC], "Note-w6-private"),
}
# name: (the annotation, author role, body: its marker), in the order they are written
REPLIES = {
    "dave_on_theirs": ("theirs", "moderator", "Reply-d1-on-theirs"),
    "bob_on_theirs": ("theirs", "member", "Reply-b2-on-theirs"),
    "alice_on_own": ("own", "owner", "Reply-a3-on-own"),
    "erin_on_own": ("own", "fellow", "Reply-e4-on-own"),
    "bob_on_own": ("own", "member", "Reply-b5-on-own"),
    "bob_on_hid": ("hid", "member", "Reply-b6-on-hid"),
    "carol_on_pub": ("pub", "outsider", "Reply-c7-on-pub"),
    "erin_on_pub": ("pub", "fellow", "Reply-e8-on-pub"),
}
# Other things a page may show, by their marker.
EXTRA_MARKERS = {
    CIRCLE_ONLY_TAG: CIRCLE_ONLY_TAG,
    "alice": "alice",
    "bob": "bob",
}


def marker(thing: str) -> str:
    if thing in NOTES:
        return NOTES[thing][4]
    if thing in REPLIES:
        return REPLIES[thing][2]
    return EXTRA_MARKERS[thing]


@pytest.fixture(name="fellow")
def fellow_fixture(django_user_model):
    """erin: a second plain member of the circle, so a member's view is not the author's."""
    return django_user_model.objects.create_user("erin", "erin@example.org", PASSWORD)


class RoleClients:
    """A scene's API clients: one a role (its ``users``, or none for "anonymous") for the
    whole test, kept in its ``clients``, so that a session lives through the event."""

    def client(self, role: str) -> APIClient:
        if role not in self.clients:
            client = APIClient()
            if role != "anonymous":
                client.force_login(self.users[role])
            self.clients[role] = client
        return self.clients[role]


@dataclass
class Scene(RoleClients):
    document: object
    circle: Circle
    users: dict[str, object]
    notes: dict[str, Annotation] = field(default_factory=dict)
    replies: dict[str, Reply] = field(default_factory=dict)
    clients: dict[str, APIClient] = field(default_factory=dict)
    extra_markers: dict[str, str] = field(default_factory=dict)
    # The users' ids, kept: deleting a user through the ORM sets its ``pk`` to None.
    user_ids: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.user_ids = {role: user.pk for role, user in self.users.items()}

    @property
    def slug(self) -> str:
        return self.circle.slug

    @property
    def scope(self) -> str:
        return f"circle:{self.circle.slug}"

    def marker(self, thing: str) -> str:
        return self.extra_markers.get(thing) or marker(thing)


@pytest.fixture(name="scene")
def scene_fixture(document, circle, owner, moderator, member, fellow, outsider) -> Scene:
    Membership.objects.create(circle=circle, user=fellow, role=Role.MEMBER)
    users = {
        "owner": owner,
        "moderator": moderator,
        "member": member,
        "fellow": fellow,
        "outsider": outsider,
    }
    built = Scene(document=document, circle=circle, users=users)
    for name, (author, quote, visibility, tags, comment) in NOTES.items():
        built.notes[name] = highlight(
            document,
            users[author],
            quote,
            visibility=visibility,
            circle=circle.slug if visibility == "circle" else None,
            tags=tags,
            comment=comment,
        )
    for name, (note, author, body) in REPLIES.items():
        built.replies[name] = services.reply_create(
            annotation=built.notes[note], author=users[author], body=body
        )
    # dave hides erin's "fellow_hidden": what a plain member may not see.
    hidden = built.client("moderator").post(
        reverse("api:annotation-hide", args=[built.notes["fellow_hidden"].pk])
    )
    assert hidden.status_code == 200, hidden.content
    return built


# Looking at the scene.


def moves(
    scene: Scene,
    surface: str,
    role: str,
    event: Callable[[Scene], None],
    setup: Callable[[Scene], None] | None = None,
) -> tuple[object, object]:
    """What ``role`` observes on ``surface`` before and after ``event``."""
    if setup is not None:
        setup(scene)
    before = observe(scene, surface, role)
    event(scene)
    after = observe(scene, surface, role)
    return before, after


def observe(scene: Scene, surface: str, role: str):
    kind, _, thing = surface.partition(":")
    return PROBES[kind](scene, role, thing)


def cell_ids(event: str, table: dict) -> list[str]:
    return [f"{event}-{surface.replace(':', '_')}-{role}" for surface, role in table]


def detail_url(scene: Scene, thing: str) -> str:
    return reverse("api:annotation-detail", args=[scene.notes[thing].pk])


def body_of(response) -> str:
    """A page's or a file's text; a zip's files joined (Markdown of several documents)."""
    data = b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return data.decode()


def answer(response, found: Callable[[str], bool]):
    """SHOWN or ABSENT for a 200, LOGIN for a redirect to sign in, else the status."""
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("login")), response["Location"]
        return LOGIN
    if response.status_code != 200:
        return response.status_code
    return SHOWN if found(body_of(response)) else ABSENT


class _Undo(Exception):
    pass


def dry_run(request: Callable[[], object]) -> int:
    """The status of a write, whose effects are then rolled back."""
    status = []
    try:
        with transaction.atomic():
            status.append(request().status_code)
            raise _Undo
    except _Undo:
        pass
    return status[0]


def refused(status: int):
    return REFUSED if status in (401, 403) else status


# The probes, by kind: (scene, role, thing) -> what is observed.


def _detail(scene, role, thing):
    return scene.client(role).get(detail_url(scene, thing)).status_code


def _detail_field(name):
    def probe(scene, role, thing):
        response = scene.client(role).get(detail_url(scene, thing))
        return response.json()[name] if response.status_code == 200 else response.status_code

    return probe


def _agree_count(scene, role, thing):
    response = scene.client(role).get(detail_url(scene, thing))
    if response.status_code != 200:
        return response.status_code
    return response.json()["reactions"]["agree"]


def _listed(scene, role, thing, params=None):
    response = scene.client(role).get(reverse("api:annotation-list"), params or {})
    assert response.status_code == 200, response.content
    ids = [item["id"] for item in response.json()["results"]]
    return SHOWN if scene.notes[thing].pk in ids else ABSENT


def _searched(scene, role, thing):
    # The API list's ?q=; the search page's Notes tab has its own matrix over this scene
    # (tests/annotations/test_search.py).
    return _listed(scene, role, thing, {"q": NOTES[thing][1]})


def _margin(scene, role, thing):
    """Whether the section page draws the annotation: one by one (in its page data, and a
    mark where it starts), or in the popular layer (a shaded stretch whose annotations,
    asked for as the page asks, hold it)."""
    client = scene.client(role)
    response = client.get(reverse("reader:section", args=[scene.document.slug, 1]))
    assert response.status_code == 200
    html = response.content.decode()
    data = page_data(html)
    note = scene.notes[thing]
    in_data = note.pk in {item["id"] for item in data["annotations"]}
    marked = {int(pk) for ids in re.findall(r'data-starts="([^"]*)"', html) for pk in ids.split()}
    assert in_data == (note.pk in marked), "page data and marks disagree"
    if in_data:
        return SHOWN
    if not any(start <= note.start < end for start, end, *_ in data["popular"]):
        return ABSENT
    stretch = client.get(
        reverse("api:document-popular", args=[scene.document.slug]),
        {"start": note.start, "end": note.end},
    )
    assert stretch.status_code == 200
    return SHOWN if note.pk in {item["id"] for item in stretch.json()["results"]} else ABSENT


def _thread(scene, role, thing):
    """The replies the caller reads (GET replies), by name, oldest first."""
    response = scene.client(role).get(reverse("api:reply-list", args=[scene.notes[thing].pk]))
    if response.status_code != 200:
        return response.status_code
    names = {body: name for name, (_note, _author, body) in REPLIES.items()}
    return tuple(names.get(reply["body"], reply["body"]) for reply in response.json()["results"])


def _write(make_request):
    def probe(scene, role, thing):
        client = scene.client(role)  # signed in outside the savepoint, so it stays signed in
        return dry_run(lambda: make_request(client, scene, thing))

    return probe


def _reply(client, scene, thing):
    url = reverse("api:reply-list", args=[scene.notes[thing].pk])
    return client.post(url, {"body": "A probing reply."}, format="json")


def _edit(client, scene, thing):
    return client.patch(detail_url(scene, thing), {"color": "pink"}, format="json")


def _delete(client, scene, thing):
    return client.delete(detail_url(scene, thing))


def _moderation(name):
    def request(client, scene, thing):
        return client.post(reverse(f"api:annotation-{name}", args=[scene.notes[thing].pk]))

    return request


def _tag(scene, role, thing):
    response = scene.client(role).get(reverse("api:tag-list"))
    assert response.status_code == 200
    return SHOWN if thing in response.json()["results"] else ABSENT


def _text_probe(url_of: Callable[[Scene], str], params: Callable[[Scene], dict] | None = None):
    """Whether the thing's marker is on the page or in the file at ``url_of(scene)``."""

    def probe(scene, role, thing):
        response = scene.client(role).get(url_of(scene), params(scene) if params else {})
        return answer(response, lambda text: scene.marker(thing) in text)

    return probe


def _export(scope: str, fmt: str):
    def params(scene):
        return {"scope": scene.scope if scope == "circle" else scope, "format": fmt}

    return _text_probe(lambda scene: reverse("reader:export"), params)


def _guides_api(scene, role, thing):
    response = scene.client(role).get(reverse("api:guide-list"), {"scope": scene.scope})
    if response.status_code != 200:
        return response.status_code
    return SHOWN if thing in [topic["tag"] for topic in response.json()["results"]] else ABSENT


def _summary_credit(scene, role, thing):
    """Who the circle guide's page credits: the username of ``thing`` (a role) while it is
    on the page, "a former member" once it is not and that is, else ABSENT."""
    response = scene.client(role).get(reverse("reader:guide", args=[scene.scope, TOPIC]))
    if response.status_code != 200:
        return response.status_code
    html = response.content.decode()
    username = scene.users[thing].get_username()
    if re.search(rf"\b{username}\b", html):
        return username
    return "a former member" if "a former member" in html else ABSENT


def _summary_api(scene, role, thing):
    """The circle guide's summary in the API: its body's marker shown, and its editor."""
    url = reverse("api:guide-detail", args=[TOPIC])
    response = scene.client(role).get(url, {"scope": scene.scope})
    if response.status_code != 200:
        return response.status_code
    summary = response.json()["summary"]
    if summary is None:
        return None
    return (SHOWN if scene.marker(thing) in summary["body"] else ABSENT, summary["edited_by"])


def _stored(scene, role, thing):
    """The annotation as stored: (visibility, circle slug, hidden), or None if gone."""
    return (
        Annotation.objects.filter(pk=scene.notes[thing].pk)
        .values_list("visibility", "circle__slug", "hidden")
        .first()
    )


def _rows(scene, role, thing):
    """How much of ``thing`` (a role's user) is stored, by what the data download lists."""
    pk = scene.user_ids[thing]
    circle_summaries = TopicSummary.objects.filter(circle__isnull=False)
    return {
        "annotations": Annotation.objects.filter(author=pk).count(),
        "replies": Reply.objects.filter(author=pk).count(),
        "reactions": Reaction.objects.filter(user=pk).count(),
        "me_summaries": TopicSummary.objects.filter(owner=pk).count(),
        "tokens": Token.objects.filter(user=pk).count(),
        "positions": ReadingPosition.objects.filter(user=pk).count(),
        "circle_summaries": circle_summaries.count(),
        "circle_summaries_by_them": circle_summaries.filter(edited_by=pk).count(),
    }


def _token_row(scene, role, thing):
    return Token.objects.filter(user=scene.user_ids[thing]).exists()


def _api_read(scene, role, thing):
    return refused(scene.client(role).get(detail_url(scene, thing)).status_code)


def _api_write(scene, role, thing):
    client = scene.client(role)
    return refused(dry_run(lambda: _edit(client, scene, thing)))


PROBES: dict[str, Callable] = {
    # The annotation API.
    "detail": _detail,
    "author": _detail_field("author"),
    "hidden": _detail_field("hidden"),
    "visibility": _detail_field("visibility"),
    "agree": _agree_count,
    "list": _listed,
    "search": _searched,
    "thread": _thread,
    "reply": _write(_reply),
    "edit": _write(_edit),
    "delete": _write(_delete),
    "hide": _write(_moderation("hide")),
    "unhide": _write(_moderation("unhide")),
    "review": _write(_moderation("request-review")),
    "tag": _tag,
    # The pages.
    "margin": _margin,
    "notebook": _text_probe(lambda scene: reverse("reader:notebook")),
    "circle-page": _text_probe(lambda scene: reverse("reader:circle", args=[scene.slug])),
    "guides": _text_probe(lambda scene: reverse("reader:guides", args=[scene.scope])),
    "guides-api": _guides_api,
    "guide": _text_probe(lambda scene: reverse("reader:guide", args=[scene.scope, TOPIC])),
    "guide-api": _text_probe(
        lambda scene: reverse("api:guide-detail", args=[TOPIC]),
        lambda scene: {"scope": scene.scope},
    ),
    "me-guide": _text_probe(lambda scene: reverse("reader:guide", args=["me", TOPIC])),
    "me-guide-api": _text_probe(
        lambda scene: reverse("api:guide-detail", args=[TOPIC]), lambda scene: {"scope": "me"}
    ),
    "summary-credit": _summary_credit,
    "summary-api": _summary_api,
    # The exports: the circle's, and the reader's own ("me").
    **{f"export-{fmt}": _export("circle", fmt) for fmt in ("md", "csv", "jsonld", "print")},
    **{f"me-export-{fmt}": _export("me", fmt) for fmt in ("md", "csv", "jsonld", "print")},
    "data": _text_probe(lambda scene: reverse("reader:account_data")),
    # Accounts: a token or another session, refused or not.
    "api-read": _api_read,
    "api-write": _api_write,
    # What is stored (role "db").
    "stored": _stored,
    "rows": _rows,
    "token-row": _token_row,
}


# Steps the events are made of, through the same requests a reader's browser makes.


def patch_note(scene: Scene, role: str, thing: str, body: dict, status: int = 200):
    response = scene.client(role).patch(detail_url(scene, thing), body, format="json")
    assert response.status_code == status, response.content
    return response


def share_with(slug: str | None) -> dict:
    return {"visibility": "circle", "circle": slug} if slug else {"visibility": "private"}


def invite_and_accept(scene: Scene, inviter: str, joiner: str, slug: str) -> None:
    made = scene.client(inviter).post(
        reverse("api:circle-invite-list", args=[slug]), {}, format="json"
    )
    assert made.status_code == 201, made.content
    token = made.json()["token"]
    joined = scene.client(joiner).post(reverse("api:invite-accept", args=[token]))
    assert joined.status_code == 200, joined.content


def second_circle(scene: Scene) -> str:
    """bob's own circle "Second circle", which carol joins: another audience."""
    made = scene.client("member").post(
        reverse("api:circle-list"), {"name": "Second circle"}, format="json"
    )
    assert made.status_code == 201, made.content
    slug = made.json()["slug"]
    invite_and_accept(scene, "member", "outsider", slug)
    return slug


def write_summary(scene: Scene, role: str, scope: str, body: str) -> None:
    url = reverse("reader:guide_summary", args=[scope, TOPIC])
    response = scene.client(role).post(url, {"body": body})
    assert response.status_code == 302, response.content
    assert response["Location"] == reverse("reader:guide", args=[scope, TOPIC])


def set_role(scene: Scene, username: str, role: str) -> None:
    url = reverse("api:circle-member-detail", args=[scene.slug, username])
    response = scene.client("owner").patch(url, {"role": role}, format="json")
    assert response.status_code == 200, response.content
