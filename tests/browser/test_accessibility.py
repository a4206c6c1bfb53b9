"""Landmarks, headings, labels and the skip link on every kind of page."""

import re

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


@pytest.fixture(autouse=True)
def patient(context):
    # A long chapter on a busy machine takes more than the package's 5 s to load.
    context.set_default_timeout(30_000)


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
# What OUTLINE finds on a page with a language, one h1 and one main, no skipped
# heading level and every field labelled.
WELL_OUTLINED = {
    "declares_language": True,
    "h1s": 1,
    "mains": 1,
    "skipped_levels": [],
    "unlabelled_fields": [],
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_it_gives_every_page_a_language_one_h1_one_main_an_outline_and_labels(
    page: Page, seeded_live_server, path
):
    response = page.goto(path)
    assert response.status == 200

    assert page.evaluate(OUTLINE) == WELL_OUTLINED


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


# Every element Tab stops at, in order: Tab pressed until focus comes round again.
def tab_stops(page: Page, limit: int = 400) -> list[str]:
    stops: list[str] = []
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => { const e = document.activeElement;
                if (!e || e === document.body) return null;
                e.dataset.stop = e.dataset.stop || String(Math.random());
                return e.dataset.stop + " " + e.tagName + "." + e.className; }"""
        )
        if stop is None or stop in stops:
            break
        stops.append(stop)
    return [stop.split(" ", 1)[1] for stop in stops]


def test_it_makes_a_chapters_paragraph_links_one_tab_stop(page: Page, seeded_live_server):
    page.goto(PAGES["chapter"])
    expect(page.locator("a.pilcrow[tabindex='0']")).to_have_count(1)
    paragraphs = page.locator("article .block[data-ordinal]").count()

    stops = tab_stops(page)

    pilcrows = [stop for stop in stops if stop == "A.pilcrow"]
    assert len(pilcrows) == 1, stops
    # Before: 187 stops in this chapter, 164 of them ¶ links.
    assert paragraphs > 100 and len(stops) < 30, (paragraphs, stops)


def test_it_lets_a_keyboard_reach_any_paragraph_link_with_the_arrows(
    page: Page, seeded_live_server
):
    page.goto(PAGES["chapter"])
    links = page.locator("article a.pilcrow")
    page.locator("body").focus()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.pilcrow')"):
            break
    expect(links.nth(0)).to_be_focused()

    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(links.nth(2)).to_be_focused()
    # Tab leaves the group, Shift+Tab comes back to where the reader was.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(links.nth(2)).to_be_focused()
    page.keyboard.press("End")
    expect(links.last).to_be_focused()
    page.keyboard.press("Home")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")

    href = links.nth(1).get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.url.endswith(href)


def test_it_names_each_highlight_by_its_words_whose_colour_and_comments(
    page: Page, owner, member, sign_in, chapter_url, body, document, no_position_reports
):
    from annotations import services

    phrase = "a profoundly disturbing rebellion"
    start = body[0].start + body[0].text.index(phrase)
    theirs = services.annotation_create(
        author=owner,
        document=document,
        start=start,
        end=start + len(phrase),
        exact=phrase,
        comment="Kronstadt.",
        visibility="public",
        color="blue",
    )
    services.reply_create(annotation=theirs, author=member, body="Yes.")
    sign_in(member)
    # Alice's highlights drawn one by one (else her public one is in the popular layer).
    page.goto(chapter_url + "?member=alice")

    mark = page.locator(f"mark[data-starts='{theirs.pk}']")
    expect(mark).to_have_accessible_name(
        "“a profoundly disturbing rebellion”, highlight by alice, blue, 2 comments"
    )
    expect(mark).to_have_attribute("tabindex", "0")
    expect(mark).to_have_role("button")

    # The reader's own, drawn by the script: a selection of the paragraph's first words.
    words = " ".join(body[1].text.split()[:12])
    page.evaluate(
        """([selector, length]) => {
            const text = document.querySelector(selector);
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            const range = document.createRange();
            range.setStart(walker.nextNode(), 0);
            let node = walker.currentNode, position = 0;
            while (position + node.data.length < length) {
                position += node.data.length;
                node = walker.nextNode();
            }
            range.setEnd(node, length - position);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [f"#p-{body[1].ordinal} .t", len(words)],
    )
    page.get_by_role("toolbar", name="Annotate the selection").get_by_role(
        "button", name="Highlight green"
    ).click()
    mine = page.locator(f"#p-{body[1].ordinal} mark.hl-green[data-starts]")
    expect(mine).to_have_attribute("data-starts", re.compile(r"^\d+$"))
    from reader.presenters import quote_for_label

    expect(mine).to_have_accessible_name(
        f"“{quote_for_label(words)}”, highlight by bob, green, no comments"
    )
    assert quote_for_label(words).endswith("…")

    # A reply counts at once, and the keyboard still opens the card.
    mark.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("textbox", name="Your reply", exact=True).fill("And then?")
    dialog.get_by_role("button", name="Reply", exact=True).click()
    expect(dialog.locator(".reply")).to_have_count(2)
    expect(mark).to_have_accessible_name(
        "“a profoundly disturbing rebellion”, highlight by alice, blue, 3 comments"
    )
