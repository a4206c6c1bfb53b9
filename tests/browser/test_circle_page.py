"""The circle page in a browser: copying an invite link, confirming leave and removal."""

import pytest
from playwright.sync_api import Page, expect

from annotations.circles import services as circle_services
from annotations.models import Membership

pytestmark = pytest.mark.usefixtures("no_position_reports")


def test_it_copies_an_invite_link(page: Page, context, owner, circle, sign_in):
    invite = circle_services.invite_create(circle=circle, actor=owner)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(owner)
    page.goto(f"/circles/{circle.slug}/")
    row = page.locator(".circle-invite").filter(
        has=page.locator(f"input[value$='/invite/{invite.token}/']")
    )

    row.get_by_role("button", name="Copy").click()

    expect(row.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"/invite/{invite.token}/")
    page.screenshot(path="/tmp/shots-threads/circle-invite-copied.png", full_page=True)


def test_it_selects_the_link_where_the_clipboard_is_refused(
    page: Page, context, owner, circle, sign_in
):
    circle_services.invite_create(circle=circle, actor=owner)
    # No clipboard API at all (an older browser, or one that refuses it).
    context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    context.add_init_script("document.execCommand = () => false")
    sign_in(owner)
    page.goto(f"/circles/{circle.slug}/")

    page.get_by_role("button", name="Copy").last.click()

    expect(page.get_by_role("status").filter(has_text="press Ctrl+C")).to_be_visible()
    field = page.locator(".invite-url").last
    expect(field).to_be_focused()
    selected = field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)")
    assert selected == field.input_value()


def test_leaving_and_removing_ask_first(page: Page, owner, member, outsider, circle, sign_in):
    Membership.objects.create(circle=circle, user=outsider, role="member")
    sign_in(owner)
    page.goto(f"/circles/{circle.slug}/")

    page.get_by_role("link", name="Remove bob from the circle").click()
    expect(page.get_by_role("heading", name="Remove bob from Book club?")).to_be_visible()
    page.screenshot(path="/tmp/shots-threads/circle-remove-confirm.png")
    page.get_by_role("link", name="Keep bob").click()
    assert Membership.objects.filter(circle=circle, user=member).exists()
    page.get_by_role("link", name="Remove bob from the circle").click()
    page.get_by_role("button", name="Remove bob").click()
    expect(page.get_by_text("bob is no longer a member of Book club.")).to_be_visible()
    assert not Membership.objects.filter(circle=circle, user=member).exists()
