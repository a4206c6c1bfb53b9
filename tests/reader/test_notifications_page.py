"""/notifications/: the list, opening one in place, marking read; the header's count."""

import re

import pytest
from django.test import Client

from annotations import services
from annotations.circles.services import circle_create
from annotations.library import library_text_add
from annotations.models import Membership, Notification, Role
from tests.annotations.conftest import highlight, ingest_document

pytestmark = pytest.mark.django_db
PAGE = "/notifications/"


@pytest.fixture
def scene(owner, member):
    """alice's note shared with "Study group", which bob is in."""
    document = ingest_document()
    circle = circle_create(owner=owner, name="Study group")
    Membership.objects.create(circle=circle, user=member)
    note = highlight(document, owner, visibility="circle", circle=circle.slug)
    return note


def reply(note, author, body="A reply"):
    return services.reply_create(annotation=note, author=author, body=body)


def badge(html: str) -> str | None:
    found = re.search(r'aria-label="Notifications (\d+) unread">Notifications <span', html)
    return found.group(1) if found else None


def test_it_sends_a_signed_out_reader_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/notifications/")


def test_it_lists_newest_first_each_opening_in_place(client, scene, owner, member):
    first = reply(scene, member, "Why a tax?")
    second = reply(scene, member, "And *grain*?")
    client.force_login(owner)
    html = client.get(PAGE).content.decode()
    assert html.index("And grain?") < html.index("Why a tax?")
    assert html.count(">bob replied to your highlight in The NEP</a>") == 2
    newest = Notification.objects.get(reply=second)
    response = client.get(f"/notifications/{newest.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/read/nep/p/2/#annotation-{scene.pk}-reply-{second.pk}"
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert Notification.objects.get(reply=first).read_at is None


def test_the_header_counts_unread_and_the_page_marks_one_then_all_read(
    client, scene, owner, member
):
    for _ in range(3):
        reply(scene, member)
    client.force_login(owner)
    html = client.get(PAGE).content.decode()
    assert badge(html) == "3"
    assert html.count('name="csrfmiddlewaretoken"') >= 4  # sign out, all read, 3 × one read
    one = Notification.objects.first()
    client.post(f"/notifications/{one.pk}/read/")
    assert badge(client.get(PAGE).content.decode()) == "2"
    response = client.post("/notifications/read/", follow=True)
    html = response.content.decode()
    assert "Marked 2 notifications read." in html
    assert badge(html) is None
    assert "Mark all read" not in html


def test_the_forms_need_the_csrf_token(scene, owner, member):
    reply(scene, member)
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post("/notifications/read/").status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_another_readers_notification_is_not_found(client, scene, owner, member, outsider):
    reply(scene, member)
    notification = Notification.objects.get()
    for reader in (member, outsider):
        client.force_login(reader)
        assert client.get(f"/notifications/{notification.pk}/").status_code == 404
        assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_page_beyond_the_last_is_not_found(client, owner):
    client.force_login(owner)
    assert client.get(PAGE + "?page=2").status_code == 404
    assert client.get(PAGE + "?page=x").status_code == 404


def test_it_says_when_there_is_nothing(client, owner):
    client.force_login(owner)
    assert "Nothing yet." in client.get(PAGE).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_it_uses_the_same_number_of_queries_whatever_the_number(
    client, scene, owner, member, django_assert_num_queries, count
):
    for _ in range(count):
        reply(scene, member)
    # And a new text in the circle's library, which bob moderates.
    Membership.objects.filter(user=member).update(role=Role.MODERATOR)
    library_text_add(document=ingest_document("ours", "Ours"), circle=scene.circle, actor=member)
    client.force_login(owner)
    # Session, the reader with their unread count, the page's count, the page.
    with django_assert_num_queries(4):
        response = client.get(PAGE)
    assert response.content.decode().count('class="notification notification-unread"') == count + 1


@pytest.mark.parametrize("count", [0, 3])
def test_the_header_count_costs_no_query_of_its_own(
    client, scene, owner, member, django_assert_num_queries, count
):
    for _ in range(count):
        reply(scene, member)
    client.force_login(owner)
    # The same as before notifications: the session, the reader (with their count), the
    # library's documents, reading places… whatever the count.
    with django_assert_num_queries(7) as captured:
        html = client.get("/").content.decode()
    assert badge(html) == (str(count) if count else None)
    assert "notification" in captured.captured_queries[1]["sql"]


def test_a_signed_out_reader_gets_no_count_and_no_link(client, scene, member):
    reply(scene, member)
    html = client.get("/").content.decode()
    assert "Notifications" not in html


def test_the_header_says_99_plus_beyond_99(client, scene, owner, member):
    first = reply(scene, member)
    Notification.objects.bulk_create(
        [
            Notification(recipient=owner, actor=member, kind="reply", reply=first, annotation=scene)
            for _ in range(100)
        ]
    )
    client.force_login(owner)
    html = client.get("/").content.decode()
    assert 'aria-label="Notifications 99+ unread">Notifications <span' in html
    assert ">99+</span>" in html
