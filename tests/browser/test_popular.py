"""Popular highlights in the browser: other readers' public highlights drawn as shading,
opened by mouse or keyboard into a panel that lists them (static/js/annotate/popular.js)."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from annotations import services
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_annotating import annotate

pytestmark = pytest.mark.usefixtures("no_position_reports")

SHOTS = Path("/tmp/shots-busy")


@pytest.fixture(autouse=True)
def patient(context):
    # A busy machine takes more than the package's 5 s to load a chapter.
    context.set_default_timeout(30_000)


@pytest.fixture
def crowd(document, body, member):
    """Seven readers marked the same words; one of them commented and tagged it."""
    model = get_user_model()
    readers = [member] + [model.objects.create_user(f"reader{n}", password="x") for n in range(6)]
    notes = [
        annotate(document, reader, body[0], "The economy", visibility="public")
        for reader in readers[1:]
    ]
    commented = annotate(
        document,
        member,
        body[0],
        "The economy was devastated",
        visibility="public",
        comment="Worse than *1914*.",
        tags=["war-communism"],
    )
    services.reply_create(annotation=commented, author=readers[1], body="Agreed.")
    return [commented, *notes]


def test_it_opens_a_popular_stretch_by_mouse_and_closes_with_escape(
    page: Page, owner, sign_in, crowd, chapter_url, live_server
):
    sign_in(owner)
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + chapter_url)
    stretch = page.locator("mark.pop-start").first
    expect(stretch).to_have_attribute("aria-label", "Highlighted by 7 readers: “The economy”")

    stretch.click()

    panel = page.get_by_role("dialog", name="Highlighted by 7 readers")
    expect(panel).to_be_visible()
    expect(panel.locator(".popular-item")).to_have_count(7)
    first = panel.locator(".popular-item").first
    expect(first).to_contain_text("bob · 1 reply")
    expect(first.locator(".popular-words")).to_have_text("“The economy was devastated”")
    expect(first.locator(".popular-comment em")).to_have_text("1914")
    expect(first.locator(".popular-tags li")).to_have_text(["war-communism"])
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "popular-laptop.png"))

    page.keyboard.press("Escape")

    expect(panel).to_be_hidden()
    expect(stretch).to_be_focused()


def test_it_opens_a_popular_stretch_with_the_keyboard_and_its_thread_from_the_list(
    page: Page, crowd, chapter_url, live_server
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + chapter_url)
    stretch = page.locator("mark.pop-start").first
    stretch.focus()

    page.keyboard.press("Enter")

    panel = page.get_by_role("dialog", name="Highlighted by 7 readers")
    expect(panel.locator(".popular-item")).to_have_count(7)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "popular-phone.png"))
    panel.get_by_role("link", name="Open bob’s highlight and thread").click()

    # The author's highlights drawn one by one, the card of this one open.
    card = page.locator("#annotation-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Worse than")
    expect(page.locator(f"mark.hl[data-starts~='{crowd[0].pk}']")).to_have_count(1)
