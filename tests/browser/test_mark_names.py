"""The names the script gives the server's bare marks when a page starts (highlighter.js's
nameMarks): where highlights begin, a button named by their words, whose and their
comments; where a popular stretch opens, a button named by how many readers marked it.
The server sends neither tab stops nor names (reader/presenters.py), so these are what a
keyboard or screen reader meets on a page as it loads."""

import pytest
from playwright.sync_api import Page, expect

from annotations import services
from reader.presenters import quote_for_label
from tests.browser.test_annotating import annotate

pytestmark = pytest.mark.usefixtures("no_position_reports")


def test_a_highlight_is_a_button_named_by_its_words_whose_colour_and_comments(
    page: Page, owner, member, sign_in, chapter_url, body, document
):
    theirs = annotate(
        document, owner, body[0], "The economy", visibility="public", comment="Why?", color="pink"
    )
    services.reply_create(annotation=theirs, author=member, body="Yes.")
    sign_in(member)
    page.goto(chapter_url + "?member=alice")

    mark = page.locator(f"mark[data-starts='{theirs.pk}']")
    expect(mark).to_have_role("button")
    expect(mark).to_have_attribute("tabindex", "0")
    expect(mark).to_have_accessible_name("“The economy”, highlight by alice, pink, 2 comments")


def test_highlights_starting_together_are_summed_up_by_whose_and_their_comments(
    page: Page, owner, member, sign_in, chapter_url, body, document, circle
):
    # Where many start together, the name says how many and whose, not each in turn (a
    # busy page's names were up to 1 KB); the card lists them one by one.
    mine = annotate(document, owner, body[0], "The economy was", comment="Mine.")
    annotate(document, owner, body[0], "The economy", color="pink")
    annotate(document, member, body[0], "The economy", visibility="circle", circle=circle.slug)
    sign_in(owner)
    page.goto(chapter_url)

    mark = page.locator(f"mark[data-starts~='{mine.pk}']")
    expect(mark).to_have_accessible_name(
        "“The economy was”, 3 highlights: 2 by alice, 1 by bob, 1 comment"
    )
    expect(mark).to_have_role("button")


def test_a_highlight_running_into_the_next_paragraph_is_named_by_its_first_words(
    page: Page, owner, sign_in, chapter_url, body, document
):
    start = body[0].start + len(body[0].text) - 12
    end = body[1].start + 8
    across = services.annotation_create(
        author=owner,
        document=document,
        start=start,
        end=end,
        exact=document.current_version.text[start:end],
    )
    sign_in(owner)
    page.goto(chapter_url)

    words = quote_for_label(body[0].text[-12:])
    expect(page.locator(f"mark[data-starts='{across.pk}']")).to_have_accessible_name(
        f"“{words}…”, highlight by alice, yellow, no comments"
    )


def test_a_popular_stretch_opens_where_it_starts_and_only_there(
    page: Page, owner, member, sign_in, chapter_url, body, document
):
    annotate(document, owner, body[0], "The economy was devastated", visibility="public")
    sign_in(member)
    page.goto(chapter_url)

    shaded = page.locator(f"#p-{body[0].ordinal} mark.pop")
    opening = page.locator(f"#p-{body[0].ordinal} mark.pop-start")
    expect(opening).to_have_count(1)
    expect(opening).to_have_role("button")
    expect(opening).to_have_accessible_name("Highlighted by 1 reader: “The economy was devastated”")
    # Its other runs are shading only: no tab stop, no name.
    expect(page.locator(f"#p-{body[0].ordinal} mark.pop[tabindex]")).to_have_count(1)
    assert shaded.count() >= 1


def test_marks_stay_bare_without_the_script(
    browser, live_server, owner, body, document, chapter_url
):
    annotate(document, owner, body[0], "The economy", visibility="public")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(chapter_url)
        # The shading still shows; nothing pretends to be a button that opens nothing.
        expect(page.locator("mark.pop-start")).to_have_count(1)
        expect(page.locator("mark[tabindex], mark[role]")).to_have_count(0)
    finally:
        context.close()
