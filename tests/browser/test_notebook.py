"""The notebook in Chromium: editing and deleting in the list, a selection's actions, and
the same forms without JavaScript."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from annotations import services
from annotations.circles.services import circle_create
from annotations.models import Annotation
from tests.browser.conftest import DESKTOP, PHONE

SHOTS = Path(os.environ.get("NOTEBOOK_SHOTS", "/tmp/shots-notebook"))

pytestmark = pytest.mark.usefixtures("no_position_reports")


@pytest.fixture
def notes(body, owner) -> list[Annotation]:
    """Three of alice's highlights: the first words of the chapter's first two paragraphs
    and the start of the second's second sentence."""
    made = []
    for paragraph, offset in ((body[0], 0), (body[1], 0), (body[1], 40)):
        words = paragraph.text[offset : offset + 30]
        words = words[: words.rindex(" ")].strip()
        start = paragraph.start + paragraph.text.index(words, offset)
        made.append(
            services.annotation_create(
                author=owner,
                document=paragraph.version.document,
                start=start,
                end=start + len(words),
                exact=words,
                comment="A *first* thought." if not made else "",
                tags=["nep"],
            )
        )
    return made


def entry(page: Page, annotation: Annotation):
    return page.locator("li.notebook-entry").filter(has=page.locator(f"#entry-{annotation.pk}"))


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=True)


def test_it_edits_an_entry_in_place(page: Page, sign_in, owner, notes):
    sign_in(owner)
    page.goto("/notebook/")
    item = entry(page, notes[0])
    item.locator(".notebook-edit summary").click()
    item.get_by_label("Note").fill("Now **bold**, and [a link](https://example.org/).")
    item.get_by_role("textbox", name="Tags").fill("nep, planning")
    shoot(page, "notebook-edit-desktop.png")
    item.get_by_role("button", name="Save").click()

    expect(item.locator(".notebook-comment strong")).to_have_text("bold")
    expect(item.locator(".notebook-saved")).to_have_text("Saved.")
    expect(item.locator(".notebook-tags")).to_contain_text("planning")
    assert page.url.endswith("/notebook/")  # no page load
    expect(item.locator(".notebook-edit summary")).to_be_focused()
    notes[0].refresh_from_db()
    assert sorted(notes[0].tags.names()) == ["nep", "planning"]


def test_it_shows_an_error_by_its_field_and_focuses_it(page: Page, sign_in, owner, notes):
    sign_in(owner)
    page.goto("/notebook/")
    item = entry(page, notes[1])
    item.locator(".notebook-edit summary").click()
    item.get_by_role("textbox", name="Tags").fill("x" * 60)
    item.get_by_role("button", name="Save").click()

    error = item.locator(f"#tags-{notes[1].pk}-error")
    expect(error).to_contain_text("A tag is at most 50 characters")
    expect(item.get_by_role("textbox", name="Tags")).to_be_focused()
    expect(item.get_by_role("textbox", name="Tags")).to_have_attribute("aria-invalid", "true")


def test_it_deletes_an_entry_after_asking(page: Page, sign_in, owner, notes):
    sign_in(owner)
    page.goto("/notebook/")
    item = entry(page, notes[2])
    item.locator(".notebook-edit summary").click()
    item.get_by_role("button", name="Delete…").click()

    expect(item.get_by_role("button", name="Delete for good")).to_be_focused()
    assert Annotation.objects.filter(pk=notes[2].pk).exists()
    item.get_by_role("button", name="Delete for good").click()

    expect(page.locator(f"#entry-{notes[2].pk}")).to_have_count(0)
    assert not Annotation.objects.filter(pk=notes[2].pk).exists()
    expect(page.locator("li.notebook-entry")).to_have_count(2)


def test_a_selection_is_shared_and_reported(page: Page, sign_in, owner, notes):
    circle = circle_create(owner=owner, name="Tuesday Readers")
    sign_in(owner)
    page.goto("/notebook/")

    expect(page.get_by_label("Share with")).to_be_hidden()  # only the chosen action's fields
    page.get_by_label("Select all on this page").check()
    expect(page.locator("#bulk-count")).to_have_text("3 selected")
    page.get_by_label("Action").select_option("share")
    page.get_by_label("Share with").select_option(f"circle:{circle.slug}")
    shoot(page, "notebook-bulk-desktop.png")
    page.get_by_role("button", name="Apply to selected").click()

    expect(page.locator(".messages")).to_contain_text("3 annotations shared with Tuesday Readers.")
    assert set(Annotation.objects.values_list("visibility", flat=True)) == {"circle"}


def test_a_selection_is_deleted_after_a_confirmation_page(page: Page, sign_in, owner, notes):
    sign_in(owner)
    page.goto("/notebook/")
    page.get_by_label(f"Select “{notes[0].exact}”").check()
    page.get_by_label(f"Select “{notes[1].exact}”").check()
    page.get_by_label("Action").select_option("delete")
    page.get_by_role("button", name="Apply to selected").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Delete 2 annotations?")
    page.get_by_role("button", name="Delete 2 annotations").click()

    expect(page.locator(".messages")).to_contain_text("2 annotations deleted.")
    assert list(Annotation.objects.values_list("pk", flat=True)) == [notes[2].pk]


def test_without_javascript_the_forms_still_work(browser: Browser, live_server, owner, notes):
    from django.conf import settings
    from django.test import Client

    context = browser.new_context(
        base_url=live_server.url, viewport=DESKTOP, java_script_enabled=False
    )
    context.set_default_timeout(5_000)
    client = Client()
    client.force_login(owner)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        page.goto("/notebook/?order=reading")
        item = entry(page, notes[0])
        item.locator(".notebook-edit summary").click()
        item.get_by_label("Note").fill("Changed without scripts.")
        item.get_by_role("button", name="Save").click()

        expect(page.locator(".messages")).to_contain_text("Saved")
        assert page.url.endswith("/notebook/?order=reading")
        expect(entry(page, notes[0]).locator(".notebook-comment")).to_have_text(
            "Changed without scripts."
        )
        page.get_by_label(f"Select “{notes[1].exact}”").check()
        page.locator("#bulk-tag").fill("reviewed")
        page.get_by_role("button", name="Apply to selected").click()
        expect(page.locator(".messages")).to_contain_text("1 annotation tagged “reviewed”.")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_fits_the_screen(page: Page, sign_in, owner, notes, viewport):
    page.set_viewport_size(viewport)
    sign_in(owner)
    page.goto("/notebook/")
    entry(page, notes[0]).locator(".notebook-edit summary").click()
    name = "desktop" if viewport == DESKTOP else "phone"
    shoot(page, f"notebook-{name}.png")

    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for box in page.locator("ol.notebook input[type=checkbox]").all():
        size = box.bounding_box()
        assert size["width"] >= 20 and size["height"] >= 20
