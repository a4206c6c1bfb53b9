"""The "Sharing to" choice: where a reader's quick highlights in a document go, kept
per reader and document on the server, falling back to Only me (and saying so) once it
is no longer allowed."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from annotations.circles.services import circle_create, circle_delete, member_remove
from annotations.library import library_text_add
from annotations.models import Membership, Role
from reader.models import SharingChoice
from tests.conftest import signed_in
from tests.reader.conftest import ingest_book

SECTION = reverse("reader:section", args=["book", 3])


@pytest.fixture
def circle(owner, member):
    circle = circle_create(owner=owner, name="Tuesday readers")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    return circle


def choose(client, scope, slug="book"):
    return client.post(
        reverse("reader:sharing", args=[slug]),
        json.dumps({"scope": scope}),
        content_type="application/json",
    )


def page_sharing(client, url=SECTION) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page_data"]["sharing"]


def test_it_starts_at_only_me_and_offers_my_circles_and_public(book, circle, member):
    sharing = page_sharing(signed_in(member))

    assert sharing["scope"] == "me"
    assert sharing["label"] == "Only me"
    assert sharing["notice"] == ""
    assert [o["value"] for o in sharing["options"]] == ["me", "circle:tuesday-readers", "public"]
    assert [o["label"] for o in sharing["options"]] == ["Only me", "Tuesday readers", "Public"]


def test_it_remembers_the_choice_per_reader_and_document(book, circle, owner, member):
    other = ingest_book(slug="other", title="Other")
    client = signed_in(member)

    response = choose(client, "circle:tuesday-readers")

    assert response.status_code == 200
    assert response.json() == {"scope": "circle:tuesday-readers"}
    sharing = page_sharing(client)
    assert (sharing["scope"], sharing["visibility"], sharing["circle"]) == (
        "circle:tuesday-readers",
        "circle",
        "tuesday-readers",
    )
    # Not another reader's, not another document's.
    assert page_sharing(signed_in(owner))["scope"] == "me"
    assert page_sharing(client, reverse("reader:section", args=[other.slug, 3]))["scope"] == "me"
    choose(client, "public")
    assert page_sharing(client)["scope"] == "public"
    assert SharingChoice.objects.count() == 1


def test_the_page_header_shows_where_quick_highlights_go(book, circle, member):
    client = signed_in(member)
    choose(client, "circle:tuesday-readers")

    html = client.get(SECTION).content.decode()

    assert '<label for="sharing-scope">Sharing to</label>' in html
    assert '<option value="circle:tuesday-readers" selected>Tuesday readers</option>' in html


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ("everyone", "Unknown scope 'everyone'"),
        ("circle:", "Unknown scope 'circle:'"),
        (12, "Unknown scope int"),
        (None, "required"),
        ("circle:elsewhere", "You are not a member of a circle 'elsewhere'."),
    ],
)
def test_it_refuses_a_scope_that_is_not_one_of_the_readers(book, circle, member, scope, message):
    response = choose(signed_in(member), scope)

    assert response.status_code == 400
    assert response.json()["field"] == "scope"
    assert message in response.json()["error"]
    assert not SharingChoice.objects.exists()


def test_it_refuses_a_body_that_is_not_json(book, member):
    response = signed_in(member).post(
        reverse("reader:sharing", args=["book"]), "{", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"error": "The request body is not valid JSON.", "field": "scope"}


def test_it_falls_back_to_only_me_and_says_so_after_leaving_the_circle(book, circle, member):
    client = signed_in(member)
    choose(client, "circle:tuesday-readers")

    member_remove(circle=circle, actor=member, user=member)

    sharing = page_sharing(client)
    assert sharing["scope"] == "me"
    assert sharing["visibility"] == "private"
    assert sharing["notice"] == (
        "Your highlights here went to Tuesday readers, which you can no longer share with: "
        "they now go to Only me."
    )
    assert [o["value"] for o in sharing["options"]] == ["me", "public"]
    assert (
        "Tuesday readers, which you can no longer share with"
        in client.get(SECTION).content.decode()
    )


def test_a_dissolved_circle_takes_the_choice_with_it(book, circle, owner):
    client = signed_in(owner)
    choose(client, "circle:tuesday-readers")

    circle_delete(circle=circle, actor=owner)

    assert not SharingChoice.objects.exists()
    assert page_sharing(client)["scope"] == "me"


def test_a_circles_own_text_is_shared_only_with_that_circle(book, circle, owner, member):
    library_text_add(document=book, circle=circle, actor=owner)
    client = signed_in(member)

    assert [o["value"] for o in page_sharing(client)["options"]] == [
        "me",
        "circle:tuesday-readers",
    ]
    response = choose(client, "public")
    assert response.status_code == 400
    assert "cannot be shared with public" in response.json()["error"]


def test_it_is_refused_without_sign_in_or_without_the_csrf_token(book, member):
    assert choose(Client(), "me").status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member)
    assert choose(strict, "public").status_code == 403
    assert not SharingChoice.objects.exists()


def test_a_text_the_reader_may_not_see_is_not_found(book, circle, owner, outsider):
    library_text_add(document=book, circle=circle, actor=owner)

    assert choose(signed_in(outsider), "me").status_code == 404
    assert choose(signed_in(outsider), "me", slug="no-such-text").status_code == 404


def test_the_form_without_scripts_saves_and_comes_back(book, circle, member):
    client = signed_in(member)
    response = client.post(
        reverse("reader:sharing", args=["book"]),
        {"scope": "public", "next": SECTION},
    )

    assert response.status_code == 302
    assert response["Location"] == SECTION
    assert page_sharing(client)["scope"] == "public"
    elsewhere = client.post(
        reverse("reader:sharing", args=["book"]), {"scope": "me", "next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == reverse("reader:document", args=["book"])


def test_it_shows_nothing_to_choose_to_an_anonymous_reader(client, book):
    response = client.get(SECTION)

    assert response.context["page_data"]["sharing"] is None
    assert "Sharing to" not in response.content.decode()


@pytest.mark.parametrize("circles", [1, 4])
def test_the_choice_costs_one_query_however_many_circles(
    book, owner, circles, django_assert_num_queries
):
    for number in range(circles):
        circle_create(owner=owner, name=f"Circle {number}")
    client = signed_in(owner)
    choose(client, "circle:circle-0")
    client.get(SECTION)

    # session, user, document, sections, paragraphs, memberships, annotations, the popular
    # coverage (from the cache), choice
    with django_assert_num_queries(9):
        client.get(SECTION)
