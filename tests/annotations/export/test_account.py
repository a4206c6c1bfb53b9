"""Your data: the archive of everything a reader made, and deleting the account."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from annotations import services
from annotations.account import account_delete
from annotations.circles.services import circle_create
from annotations.guides.queries import get_scope_for_user
from annotations.guides.services import topic_summary_update
from annotations.models import Annotation, Circle, LibraryText, Membership, Reply, Role
from corpus.models import Document
from tests.annotations.conftest import highlight, ingest_document


@pytest.fixture
def reader(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def test_the_archive_holds_everything_of_theirs(notes, owner, member, reader):
    circle = circle_create(owner=owner, name="Study")
    theirs = highlight(notes[0].document, member, "We are retreating", visibility="public")
    services.reply_create(annotation=theirs, author=owner, body="Agreed, *mostly*.")
    question = services.reply_create(annotation=theirs, author=member, body="Not mine.")
    services.reply_create(annotation=theirs, author=owner, body="Mostly.", parent=question)
    topic_summary_update(
        scope=get_scope_for_user(owner, f"circle:{circle.slug}"),
        tag="nep",
        body="The **retreat**.",
        editor=owner,
    )
    response = reader.get("/accounts/data/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == [
        "README.txt",
        "annotations.csv",
        "annotations.jsonld",
        "guide-summaries.json",
        "memberships.json",
        "replies.json",
    ]
    items = json.loads(archive.read("annotations.jsonld"))["first"]["items"]
    assert [item["id"] for item in items] == [
        f"http://testserver/api/annotations/{note.pk}/" for note in notes
    ]
    assert len(archive.read("annotations.csv").decode().splitlines()) == 3
    replies = json.loads(archive.read("replies.json"))
    assert [(r["body"], r["annotation"], r["in_reply_to"]) for r in replies] == [
        ("Agreed, *mostly*.", f"http://testserver/api/annotations/{theirs.pk}/", None),
        (
            "Mostly.",
            f"http://testserver/api/annotations/{theirs.pk}/",
            f"http://testserver/api/replies/{question.pk}/",
        ),
    ]
    memberships = json.loads(archive.read("memberships.json"))
    assert [(m["circle"], m["role"]) for m in memberships] == [(circle.slug, "owner")]
    summaries = json.loads(archive.read("guide-summaries.json"))
    assert [(s["scope"], s["topic"], s["summary"]) for s in summaries] == [
        (f"circle:{circle.slug}", "nep", "The **retreat**.")
    ]
    assert "alice" in archive.read("README.txt").decode()


def test_the_profile_offers_both(reader, db):
    page = reader.get("/accounts/profile/").content.decode()
    assert 'href="/accounts/data/"' in page
    assert 'action="/accounts/delete/"' in page


def test_deleting_needs_the_password(notes, owner, reader):
    response = reader.post("/accounts/delete/", {"password": "wrong"}, follow=True)
    assert "That is not your password; nothing was deleted." in response.content.decode()
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert Annotation.objects.count() == 2


def test_deleting_removes_the_account_its_annotations_and_replies(
    notes, owner, member, reader, password
):
    theirs = highlight(notes[0].document, member, "We are retreating", visibility="public")
    services.reply_create(annotation=theirs, author=owner, body="Mine.")
    # Written while bob could still see it.
    Reply.objects.create(annotation=notes[0], author=member, body="On hers.", body_html="")
    response = reader.post("/accounts/delete/", {"password": password})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    assert list(Annotation.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert Reply.objects.count() == 0
    assert reader.get("/notebook/").status_code == 302  # signed out


def test_a_circle_passes_to_its_longest_standing_moderator(owner, member, outsider, db):
    circle = circle_create(owner=owner, name="Study")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    Membership.objects.create(circle=circle, user=outsider, role=Role.MODERATOR)
    account_delete(user=owner)
    roles = dict(Membership.objects.filter(circle=circle).values_list("user__username", "role"))
    assert roles == {"bob": "member", "carol": "owner"}


def test_without_a_moderator_it_passes_to_the_longest_standing_member(owner, member, outsider, db):
    circle = circle_create(owner=owner, name="Study")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    Membership.objects.create(circle=circle, user=outsider, role=Role.MEMBER)
    account_delete(user=owner)
    roles = dict(Membership.objects.filter(circle=circle).values_list("user__username", "role"))
    assert roles == {"bob": "owner", "carol": "member"}


def test_a_circle_with_another_owner_stays_as_it_is(owner, member, db):
    circle = circle_create(owner=owner, name="Study")
    Membership.objects.create(circle=circle, user=member, role=Role.OWNER)
    account_delete(user=owner)
    assert list(Membership.objects.filter(circle=circle).values_list("role", flat=True)) == [
        "owner"
    ]


def test_a_circle_of_one_is_deleted(owner, db):
    circle_create(owner=owner, name="Alone")
    account_delete(user=owner)
    assert Circle.objects.count() == 0


def test_a_circle_of_one_goes_with_the_texts_of_its_library(owner, reader, db):
    circle = circle_create(owner=owner, name="Alone")
    document = ingest_document("own-text", "Own text")
    LibraryText.objects.create(document=document, circle=circle)
    highlight(document, owner)

    page = reader.get("/accounts/profile/").content.decode()
    account_delete(user=owner)

    assert "you are alone in: Alone, with the 1 text in its library" in page
    assert not Document.objects.filter(pk=document.pk).exists()
    assert Circle.objects.count() == 0
