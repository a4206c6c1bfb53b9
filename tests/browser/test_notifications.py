"""Notifications in the browser: bob replies in his browser; alice, in hers, sees the
count in the header, opens the notification and lands on the reply in its card. Typing
"@" in a reply suggests the circle's members, and the pick is written in."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect

from annotations.circles import services as circle_services
from annotations.models import Notification, Reply
from tests.browser.conftest import DESKTOP, NO_POSITION_REPORTS, PHONE
from tests.browser.test_annotating import annotate, card

pytestmark = pytest.mark.usefixtures("no_position_reports")
SHOTS = Path("/tmp/shots-notify")


@pytest.fixture
def as_reader(browser: Browser, live_server):
    contexts = []

    def open_page(user, viewport=DESKTOP) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        context.set_default_timeout(5_000)
        context.add_init_script(script=NO_POSITION_REPORTS)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def note(document, body, owner, member, moderator):
    """alice's highlight shared with "Book club", where bob and dave are members."""
    circle = circle_services.circle_create(owner=owner, name="Book club")
    for reader in (member, moderator):
        circle_services.invite_accept(
            token=circle_services.invite_create(circle=circle, actor=owner).token, user=reader
        )
    return annotate(
        document, owner, body[0], body[0].text.split()[2], visibility="circle", circle=circle.slug
    )


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user("dave", "dave@example.org", "x" * 20)


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


def test_a_reply_in_one_browser_reaches_the_other_reader_who_opens_it_in_place(
    page: Page, as_reader, note, owner, member, chapter_url
):
    bob = as_reader(member)
    bob.goto(chapter_url)
    bob.locator(f"mark[data-starts~='{note.pk}']").click()
    reply_field = card(bob).get_by_role("textbox", name="Your reply", exact=True)
    reply_field.fill("Where does he say so?")
    # Typing "@" and a start suggests the circle's members; Enter writes the pick in.
    reply_field.press_sequentially(" @da")
    suggestions = bob.get_by_role("listbox", name="People to mention")
    expect(suggestions.get_by_role("option")).to_have_text(["@dave"])
    shoot(bob, "mention-desktop.png")
    reply_field.press("Enter")
    expect(suggestions).to_be_hidden()
    expect(reply_field).to_have_value("Where does he say so? @dave ")
    card(bob).get_by_role("button", name="Reply").click()
    expect(card(bob).locator(".reply-body")).to_contain_text("Where does he say so? @dave")
    reply = Reply.objects.get()
    assert {(n.recipient.username, n.kind) for n in Notification.objects.all()} == {
        ("alice", "reply"),
        ("dave", "mention"),
    }

    alice = as_reader(owner)
    alice.goto("/")
    link = alice.get_by_role("link", name="Notifications 1 unread")
    expect(link).to_be_visible()
    shoot(alice, "header-desktop.png")
    link.click()
    expect(alice.get_by_role("heading", name="Notifications")).to_be_visible()
    shoot(alice, "list-desktop.png")
    alice.get_by_role("link", name="bob replied to your highlight").click()
    expect(alice).to_have_url(
        re.compile(rf"/read/{note.document.slug}/p/\d+/#annotation-{note.pk}-reply-{reply.pk}$")
    )
    expect(card(alice)).to_be_visible()
    target = alice.locator(f"#reply-{reply.pk}")
    expect(target).to_contain_text("Where does he say so?")
    expect(target).to_have_class(re.compile(r"\bis-target\b"))
    expect(target.locator(".mention")).to_have_text("@dave")
    shoot(alice, "in-place-desktop.png")
    # Opened is read: the header has no count any more.
    alice.goto("/notifications/")
    expect(alice.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    phone = as_reader(member, PHONE)
    phone.goto("/notifications/")
    shoot(phone, "list-phone-empty.png")
    dave = as_reader(note.circle.memberships.get(user__username="dave").user, PHONE)
    dave.goto("/notifications/")
    expect(dave.get_by_role("link", name="bob mentioned you in a reply in")).to_be_visible()
    shoot(dave, "list-phone.png")
