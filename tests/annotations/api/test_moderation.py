import pytest

from annotations.models import Reply
from annotations.services import reply_create
from tests.annotations.conftest import highlight


@pytest.fixture
def circle_reply(document, circle, member, outsider):
    annotation = highlight(document, member, visibility="circle", circle=circle.slug)
    return reply_create(annotation=annotation, author=member, body="A *fair* point.")


@pytest.mark.parametrize("role", ["owner", "moderator"])
def test_it_lets_managers_hide_and_unhide_a_reply(request, client_as, circle_reply, role):
    client = client_as(request.getfixturevalue(role))

    hidden = client.post(f"/api/replies/{circle_reply.pk}/hide/")
    assert (hidden.status_code, hidden.json()["hidden"]) == (200, True)
    assert Reply.objects.get(pk=circle_reply.pk).hidden

    shown = client.post(f"/api/replies/{circle_reply.pk}/unhide/")
    assert (shown.status_code, shown.json()["hidden"]) == (200, False)


def test_it_refuses_a_plain_member(client_as, circle_reply, member):
    response = client_as(member).post(f"/api/replies/{circle_reply.pk}/hide/")

    assert response.status_code == 403
    assert not Reply.objects.get(pk=circle_reply.pk).hidden


def test_it_answers_404_to_a_reader_outside_the_circle(client_as, circle_reply, outsider):
    response = client_as(outsider).post(f"/api/replies/{circle_reply.pk}/hide/")

    assert response.status_code == 404


def test_it_hides_the_reply_from_members_but_not_from_its_author(
    client_as, circle_reply, moderator, member, owner
):
    client_as(moderator).post(f"/api/replies/{circle_reply.pk}/hide/")
    annotation_id = circle_reply.annotation_id

    def replies_seen_by(user):
        answer = client_as(user).get(f"/api/annotations/{annotation_id}/replies/")
        return [reply["id"] for reply in answer.json()["results"]]

    assert replies_seen_by(member) == [circle_reply.pk]
    assert replies_seen_by(moderator) == [circle_reply.pk]
    assert replies_seen_by(owner) == [circle_reply.pk]


def test_it_hides_the_reply_from_other_plain_members(
    client_as, circle_reply, moderator, circle, django_user_model
):
    from annotations.models import Membership

    erin = django_user_model.objects.create_user("erin", "erin@example.org", "x" * 20)
    Membership.objects.create(circle=circle, user=erin)
    annotation_id = circle_reply.annotation_id

    def replies_seen_by_erin():
        answer = client_as(erin).get(f"/api/annotations/{annotation_id}/replies/")
        return [reply["id"] for reply in answer.json()["results"]]

    assert replies_seen_by_erin() == [circle_reply.pk]
    client_as(moderator).post(f"/api/replies/{circle_reply.pk}/hide/")
    assert replies_seen_by_erin() == []
