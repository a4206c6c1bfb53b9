"""The digest's unsubscribe links work without signing in, per kind and for all, and
cannot be forged; the profile page's choices do the same."""

import re

import pytest
from django.core import mail
from django.test import Client

from annotations import services
from annotations.notifications.digest import digests_send
from annotations.notifications.services import notification_settings_for
from annotations.notifications.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db


def links(body: str) -> dict[str, str]:
    return {
        label: url.removeprefix("http://x")
        for label, url in re.findall(r"^No more (.+?): (\S+)$", body, re.M)
    }


@pytest.fixture
def emailed(shared, member, owner):
    services.reply_create(annotation=shared, author=member, body="Why?")
    digests_send(site_url="http://x")
    return links(mail.outbox[0].body)


def test_a_kinds_link_stops_that_kind_only_without_signing_in(emailed, owner):
    url = emailed["emails about replies to your annotations"]
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop emails about replies to your annotations for alice?" in page.content.decode()
    assert notification_settings_for(owner).email_reply is True  # a GET changes nothing
    done = client.post(url)
    assert "you will get no more emails about replies" in done.content.decode()
    choices = notification_settings_for(owner)
    assert (choices.email_reply, choices.email_mention, choices.digest) == (False, True, True)


def test_the_all_link_stops_the_digest(emailed, owner):
    Client().post(emailed["notification emails at all"])
    assert notification_settings_for(owner).digest is False


def test_a_one_click_post_from_a_mail_client_works(emailed, owner):
    url = emailed["notification emails at all"]
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert notification_settings_for(owner).digest is False


@pytest.mark.parametrize("token", ["nonsense", "x" * 300])
def test_a_bad_token_is_a_clear_400_that_changes_nothing(client, owner, token):
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This unsubscribe link is not valid" in response.content.decode()


def test_a_token_altered_to_name_someone_else_is_refused(client, owner, member):
    token = unsubscribe_token(owner, "reply")
    forged = unsubscribe_token(member, "reply")[:-4] + token[-4:]
    assert client.post(f"/notifications/unsubscribe/{forged}/").status_code == 400
    assert notification_settings_for(member).email_reply is True


def test_the_profile_page_sets_each_kind(client, owner):
    client.force_login(owner)
    page = client.get("/accounts/profile/").content.decode()
    assert 'id="email_mention" name="email_mention" checked' in page
    client.post("/notifications/settings/", {"digest": "on", "email_reply": "on"})
    choices = notification_settings_for(owner)
    assert (choices.digest, choices.email_reply, choices.email_mention) == (True, True, False)
    page = client.get("/accounts/profile/").content.decode()
    assert 'id="email_mention" name="email_mention">' in page
