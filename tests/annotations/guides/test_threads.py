"""Threads in a guide: replies to replies nested in the page and in the handout."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.services import reply_create
from tests.annotations.guides.helpers import shared
from tests.annotations.guides.test_pages import SCOPE

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(document, circle, owner, member):
    annotation = shared(document, member, comment="Why a tax?")
    made = {}
    parent = None
    for number, author in enumerate([owner, member, owner, member, owner]):
        parent = made[number] = reply_create(
            annotation=annotation, author=author, body=f"Point *{number}*", parent=parent
        )
    reply_create(annotation=annotation, author=member, body="Aside")
    return made


def test_it_nests_the_replies_of_a_guide(thread, owner):
    client = Client()
    client.force_login(owner)

    html = client.get(reverse("reader:guide", args=[SCOPE, "nep"])).content.decode()

    def item(depth, name, body):
        return (
            f'<li class="guide-reply-depth-{depth}"><span class="meta">{name}:</span> {body}</li>'
        )

    assert (
        item(0, "alice", "<p>Point <em>0</em></p>")
        + item(1, "bob", "<p>Point <em>1</em></p>")
        + item(2, "alice", "<p>Point <em>2</em></p>")
        + item(3, "bob", "<p>Point <em>3</em></p>")
        + item(3, "alice (in reply to @bob)", "<p>Point <em>4</em></p>")
        + item(0, "bob", "<p>Aside</p>")
    ) in html


def test_it_nests_the_replies_of_the_handout(thread, owner):
    client = Client()
    client.force_login(owner)

    body = client.get(reverse("reader:guide_download", args=[SCOPE, "nep"])).content.decode()

    assert (
        "- *alice:* Point *0*\n\n"
        "  - *bob:* Point *1*\n\n"
        "    - *alice:* Point *2*\n\n"
        "      - *bob:* Point *3*\n\n"
        "      - *alice (in reply to @bob):* Point *4*\n\n"
        "- *bob:* Aside\n"
    ) in body
