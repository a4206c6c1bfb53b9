"""Sharing to: where quick highlights go, chosen once per reader and document, shown in
the page header and the toolbar, and falling back to Only me (saying so) once the
reader can no longer share there."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.circles.services import circle_create, member_remove
from annotations.models import Annotation, Membership, Role
from reader.models import SharingChoice
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_annotating import eventually, select_phrase, toolbar

pytestmark = pytest.mark.usefixtures("no_position_reports")


@pytest.fixture
def reader(owner, sign_in):
    """alice, signed in."""
    sign_in(owner)
    return owner


@pytest.fixture
def circle(owner, member):
    circle = circle_create(owner=owner, name="Tuesday readers")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    return circle


def sharing_select(page: Page):
    return page.get_by_label("Sharing to")


def test_a_quick_highlight_goes_to_the_chosen_circle_and_the_choice_is_kept(
    page: Page, reader, circle, body, chapter_url
):
    page.goto(chapter_url)
    expect(sharing_select(page)).to_have_value("me")
    # With scripts the choice is saved at once: no Set button.
    expect(page.get_by_role("button", name="Set")).to_be_hidden()

    sharing_select(page).select_option(label="Tuesday readers")
    eventually(page, lambda: SharingChoice.objects.filter(circle=circle).exists())
    select_phrase(page, body[0], "the civil war brought the first respite")
    expect(toolbar(page)).to_contain_text("Sharing to: Tuesday readers")
    page.keyboard.press("h")

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_attribute("data-starts", re.compile(r"^\d+$"))
    annotation = Annotation.objects.get()
    assert (annotation.visibility, annotation.circle_id) == ("circle", circle.pk)

    page.reload()
    expect(sharing_select(page)).to_have_value("circle:tuesday-readers")
    # The new-highlight card starts there too.
    select_phrase(page, body[1], body[1].text.split()[1])
    toolbar(page).get_by_role("button", name="Comment").click()
    expect(page.get_by_role("radio", name="Circle: Tuesday readers")).to_be_checked()


def test_it_falls_back_to_only_me_and_says_so_after_leaving_the_circle(
    page: Page, circle, member, body, chapter_url, sign_in
):
    sign_in(member)
    SharingChoice.objects.create(
        user=member, document=body[0].version.document, visibility="circle", circle=circle
    )
    page.goto(chapter_url)
    expect(sharing_select(page)).to_have_value("circle:tuesday-readers")

    # They leave in another tab: the quick highlight is refused for the circle, kept private.
    member_remove(circle=circle, actor=member, user=member)
    select_phrase(page, body[0], "the civil war brought the first respite")
    expect(toolbar(page)).to_contain_text("Sharing to: Tuesday readers")
    page.keyboard.press("h")

    expect(page.locator(".sharing-notice")).to_contain_text("Only me")
    expect(sharing_select(page)).to_have_value("me")
    expect(page.locator(f"#p-{body[0].ordinal} mark.hl")).to_have_attribute(
        "data-starts", re.compile(r"^\d+$")
    )
    annotation = Annotation.objects.get()
    assert (annotation.author, annotation.visibility) == (member, "private")

    # The fallback is remembered: after a reload, Only me without a notice.
    eventually(page, lambda: SharingChoice.objects.filter(visibility="private").exists())
    page.reload()
    expect(sharing_select(page)).to_have_value("me")
    expect(page.locator(".sharing-notice")).to_be_empty()


def test_screenshots_of_sharing_at_laptop_and_phone_widths(
    page: Page, reader, circle, body, chapter_url, screenshots
):
    for name, size in (("laptop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(chapter_url)
        page.screenshot(path=screenshots / f"sharing-header-{name}.png")
        select_phrase(page, body[0], "the civil war brought the first respite")
        expect(toolbar(page)).to_be_visible()
        page.keyboard.press("t")
        expect(page.get_by_label("Tag for a new highlight")).to_be_focused()
        page.screenshot(path=screenshots / f"sharing-toolbar-tag-{name}.png")
        box = toolbar(page).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
        page.keyboard.press("Escape")


def test_a_notice_about_a_choice_that_no_longer_holds_is_shown_once(
    page: Page, circle, member, document, chapter_url, sign_in
):
    sign_in(member)
    SharingChoice.objects.create(user=member, document=document, visibility="circle", circle=circle)
    member_remove(circle=circle, actor=member, user=member)
    page.goto(chapter_url)

    expect(page.locator(".sharing-notice")).to_have_text(
        "Your highlights here went to Tuesday readers, which you can no longer share with: "
        "they now go to Only me."
    )
    expect(sharing_select(page)).to_have_value("me")
    eventually(page, lambda: SharingChoice.objects.filter(visibility="private").exists())
    page.reload()
    expect(page.locator(".sharing-notice")).to_be_empty()
