"""Landmarks, headings, labels and the skip link on every kind of page."""

import pytest
from playwright.sync_api import Page, expect

BOOK = "soviet-socialism-a-history"
# Chapter Four of the book (s/58) and its first body paragraph (p/520) in the seed corpus.
PAGES = {
    "library": "/",
    "document": f"/read/{BOOK}/",
    "chapter": f"/read/{BOOK}/s/58/",
    "part": f"/read/{BOOK}/s/3/",
    "paragraph": f"/read/{BOOK}/p/520/",
    "search": "/search/?q=socialism",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
}

# What a screen reader user relies on, collected in one pass over the page.
OUTLINE = """() => {
    const shown = el => !el.closest("[hidden], [aria-hidden='true']");
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(shown);
    const levels = headings.map(h => Number(h.tagName[1]));
    const skips = [];
    levels.forEach((level, i) => {
        const previous = i ? levels[i - 1] : 0;
        if (level > previous + 1) {
            skips.push(`h${previous} → h${level} ${headings[i].textContent.trim().slice(0, 50)}`);
        }
    });
    const fields = [...document.querySelectorAll(
        "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=reset])"
        + ":not([type=image]), select, textarea"
    )];
    return {
        declares_language: document.documentElement.lang !== "",
        h1s: levels.filter(level => level === 1).length,
        mains: document.querySelectorAll("main, [role=main]").length,
        skipped_levels: skips,
        unlabelled_fields: fields.filter(f => f.labels.length === 0).map(f => f.outerHTML),
    };
}"""


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_it_gives_every_page_a_language_one_h1_one_main_an_outline_and_labels(
    page: Page, seeded_live_server, path
):
    response = page.goto(path)
    assert response.status == 200

    assert page.evaluate(OUTLINE) == {
        "declares_language": True,
        "h1s": 1,
        "mains": 1,
        "skipped_levels": [],
        "unlabelled_fields": [],
    }


def test_it_skips_to_the_content_with_the_first_tab(page: Page, seeded_live_server):
    page.goto(PAGES["chapter"])

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport(ratio=1)
    box = skip.bounding_box()
    assert box["width"] > 20 and box["height"] > 10, box

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
