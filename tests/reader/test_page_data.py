"""The page data of the reading views (#annotation-data): what static/js/annotate/ starts from."""

from django.urls import reverse

from annotations.circles import services as circle_services
from annotations.models import Membership, Role
from tests.pagedata import page_data as read_page_data


def page_data(client, url=None) -> dict:
    return read_page_data(client.get(url or reverse("reader:section", args=["book", 3])))


def test_it_hands_the_page_every_url_it_uses(client, book):
    urls = page_data(client)["urls"]

    assert urls == {
        "annotations": "/api/annotations/",
        "annotation": "/api/annotations/{id}/",
        "annotation_restore": "/api/annotations/{id}/restore/",
        "annotation_hide": "/api/annotations/{id}/hide/",
        "annotation_unhide": "/api/annotations/{id}/unhide/",
        "request_review": "/api/annotations/{id}/request-review/",
        "annotation_review": "/api/annotations/{id}/review/",
        "reactions": "/api/annotations/{id}/reactions/",
        "replies": "/api/annotations/{id}/replies/",
        "reply": "/api/replies/{id}/",
        "reply_hide": "/api/replies/{id}/hide/",
        "reply_unhide": "/api/replies/{id}/unhide/",
        "tags": "/api/tags/",
        "mentions": "/api/mentions/",
        "login": "/accounts/login/",
        "sharing": "/read/book/sharing/",
        "popular": "/api/documents/book/popular/",
    }


def test_it_hands_the_paragraph_view_the_same_urls(client, book):
    section = page_data(client)["urls"]
    paragraph = page_data(client, reverse("reader:paragraph", args=["book", 6]))["urls"]

    assert paragraph == section


def test_it_hands_the_page_the_readers_circles_with_what_their_role_lets_them_do(
    client, book, owner, member, outsider
):
    circle_services.circle_create(owner=owner, name="Planning")
    moderated = circle_services.circle_create(owner=member, name="NEP")
    joined = circle_services.circle_create(owner=outsider, name="Archive")
    Membership.objects.create(circle=moderated, user=owner, role=Role.MODERATOR)
    Membership.objects.create(circle=joined, user=owner, role=Role.MEMBER)
    client.force_login(owner)

    circles = page_data(client)["circles"]

    assert circles == [
        {
            "slug": "archive",
            "name": "Archive",
            "role": "member",
            "can": {"own": False, "manage": False, "moderate": False},
        },
        {
            "slug": "nep",
            "name": "NEP",
            "role": "moderator",
            "can": {"own": False, "manage": True, "moderate": True},
        },
        {
            "slug": "planning",
            "name": "Planning",
            "role": "owner",
            "can": {"own": True, "manage": True, "moderate": True},
        },
    ]


def test_it_hands_an_anonymous_reader_no_circles(client, book):
    data = page_data(client)

    assert (data["user"], data["circles"]) == (None, [])
