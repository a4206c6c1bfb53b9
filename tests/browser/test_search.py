"""Searching the library from the site header, the Texts and Notes tabs by keyboard, and
opening a result: its paragraph in its chapter, the words marked without touching the
annotation highlights."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from annotations import services
from corpus.models import Document, Paragraph
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import OUTLINE, WELL_OUTLINED
from tests.browser.test_content_security_policy import WATCH

PHRASE = '"five year plan"'
BOOK = "soviet-socialism-a-history"
SHOTS = Path("/tmp/shots-search")

SEARCH_MARKS = """() => {
    const marks = CSS.highlights.get("search-terms");
    return marks ? [...marks].map((range) => range.toString()) : null;
}"""


def highlight(user, quote: str, **fields):
    document = Document.objects.select_related("current_version").get(slug=BOOK)
    start = document.current_version.text.index(quote)
    return services.annotation_create(
        author=user, document=document, start=start, end=start + len(quote), exact=quote, **fields
    )


@pytest.mark.usefixtures("no_position_reports")
def test_it_finds_a_phrase_from_the_header_and_opens_it_in_its_chapter_marked(
    page: Page, seeded_live_server
):
    page.goto("/")
    search = page.locator("form.site-search input[name=q]")
    search.fill(PHRASE)
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator("li.result")
    first = results.first
    expect(first).to_be_visible()
    for word in first.locator("mark").all_inner_texts():
        assert re.search(r"five|year|plan", word, re.IGNORECASE), word

    first.locator("a[href*='/p/']").first.click()

    expect(page).to_have_url(re.compile(r"/read/[\w-]+/s/\d+/\?hl=[^#]+#p-\d+$"))
    ordinal = page.url.rsplit("#p-", 1)[1]
    block = page.locator(f"article.text #p-{ordinal}")
    expect(block).to_contain_text(re.compile(r"five[\s-]+year[\s-]+plan", re.IGNORECASE))
    expect(block).to_be_in_viewport()
    page.wait_for_function("() => CSS.highlights.has('search-terms')")
    marked = page.evaluate(SEARCH_MARKS)
    assert marked, "nothing marked"
    phrase = re.compile(r"(?i)five[\s-]+years?[\s-]+plan\w*")
    assert all(phrase.fullmatch(words) for words in marked), marked
    expect(page.locator(".search-marks-note")).to_contain_text("marked")


@pytest.mark.usefixtures("no_position_reports")
def test_the_marks_leave_the_annotation_highlights_as_they_are(
    page: Page, seeded_live_server, owner, sign_in
):
    note = highlight(owner, "socialism", comment="mine")
    ordinal = (
        Paragraph.objects.filter(version=note.version, start__lte=note.start, end__gte=note.end)
        .values_list("ordinal", flat=True)
        .get()
    )
    sign_in(owner)
    page.goto(f"/read/{BOOK}/p/{ordinal}/?in=context")
    chapter = page.url.split("#")[0]
    expect(page.locator(f"mark.hl[data-starts~='{note.pk}']").first).to_be_visible()
    plain_marks = page.locator("mark.hl").count()
    plain_text = page.locator("article.text").inner_text()

    page.goto(f"{chapter}?hl=socialism#p-{ordinal}")

    page.wait_for_function("() => CSS.highlights.has('search-terms')")
    assert page.locator("mark.hl").count() == plain_marks
    assert page.locator("article.text").inner_text() == plain_text
    assert page.locator("mark.search-term").count() == 0  # drawn without new elements
    marked = page.evaluate(SEARCH_MARKS)
    assert {word.lower() for word in marked} >= {"socialism"}


@pytest.mark.usefixtures("no_position_reports")
def test_the_tabs_are_links_a_keyboard_reaches(page: Page, seeded_live_server, owner, sign_in):
    highlight(owner, "socialism", comment="A quillwort among the socialists.")
    sign_in(owner)
    page.goto("/search/?q=socialists")

    texts = page.locator(".search-tabs a", has_text="Texts")
    notes = page.locator(".search-tabs a", has_text="Notes")
    expect(texts).to_have_attribute("aria-current", "page")
    texts.focus()
    page.keyboard.press("Tab")
    expect(notes).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"tab=notes"))
    expect(page.locator(".search-tabs a[aria-current=page]")).to_contain_text("Notes")
    result = page.locator("li.note-result")
    expect(result).to_have_count(1)
    expect(result.locator("mark").first).to_have_text(re.compile("socialist", re.IGNORECASE))
    result.locator("h2 a").click()
    expect(page).to_have_url(re.compile(rf"/read/{BOOK}/s/\d+/\?hl=socialists#p-\d+$"))


@pytest.mark.usefixtures("no_position_reports")
@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_screenshots_of_both_tabs(page: Page, seeded_live_server, owner, sign_in, name, viewport):
    highlight(owner, "socialism", comment="Is this *socialism* or state capitalism?", tags=["nep"])
    sign_in(owner)
    page.set_viewport_size(viewport)
    SHOTS.mkdir(exist_ok=True)
    for tab in ("texts", "notes"):
        page.goto(f"/search/?q=socialism&tab={tab}")
        expect(page.locator("li.result").first).to_be_visible()
        page.screenshot(path=SHOTS / f"{tab}-{name}.png", full_page=False)
        # Nothing scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(f"/read/{BOOK}/p/40/?in=context&hl=socialism")
    page.wait_for_function("() => CSS.highlights.has('search-terms')")
    page.screenshot(path=SHOTS / f"marked-{name}.png")


SEARCH_PAGES = [
    "/search/?q=socialism&tab=notes",
    f"/search/?q=socialism&document={BOOK}",
    f"/read/{BOOK}/s/58/?hl=socialism",
]


@pytest.mark.usefixtures("no_position_reports")
def test_the_new_pages_have_an_outline_labels_and_break_no_rule_of_the_policy(
    page: Page, seeded_live_server, owner, sign_in
):
    highlight(owner, "socialism", comment="A note on *socialism*.", tags=["nep"])
    sign_in(owner)
    page.add_init_script(WATCH)

    for path in SEARCH_PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__cspViolations") == [], path
        assert page.evaluate(OUTLINE) == WELL_OUTLINED, path
