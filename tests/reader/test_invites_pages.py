import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.circles import services as circle_services
from annotations.models import Invite, Membership, Role


@pytest.fixture
def circle(owner):
    return circle_services.circle_create(owner=owner, name="NEP readers")


@pytest.fixture
def invite(circle, owner) -> Invite:
    return circle_services.invite_create(circle=circle, actor=owner)


def invite_url(invite) -> str:
    return f"/invite/{invite.token}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_it_is_at_invite_token():
    assert reverse("reader:invite", args=["abc_-1"]) == "/invite/abc_-1/"


def test_a_signed_in_reader_joins_and_lands_on_the_circle_page(client, invite, circle, outsider):
    client.force_login(outsider)

    page = client.get(invite_url(invite))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Join NEP readers</h1>" in html
    assert f'<form method="post" action="{invite_url(invite)}">' in html
    assert '<button type="submit">Join NEP readers</button>' in html

    response = client.post(invite_url(invite), follow=True)

    assert response.redirect_chain == [(f"/circles/{circle.slug}/", 302)]
    assert Membership.objects.get(circle=circle, user=outsider).role == Role.MEMBER
    assert messages_of(response) == ["Welcome to NEP readers."]
    invite.refresh_from_db()
    assert invite.uses == 1


def test_a_visitor_is_led_through_sign_in_and_back_to_join(
    client, invite, circle, outsider, password
):
    html = client.get(invite_url(invite)).content.decode()

    login_url = f"{reverse('login')}?next=/invite/{invite.token}/"
    assert f'<a class="button" href="{login_url}">Sign in to join</a>' in html
    assert ">Join NEP readers</button>" not in html
    assert not Membership.objects.filter(user=outsider).exists()

    signed_in = client.post(
        login_url, {"username": "carol", "password": password, "next": invite_url(invite)}
    )
    assert signed_in["Location"] == invite_url(invite)

    client.post(invite_url(invite))
    assert Membership.objects.filter(circle=circle, user=outsider).exists()


def test_a_visitor_who_posts_is_sent_to_sign_in_first(client, invite):
    response = client.post(invite_url(invite))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/invite/{invite.token}/"
    assert Invite.objects.get().uses == 0


def test_a_visitor_signs_up_and_comes_back_to_join(client, invite, circle, django_user_model):
    html = client.get(invite_url(invite)).content.decode()
    signup_url = f"{reverse('reader:signup')}?next=/invite/{invite.token}/"
    assert f'href="{signup_url}">Create an account to join</a>' in html

    signed_up = client.post(
        signup_url,
        {
            "username": "dora",
            "email": "",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert signed_up["Location"] == invite_url(invite)

    client.post(invite_url(invite))
    assert Membership.objects.filter(circle=circle, user__username="dora").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires": timezone.now() - datetime.timedelta(minutes=1)}, "This invite has expired."),
        ({"revoked": timezone.now()}, "This invite has been revoked."),
        ({"max_uses": 2, "uses": 2}, "This invite has been used up."),
    ],
    ids=["expired", "revoked", "used-up"],
)
def test_it_says_plainly_why_a_link_no_longer_works(client, invite, outsider, change, message):
    Invite.objects.filter(pk=invite.pk).update(**change)

    anonymous = client.get(invite_url(invite))
    client.force_login(outsider)
    signed_in = client.get(invite_url(invite))
    joining = client.post(invite_url(invite))

    for response in (anonymous, signed_in, joining):
        assert response.status_code == 410
        assert f"<h1>{message}</h1>" in response.content.decode()
        assert "Join" not in response.content.decode()
    assert not Membership.objects.filter(user=outsider).exists()


def test_it_answers_404_for_an_unknown_link(client, db, outsider):
    client.force_login(outsider)

    response = client.get("/invite/not-a-real-token/")

    assert response.status_code == 404
    assert "<h1>This invite link is not valid.</h1>" in response.content.decode()


def test_it_answers_404_once_the_circle_is_deleted(client, invite, circle, owner, outsider):
    circle_services.circle_delete(circle=circle, actor=owner)
    client.force_login(outsider)

    response = client.get(invite_url(invite))

    assert response.status_code == 404
    assert "This invite link is not valid." in response.content.decode()


def test_it_sends_a_member_straight_to_the_circle(client, invite, circle, owner):
    client.force_login(owner)

    shown = client.get(invite_url(invite), follow=True)
    posted = client.post(invite_url(invite))

    assert shown.redirect_chain == [(f"/circles/{circle.slug}/", 302)]
    assert messages_of(shown) == ["You are already a member of NEP readers."]
    assert posted["Location"] == f"/circles/{circle.slug}/"
    assert Invite.objects.get().uses == 0


def test_it_counts_each_use_up_to_the_limit(client, circle, owner, member, outsider):
    invite = circle_services.invite_create(circle=circle, actor=owner, max_uses=1)
    client.force_login(member)
    client.post(invite_url(invite))
    client.force_login(outsider)

    response = client.post(invite_url(invite))

    assert response.status_code == 410
    assert Membership.objects.filter(circle=circle).count() == 2
