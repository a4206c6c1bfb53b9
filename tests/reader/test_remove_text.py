"""/read/<slug>/remove/: what removing a text takes with it, an export first, and the
confirmation (typing the title) before the text goes with everything on it.

``owner`` (alice) owns "Study group", ``moderator`` (dave) moderates it, ``member`` (bob)
belongs; ``outsider`` (carol) does not; ``staff`` (erin) keeps the public library. "nep"
is the circle's text, in two versions; "open" is in the public library.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from annotations.library import LibraryTextCounts, library_text_counts
from annotations.models import Annotation, LibraryText, Reply
from annotations.services import reply_create
from corpus.ingest.blocks import Block
from corpus.models import Document, DocumentVersion
from tests.annotations.conftest import BLOCKS, highlight, ingest_document

LOGIN = "login"


@pytest.fixture
def nep(circle, owner, member):
    """The circle's text: two versions, three annotations by two readers, one reply."""
    ingest_document()
    document = ingest_document(blocks=[*BLOCKS, Block("body", "A later paragraph.")])
    LibraryText.objects.create(document=document, circle=circle)
    shared = highlight(document, member, visibility="circle", circle=circle.slug, comment="Bob's")
    highlight(document, owner, "requisitioning", visibility="circle", circle=circle.slug)
    highlight(document, member, "Private trade", visibility="private")
    reply_create(annotation=shared, author=owner, body="Agreed.")
    return document


@pytest.fixture
def open_text(db, outsider):
    document = ingest_document("open", "Open letters")
    highlight(document, outsider, visibility="public", comment="Carol's")
    return document


@pytest.fixture
def users(owner, moderator, member, outsider, staff):
    return {
        "owner": owner,
        "moderator": moderator,
        "member": member,
        "outsider": outsider,
        "staff": staff,
        "anonymous": None,
    }


def remove_url(document) -> str:
    return reverse("reader:remove", args=[document.slug])


def signed_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


def answer(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


def test_it_says_what_goes_with_the_text(client, nep, owner):
    response = signed_in(client, owner).get(remove_url(nep))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Remove “The NEP”</h1>" in html
    assert "3 annotations by 2 readers (private ones too) and 1 reply to them" in html
    assert "2 versions: version 2 (" in html
    assert "version 1 (" in html
    assert "out of Study group’s library" in html


def test_it_offers_the_circles_export_of_the_text_first(client, nep, owner):
    signed_in(client, owner)
    html = client.get(remove_url(nep)).content.decode()
    query = "?scope=circle%3Astudy-group&amp;document=nep&amp;format="

    links = [f'href="{reverse("reader:export")}{query}{f}"' for f in ("md", "csv", "jsonld")]
    assert [link in html for link in links] == [True, True, True]
    exported = client.get(
        reverse("reader:export"), {"scope": "circle:study-group", "document": "nep", "format": "md"}
    )
    assert exported.status_code == 200
    assert "Bob's" in b"".join(exported.streaming_content).decode()


def test_it_offers_the_public_export_of_a_public_text(client, open_text, staff):
    html = signed_in(client, staff).get(remove_url(open_text)).content.decode()

    assert "?scope=public&amp;document=open&amp;format=jsonld" in html
    assert "1 annotation by 1 reader (private ones too) and 0 replies to them" in html
    assert "out of the public library" in html


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Type the text’s title to remove it; nothing was removed."),
        ("The NEW", "That is not the title, so nothing was removed: type “The NEP”."),
    ],
)
def test_it_removes_nothing_without_the_title_and_says_why(client, nep, owner, typed, error):
    response = signed_in(client, owner).post(remove_url(nep), {"confirm": typed})

    assert response.status_code == 400
    assert response.context["form"].errors == {"confirm": [error]}
    assert error in response.content.decode()
    assert Document.objects.filter(pk=nep.pk).exists()
    assert library_text_counts(nep) == LibraryTextCounts(annotations=3, readers=2, replies=1)


def test_it_removes_the_text_with_its_versions_annotations_and_replies(
    client, nep, open_text, owner
):
    response = signed_in(client, owner).post(remove_url(nep), {"confirm": "  the  nep "})

    assert response.status_code == 302
    assert response["Location"] == reverse("reader:library")
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["“The NEP” is removed, with everything on it."]
    assert list(Document.objects.values_list("slug", flat=True)) == ["open"]
    assert not DocumentVersion.objects.filter(document=nep.pk).exists()
    assert not Annotation.objects.filter(document=nep.pk).exists()
    assert not Reply.objects.exists()
    assert not LibraryText.objects.exists()
    assert Annotation.objects.filter(document=open_text).count() == 1


# Who may: the circle's owners and moderators its text, staff a public one. Anyone else
# who sees the text is refused (403); one who does not see it finds nothing (404).
CIRCLE_TEXT = {
    "owner": 200,
    "moderator": 200,
    "member": 403,
    "outsider": 404,
    "staff": 404,
    "anonymous": LOGIN,
}
PUBLIC_TEXT = {
    "owner": 403,
    "moderator": 403,
    "member": 403,
    "outsider": 403,
    "staff": 200,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize(("role", "status"), CIRCLE_TEXT.items())
def test_it_lets_only_the_circles_owners_and_moderators_remove_its_text(
    client, nep, users, role, status
):
    signed_in(client, users[role])

    shown = answer(client.get(remove_url(nep)))
    removed = answer(client.post(remove_url(nep), {"confirm": "The NEP"}))

    assert (shown, removed) == (status, 302 if status == 200 else status)
    assert Document.objects.filter(pk=nep.pk).exists() == (status != 200)


@pytest.mark.parametrize(("role", "status"), PUBLIC_TEXT.items())
def test_it_lets_only_staff_remove_a_public_text(client, open_text, users, role, status):
    signed_in(client, users[role])

    shown = answer(client.get(remove_url(open_text)))
    removed = answer(client.post(remove_url(open_text), {"confirm": "Open letters"}))

    assert (shown, removed) == (status, 302 if status == 200 else status)
    assert Document.objects.filter(pk=open_text.pk).exists() == (status != 200)


def test_it_tells_a_member_why_they_may_not(client, nep, member):
    response = signed_in(client, member).get(remove_url(nep))

    assert response.status_code == 403
    assert "Only the circle&#x27;s owners and moderators remove texts" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("owner", True), ("moderator", True), ("member", False), ("anonymous", False)],
)
def test_the_document_page_links_removal_for_those_who_may(client, nep, users, role, shown):
    html = signed_in(client, users[role]).get(reverse("reader:document", args=["nep"]))

    assert (f'href="{remove_url(nep)}"' in html.content.decode()) == shown


@pytest.mark.parametrize(("role", "shown"), [("staff", True), ("outsider", False)])
def test_the_public_texts_page_links_removal_for_staff(client, open_text, users, role, shown):
    html = signed_in(client, users[role]).get(reverse("reader:document", args=["open"]))

    assert (f'href="{remove_url(open_text)}"' in html.content.decode()) == shown
