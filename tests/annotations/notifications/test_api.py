"""GET /api/notifications/, marking read, and who may be mentioned (/api/mentions/)."""

import pytest

from annotations import services
from annotations.api import schema
from annotations.library import library_text_add
from annotations.models import Notification
from annotations.notifications.presenters import notification_json
from annotations.notifications.queries import notifications_for_user
from tests.annotations.conftest import ingest_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def replied(shared, member):
    """bob replied to alice's circle highlight: alice has one notification."""
    return services.reply_create(annotation=shared, author=member, body="Why *a tax*?")


def test_it_lists_the_callers_notifications_with_where_to_see_them(
    replied, shared, owner, client_as
):
    answer = client_as(owner).get("/api/notifications/")
    assert answer.status_code == 200
    data = answer.json()
    assert data["count"] == 1
    assert data["unread"] == 1
    [item] = data["results"]
    assert item["kind"] == "reply"
    assert item["actor"] == "bob"
    assert item["excerpt"] == "Why a tax?"
    assert item["summary"] == "bob replied to your highlight in The NEP"
    assert item["url"] == f"/read/nep/p/2/#annotation-{shared.pk}-reply-{replied.pk}"
    assert item["read"] is False


@pytest.mark.parametrize(
    ("who", "status", "seen"),
    [("owner", 200, 1), ("member", 200, 0), ("moderator", 200, 0), ("outsider", 200, 0)],
)
def test_each_reader_sees_only_their_own(replied, who, status, seen, client_as, request):
    answer = client_as(request.getfixturevalue(who)).get("/api/notifications/")
    assert answer.status_code == status
    assert answer.json()["count"] == seen


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 200), ("member", 404), ("moderator", 404), ("outsider", 404), ("anonymous", 403)],
)
def test_only_its_recipient_marks_one_read(replied, who, status, client_as, anonymous, request):
    client = anonymous if who == "anonymous" else client_as(request.getfixturevalue(who))
    notification = Notification.objects.get()
    answer = client.post(f"/api/notifications/{notification.pk}/read/")
    assert answer.status_code == status
    notification.refresh_from_db()
    assert (notification.read_at is not None) == (status == 200)


def test_the_list_is_for_signed_in_readers_only(anonymous):
    assert anonymous.get("/api/notifications/").status_code == 403


def test_marking_all_read_says_how_many(replied, shared, owner, moderator, client_as):
    services.reply_create(annotation=shared, author=moderator, body="Grain.")
    client = client_as(owner)
    assert client.post("/api/notifications/read/").json() == {"marked": 2}
    data = client.get("/api/notifications/").json()
    assert data["unread"] == 0
    assert [item["read"] for item in data["results"]] == [True, True]
    assert client.get("/api/notifications/?unread=true").json()["count"] == 0


def test_a_notification_about_what_the_caller_no_longer_sees_is_not_found(
    replied, owner, client_as
):
    notification = Notification.objects.get()
    services.annotation_update(annotation=replied.annotation, actor=owner, visibility="private")
    # Narrowed to private: alice still sees bob's reply on her own note.
    assert client_as(owner).get("/api/notifications/").json()["count"] == 1
    services.reply_delete(reply=replied, actor=replied.author)
    assert client_as(owner).post(f"/api/notifications/{notification.pk}/read/").status_code == 404


def test_the_list_answers_bad_input_with_a_400(owner, client_as):
    answer = client_as(owner).get("/api/notifications/?unread=perhaps")
    assert answer.status_code == 400
    assert "unread" in answer.json()


def test_the_notification_schema_matches_its_presenter(replied, owner):
    [notification] = notifications_for_user(owner)
    assert list(notification_json(notification)) == list(schema.Notification().fields)


# Who may be mentioned.


def test_it_offers_the_members_of_the_notes_circle_but_not_the_writer(
    document, circle, owner, client_as
):
    answer = client_as(owner).get(f"/api/mentions/?document=nep&circle={circle.slug}")
    assert answer.status_code == 200
    assert answer.json() == {"results": [{"username": "bob"}, {"username": "dave"}]}


def test_it_narrows_by_the_start_of_a_username(document, circle, owner, client_as):
    answer = client_as(owner).get(f"/api/mentions/?document=nep&circle={circle.slug}&q=D")
    assert answer.json() == {"results": [{"username": "dave"}]}


def test_it_offers_no_one_outside_the_writers_circles(document, circle, outsider, client_as):
    assert client_as(outsider).get("/api/mentions/?document=nep").json() == {"results": []}


def test_a_circle_the_writer_is_not_in_is_not_found(document, circle, outsider, client_as):
    answer = client_as(outsider).get(f"/api/mentions/?document=nep&circle={circle.slug}")
    assert answer.status_code == 404


def test_on_a_circles_text_it_offers_only_that_circles_members(
    circle, owner, member, django_user_model, client_as
):
    from annotations.circles.services import circle_create
    from annotations.models import Membership

    other = circle_create(owner=owner, name="Other")
    frank = django_user_model.objects.create_user("frank", "f@example.org", "x" * 20)
    Membership.objects.create(circle=other, user=frank)
    library_text_add(document=ingest_document("ours", "Ours"), circle=circle, actor=owner)
    answer = client_as(owner).get("/api/mentions/?document=ours")
    assert answer.json() == {"results": [{"username": "bob"}, {"username": "dave"}]}
    assert client_as(frank).get("/api/mentions/?document=ours").status_code == 404


def test_it_needs_a_document(owner, client_as):
    answer = client_as(owner).get("/api/mentions/")
    assert answer.status_code == 400
    assert "document" in answer.json()
