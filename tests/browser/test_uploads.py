"""Adding a text in the browser: a Markdown file through /library/add/, its preview with
the outline, Publish, and the document page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from corpus.models import Document
from tests.browser.conftest import DESKTOP, PHONE
from tests.conftest import REPO

WASTELAND = REPO / "tests" / "texts" / "markdown" / "wasteland.md"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("erin", "e@example.org", "x" * 20, is_staff=True)


def test_it_uploads_previews_and_publishes_a_markdown_file(page: Page, sign_in, staff):
    sign_in(staff)
    page.goto("/")
    page.get_by_role("link", name="Add a text").click()

    page.get_by_label("File").set_input_files(WASTELAND)
    page.get_by_label("Author").fill("T. S. Eliot")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Preview")
    outline = page.locator(".upload-outline li")
    expect(outline.first).to_have_text("I. THE BURIAL OF THE DEAD")
    expect(outline).to_have_count(10)
    expect(page.get_by_text("The public library (everyone)")).to_be_visible()
    expect(page.get_by_label("Title")).to_have_value("The Waste Land")
    assert Document.objects.count() == 0

    page.get_by_role("button", name="Publish").click()

    expect(page).to_have_url(re.compile(r"/read/the-waste-land/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Waste Land")
    expect(page.locator(".meta").first).to_contain_text("T. S. Eliot")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_it_takes_screenshots_of_the_form_and_the_preview(
    page: Page, sign_in, staff, screenshots, viewport
):
    sign_in(staff)
    page.set_viewport_size(viewport)
    page.goto("/library/add/")
    page.screenshot(path=screenshots / f"upload-form-{viewport['width']}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], width

    page.get_by_label("File").set_input_files(WASTELAND)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".upload-outline")).to_be_visible()
    page.screenshot(path=screenshots / f"upload-preview-{viewport['width']}.png", full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], width


def test_it_shows_a_large_texts_progress_and_opens_it_when_done(
    page: Page, sign_in, staff, settings
):
    settings.MARGINALIA_UPLOAD_BACKGROUND_BYTES = 1000
    sign_in(staff)
    page.goto("/library/add/")
    page.get_by_label("File").set_input_files(WASTELAND)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("it is stored in the background")).to_be_visible()
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Adding a text")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    expect(page.get_by_role("link", name="Reload to see progress")).to_be_visible()

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    expect(page).to_have_url(re.compile(r"/read/the-waste-land/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The Waste Land")
