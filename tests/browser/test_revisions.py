"""After a new version of a text: its author checks a highlight that moved (keeps it, or
detaches it), and gives a note whose words are gone new words, in the reader."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Anchor, Annotation
from annotations.services import annotation_create
from corpus.models import Paragraph
from tests.browser.conftest import PHONE
from tests.browser.test_annotating import select_phrase, toolbar
from tests.essays import ingest_essay

pytestmark = pytest.mark.usefixtures("no_position_reports")

EDITED_BEFORE = "Planning was central to the whole system of the state."
EDITED_AFTER = "Planning was central to the entire system of the state."
GONE_BEFORE = "Grain requisitions were ended by decree in the spring."
GONE_AFTER = "Everything about this was rewritten from scratch by the editor."


@pytest.fixture
def revised(live_server, owner, sign_in):
    document = ingest_essay("The plan failed.", EDITED_BEFORE, GONE_BEFORE).document
    text = document.current_version.text
    notes = {}
    for key, words in (("moved", EDITED_BEFORE), ("orphan", "ended by decree")):
        start = text.index(words)
        notes[key] = annotation_create(
            author=owner,
            document=document,
            start=start,
            end=start + len(words),
            exact=words,
            comment="Check the date.",
        )
    ingest_essay("The plan failed.", EDITED_AFTER, GONE_AFTER)
    sign_in(owner)
    return notes


def moved_mark(page: Page):
    return page.locator("mark.hl-moved-start")


def test_its_author_sees_what_changed_and_keeps_the_highlight_where_it_is(page: Page, revised):
    page.goto("/read/essay/s/1/")

    mark = moved_mark(page)
    expect(mark).to_have_attribute("aria-label", re.compile("moved by a new version"))
    mark.click()

    card = page.get_by_role("dialog")
    expect(card.get_by_text("Moved by a new version of the text: please check.")).to_be_visible()
    expect(card.locator(".card-moved-diff del")).to_have_text(re.compile("whole"))
    expect(card.locator(".card-moved-diff ins")).to_have_text(re.compile("entire"))
    card.get_by_role("button", name="Keep it here").click()

    expect(page.locator("mark.hl-moved")).to_have_count(0)
    expect(page.locator("mark.hl")).to_have_text(EDITED_AFTER)
    annotation = Annotation.objects.get(pk=revised["moved"].pk)
    assert (annotation.anchor, annotation.exact) == (Anchor.EXACT, EDITED_AFTER)


def test_its_author_gives_an_orphaned_note_new_words(page: Page, revised):
    page.goto("/read/essay/s/1/")
    listed = page.locator(".orphans")
    listed.get_by_text("1 note whose words are gone from this version").click()
    expect(listed.get_by_text("“ended by decree”")).to_be_visible()

    listed.get_by_role("button", name="Choose new words").click()
    expect(page.get_by_role("region", name="Moving a note")).to_be_visible()
    rewritten = Paragraph.objects.get(version__document__slug="essay", text=GONE_AFTER)
    select_phrase(page, rewritten, "rewritten from scratch")
    toolbar(page).get_by_role("button", name="Move the note here").click()

    expect(page.locator(f"#p-{rewritten.ordinal} mark.hl")).to_have_text("rewritten from scratch")
    expect(page.locator(".orphans")).to_have_count(0)
    expect(page.get_by_role("region", name="Moving a note")).to_have_count(0)
    annotation = Annotation.objects.get(pk=revised["orphan"].pk)
    assert (annotation.anchor, annotation.exact) == (Anchor.EXACT, "rewritten from scratch")
    # And the toolbar offers colours again for the next selection.
    select_phrase(page, rewritten, "by the editor")
    expect(toolbar(page).get_by_role("button", name="Highlight yellow")).to_be_visible()


def test_detaching_a_moved_highlight_lists_it_with_the_notes_whose_words_are_gone(
    page: Page, revised
):
    page.set_viewport_size(PHONE)
    page.goto("/read/essay/s/1/")
    moved_mark(page).click()

    page.get_by_role("dialog").get_by_role("button", name="Detach").click()

    expect(page.locator("mark.hl-moved")).to_have_count(0)
    annotation = Annotation.objects.get(pk=revised["moved"].pk)
    assert (annotation.anchor, annotation.exact) == (Anchor.ORPHANED, EDITED_BEFORE)
    page.reload()
    expect(page.locator(".orphan")).to_have_count(2)
