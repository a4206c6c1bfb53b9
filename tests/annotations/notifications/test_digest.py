"""The daily digest: sent through Django's email backend (locmem in tests), once a
reader a day, only of what they want and may see, with working unsubscribe links."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command

from annotations import moderation, services
from annotations.circles.services import member_remove
from annotations.notifications.digest import digests_send
from annotations.notifications.services import notification_settings_update

pytestmark = pytest.mark.django_db
SITE = "https://marginalia.example"
DAY = datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)


@pytest.fixture
def replied(shared, member):
    return services.reply_create(annotation=shared, author=member, body="Why a *tax*?")


def test_it_emails_the_unread_with_links_to_each_in_place(replied, owner):
    assert digests_send(now=DAY, site_url=SITE).sent == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "Marginalia: 1 new notification"
    assert "* bob replied to your highlight in The NEP\n  “Why a tax?”" in message.body
    assert re.search(rf"{SITE}/notifications/\d+/\n", message.body)
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{SITE}/notifications/unsubscribe/"
    )
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Why a tax?" in html


def test_it_sends_once_a_day_and_the_next_day_only_whats_new(replied, shared, owner, moderator):
    digests_send(now=DAY, site_url=SITE)
    services.reply_create(annotation=shared, author=moderator, body="Grain.")
    digests_send(now=DAY + datetime.timedelta(hours=6), site_url=SITE)
    # bob, who replied before, hears of dave's reply that day; alice has had hers.
    assert [message.to for message in mail.outbox] == [["alice@example.org"], ["bob@example.org"]]
    digests_send(now=DAY + datetime.timedelta(days=1), site_url=SITE)
    assert [message.to for message in mail.outbox][2:] == [["alice@example.org"]]
    assert "Grain." in mail.outbox[2].body
    assert "Why a tax?" not in mail.outbox[2].body
    assert digests_send(now=DAY + datetime.timedelta(days=1), site_url=SITE).sent == 0
    assert owner.notification_digests.count() == 2


def test_it_never_sends_what_the_reader_may_no_longer_see(replied, shared, member, moderator):
    services.reply_create(annotation=shared, author=moderator, body="@bob: grain.")
    member_remove(circle=shared.circle, actor=member, user=member)
    digests_send(now=DAY, site_url=SITE)
    # bob left the circle: dave's mention of him in its thread is not his to read.
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_a_hidden_reply_is_not_in_a_plain_members_digest(shared, owner, member, moderator):
    services.reply_create(annotation=shared, author=member, body="First")
    reply = services.reply_create(annotation=shared, author=owner, body="Hidden words")
    moderation.reply_hide(reply=reply, actor=moderator)
    digests_send(now=DAY, site_url=SITE)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "bob@example.org" not in bodies


def test_read_ones_and_readers_without_an_address_get_nothing(replied, owner, client_as):
    client_as(owner).post("/api/notifications/read/")
    assert digests_send(now=DAY, site_url=SITE).sent == 0
    owner.email = ""
    owner.save()
    services.reply_create(annotation=replied.annotation, author=replied.author, body="Again")
    assert digests_send(now=DAY, site_url=SITE).sent == 0
    assert mail.outbox == []


def test_a_kind_turned_off_is_left_out_and_all_off_sends_nothing(shared, owner, member):
    services.reply_create(annotation=shared, author=member, body="Reply one")
    notification_settings_update(user=owner, email_reply=False)
    assert digests_send(now=DAY, site_url=SITE).sent == 0
    notification_settings_update(user=owner, email_reply=True, digest=False)
    assert digests_send(now=DAY, site_url=SITE).sent == 0
    assert mail.outbox == []


def test_the_command_sends_and_says_how_many(replied, capsys):
    call_command("send_notification_digest", "--site-url", SITE)
    assert capsys.readouterr().out == "Sent 1 digest.\n"
    call_command("send_notification_digest", "--site-url", SITE)
    assert capsys.readouterr().out == "Sent 0 digests.\n"
    assert len(mail.outbox) == 1
