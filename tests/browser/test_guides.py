"""A guide prepared for a meeting, in Chromium: limited by the form (reading list and
"since"), each passage in its sentence, the open questions, and the printable handout,
which prints without the site's header, footer or form."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from annotations import moderation
from annotations.circles.reading_list import reading_list_add
from annotations.circles.services import circle_create
from annotations.models import Annotation, Membership, Role
from tests.annotations.conftest import highlight, ingest_document
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.usefixtures("no_position_reports")

SHOTS = Path("/tmp/shots-guides")
GUIDE = "/guides/circle:study-group/nep/"


@pytest.fixture
def meeting(live_server, owner, member):
    """A circle whose reading list holds the NEP essay; one old passage, two recent ones,
    one asked as a question; a text that is not on the list."""
    circle = circle_create(owner=owner, name="Study group")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    essay = ingest_document()
    elsewhere = ingest_document("elsewhere", "Not on the list")
    shared = {"visibility": "circle", "circle": "study-group"}
    tax = highlight(essay, member, "tax in kind", tags=["nep"], comment="The *turn*.", **shared)
    moderation.reaction_add(annotation=tax, user=owner, kind="agree")
    highlight(essay, owner, "bigger leap", tags=["nep", "?"], comment="Leap where?", **shared)
    old = highlight(essay, member, "Private trade", tags=["nep"], **shared)
    Annotation.objects.filter(pk=old.pk).update(
        created=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    highlight(elsewhere, member, "the market", tags=["nep"], **shared)
    reading_list_add(circle=circle, actor=owner, document=essay)
    return circle


def test_it_limits_a_guide_and_prints_it_as_a_handout(page: Page, sign_in, member, meeting):
    SHOTS.mkdir(exist_ok=True)
    sign_in(member)
    page.goto(GUIDE)
    expect(page.locator(".guide-passage")).to_have_count(4)

    page.get_by_label("Only Study group's reading list").check()
    page.get_by_label("Marked since").fill("2026-02-01")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(f"{GUIDE}?reading_list=on&since=2026-02-01&until=")
    passages = page.locator(".guide-passage blockquote")
    expect(passages).to_have_count(2)
    expect(passages.first).to_have_text(
        "In 1921 the party replaced requisitioning with a tax in kind, and let peasants sell "
        "what was left on the market."
    )
    expect(passages.first.locator("mark")).to_have_text("tax in kind")
    expect(page.locator(".guide-passage .meta").first).to_contain_text("agree 1")
    expect(page.locator(".guide-passage .meta").first).not_to_contain_text("disagree")
    questions = page.locator(".guide-question")
    expect(questions).to_have_count(1)
    expect(questions).to_contain_text("bigger leap")
    expect(questions).to_contain_text("Leap where?")
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / "guide-limited-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=SHOTS / "guide-limited.png", full_page=True)

    page.get_by_role("link", name="Print view").click()
    expect(page).to_have_url(f"{GUIDE}?reading_list=1&since=2026-02-01&print=1")
    expect(page.locator(".guide-limits-summary")).to_contain_text("Study group")
    expect(page.locator(".guide-limits-summary")).to_contain_text("marked since 1 February 2026")
    page.emulate_media(media="print")
    page.screenshot(path=SHOTS / "guide-print.png", full_page=True)
    for chrome in (
        ".site-header",
        ".site-footer",
        ".guide-limits",
        ".guide-actions",
        ".screen-only",
    ):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", name="Open questions")).to_be_visible()
    expect(page.locator(".guide-passage")).to_have_count(2)
    expect(page.locator(".guide-passage").first).to_be_visible()


def test_the_guide_page_prints_without_chrome_even_outside_the_print_view(
    page: Page, sign_in, member, meeting
):
    sign_in(member)
    page.goto(f"{GUIDE}?since=2026-02-01")
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator(".guide-limits")).to_be_visible()

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".guide-limits")).to_be_hidden()
    expect(page.locator(".guide-passage")).to_have_count(3)


def test_the_coverage_map_names_its_documents(page: Page, sign_in, member, meeting):
    sign_in(member)
    page.goto("/guides/circle:study-group/")

    labels = page.locator(".heat-map .heat-doc-label")
    expect(labels).to_have_count(2)
    expect(labels.nth(0)).to_be_visible()
    expect(labels.nth(0)).to_have_text("Not on the list")
    expect(labels.nth(1)).to_have_text("The NEP")
    expect(page.get_by_role("link", name="nep in The NEP: 3 passages")).to_be_visible()
    page.screenshot(path=SHOTS / "coverage.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SHOTS / "coverage-phone.png", full_page=True)
