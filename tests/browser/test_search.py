"""Searching the library from the site header and opening a result."""

import re

from playwright.sync_api import Page, expect

PHRASE = '"five year plan"'


def test_it_finds_a_phrase_from_the_header_and_opens_the_paragraph(page: Page, seeded_live_server):
    page.goto("/")
    search = page.locator("form.site-search input[name=q]")
    search.fill(PHRASE)
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    results = page.locator("ol.results > li.result")
    expect(results.first).to_be_visible()
    first = results.first
    marks = first.locator("mark")
    expect(marks.first).to_be_visible()
    for word in marks.all_inner_texts():
        assert re.search(r"five|year|plan", word, re.IGNORECASE), word

    first.locator("a[href*='/p/']").first.click()

    expect(page).to_have_url(re.compile(r"/read/[\w-]+/p/\d+/$"))
    ordinal = page.url.rstrip("/").rsplit("/", 1)[-1]
    block = page.locator(f"article.text #p-{ordinal}")
    expect(block).to_contain_text(re.compile(r"five[\s-]+year[\s-]+plan", re.IGNORECASE))


def test_it_searches_from_the_search_page(page: Page, seeded_live_server):
    page.goto("/search/")
    form = page.locator("form.search-form")
    form.locator("input[name=q]").fill("collectivisation")
    form.get_by_role("button").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=collectivisation"))
    expect(page.locator("ol.results > li.result").first).to_contain_text(
        re.compile("collectivisation", re.IGNORECASE)
    )
    # The query stays in the box, ready to refine.
    expect(form.locator("input[name=q]")).to_have_value("collectivisation")
