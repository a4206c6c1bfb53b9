"""Reading: library → document → chapter → paragraph permalink → keyboard → back in context."""

import re

import pytest
from playwright.sync_api import Page, expect

from corpus.models import Paragraph, Section
from tests.browser.conftest import DESKTOP, PHONE

BOOK = "soviet-socialism-a-history"


@pytest.fixture
def chapter(seeded_live_server) -> Section:
    """The book's longest chapter: 208 paragraphs with its subsections."""
    return Section.objects.get(version__document__slug=BOOK, title__startswith="Chapter Four")


@pytest.fixture
def paragraph(chapter) -> Paragraph:
    """The chapter's first body paragraph, with paragraphs before and after it."""
    return chapter.version.paragraphs.filter(
        kind=Paragraph.Kind.BODY, ordinal__gt=chapter.first_ordinal
    ).first()


def last_ordinal_shown(chapter: Section) -> int:
    """The last paragraph before the next section at the chapter's level or above."""
    following = Section.objects.filter(
        version=chapter.version, order__gt=chapter.order, level__lte=chapter.level
    ).first()
    return following.first_ordinal - 1


def paragraph_url(ordinal: int) -> re.Pattern:
    return re.compile(rf"/read/{BOOK}/p/{ordinal}/$")


def test_it_leads_from_the_library_to_a_chapter_through_the_table_of_contents(page: Page, chapter):
    page.goto("/")
    page.locator("li.library-item h2 a", has_text="A History of Soviet Socialism").click()

    expect(page).to_have_url(re.compile(rf"/read/{BOOK}/$"))
    expect(page.locator("h1")).to_have_text("A History of Soviet Socialism")
    page.locator("nav.toc a", has_text="Chapter Four").click()

    expect(page).to_have_url(re.compile(rf"/read/{BOOK}/s/{chapter.order}/$"))
    text = page.locator("article.text")
    expect(text.locator(f"#p-{chapter.heading_ordinal}")).to_contain_text("Chapter Four")
    # A chapter shows its subsections inline, down to its last paragraph.
    expect(text.get_by_role("heading", name="The genesis of NEP")).to_be_visible()
    last = last_ordinal_shown(chapter)
    expect(text.locator(f"#p-{last}")).to_have_count(1)
    expect(text.locator("[data-ordinal]")).to_have_count(last - chapter.first_ordinal + 1)
    expect(page.locator("nav.pager a[rel=prev]")).to_have_attribute(
        "href", re.compile(rf"/read/{BOOK}/s/\d+/$")
    )
    expect(page.locator("nav.pager a[rel=next]")).to_have_attribute(
        "href", re.compile(rf"/read/{BOOK}/s/\d+/$")
    )


def test_it_sets_the_chapter_in_a_serif_at_a_readable_measure(
    page: Page, chapter, paragraph, screenshots
):
    page.goto(f"/read/{BOOK}/s/{chapter.order}/")
    body = page.locator(f"article.text #p-{paragraph.ordinal}")
    expect(body).to_be_visible()
    page.screenshot(path=screenshots / f"chapter-{DESKTOP['width']}.png")

    families = body.evaluate("el => getComputedStyle(el).fontFamily")
    generics = [
        name.strip().strip("\"'")
        for name in families.split(",")
        if name.strip() in {"serif", "sans-serif", "monospace", "system-ui", "cursive"}
    ]
    assert generics[:1] == ["serif"], f"font-family: {families}"

    # Characters per line: the paragraph's content width over its average character width.
    measure = body.evaluate(
        """el => {
            const style = getComputedStyle(el);
            const width = el.clientWidth
                - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const canvas = document.createElement("canvas").getContext("2d");
            canvas.font = [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily]
                .join(" ");
            const text = el.textContent.trim();
            return {width, characters: width / (canvas.measureText(text).width / text.length)};
        }"""
    )
    assert 55 <= measure["characters"] <= 80, measure
    article_width = page.locator("article.text").evaluate("el => el.clientWidth")
    assert 480 <= article_width <= 760, article_width


def test_it_fits_the_chapter_on_a_phone_without_sideways_scrolling(
    page: Page, chapter, screenshots
):
    page.set_viewport_size(PHONE)
    page.goto(f"/read/{BOOK}/s/{chapter.order}/")
    expect(page.locator("article.text")).to_be_visible()
    page.screenshot(path=screenshots / f"chapter-{PHONE['width']}.png")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"]


def test_it_opens_a_paragraph_from_its_permalink(page: Page, chapter, paragraph):
    page.goto(f"/read/{BOOK}/s/{chapter.order}/")
    block = page.locator(f"article.text #p-{paragraph.ordinal}")
    block.hover()
    block.locator("a.pilcrow").click()

    expect(page).to_have_url(paragraph_url(paragraph.ordinal))
    blocks = page.locator("article.text [data-ordinal]")
    expect(blocks).to_have_count(1)
    expect(blocks).to_have_id(f"p-{paragraph.ordinal}")
    expect(blocks).to_contain_text(paragraph.text[:60])


@pytest.mark.parametrize(("forward", "back"), [("j", "k"), ("ArrowRight", "ArrowLeft")])
def test_it_moves_between_paragraphs_with_the_keyboard(page: Page, paragraph, forward, back):
    page.goto(f"/read/{BOOK}/p/{paragraph.ordinal}/")
    expect(page.locator(f"article.text #p-{paragraph.ordinal}")).to_be_visible()

    page.keyboard.press(forward)
    expect(page).to_have_url(paragraph_url(paragraph.ordinal + 1))
    expect(page.locator(f"article.text #p-{paragraph.ordinal + 1}")).to_be_visible()

    page.keyboard.press(back)
    expect(page).to_have_url(paragraph_url(paragraph.ordinal))
    page.keyboard.press(back)
    expect(page).to_have_url(paragraph_url(paragraph.ordinal - 1))


def test_it_links_to_the_neighbouring_paragraphs(page: Page, paragraph):
    page.goto(f"/read/{BOOK}/p/{paragraph.ordinal}/")

    page.locator("a[rel=next]").first.click()
    expect(page).to_have_url(paragraph_url(paragraph.ordinal + 1))
    page.locator("a[rel=prev]").first.click()
    expect(page).to_have_url(paragraph_url(paragraph.ordinal))


def test_it_ignores_the_reading_keys_while_typing_in_the_search_box(page: Page, paragraph):
    page.goto(f"/read/{BOOK}/p/{paragraph.ordinal}/")
    search = page.locator("form.site-search input[name=q]")

    search.press_sequentially("jk")
    search.press("ArrowLeft")
    search.press("ArrowRight")

    expect(search).to_have_value("jk")
    expect(page).to_have_url(paragraph_url(paragraph.ordinal))


def test_it_shows_the_paragraph_in_context(page: Page, paragraph):
    page.goto(f"/read/{BOOK}/p/{paragraph.ordinal}/")
    page.get_by_role("link", name=re.compile("in context", re.IGNORECASE)).click()

    expect(page).to_have_url(re.compile(rf"/read/{BOOK}/s/\d+/#p-{paragraph.ordinal}$"))
    target = page.locator(":target")
    expect(target).to_have_id(f"p-{paragraph.ordinal}")
    expect(target).to_be_in_viewport()


# Whether an element is drawn: false inside a paragraph the browser skips (off the screen).
_DRAWN = "element => element.checkVisibility({contentVisibilityAuto: true})"
# Whether a click at the middle of an element reaches it (nothing clips or covers it).
_HIT = """element => {
    const box = element.getBoundingClientRect();
    const found = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return element === found || element.contains(found);
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_it_draws_only_the_paragraphs_near_the_screen_with_their_margins_whole(
    page: Page, chapter, owner, sign_in, no_position_reports, viewport
):
    """A long chapter is laid out and painted near the screen only (content-visibility);
    a paragraph in view keeps its pilcrow, heat strip and margin count, which sit
    outside its box; printing draws every paragraph."""
    from annotations import services

    paragraphs = list(
        chapter.version.paragraphs.filter(
            kind=Paragraph.Kind.BODY,
            ordinal__gt=chapter.first_ordinal,
            ordinal__lte=last_ordinal_shown(chapter),
        ).order_by("ordinal")
    )
    deep, last = paragraphs[100], paragraphs[-1]
    words = deep.text.split(".")[0]
    services.annotation_create(
        author=owner,
        document=chapter.version.document,
        start=deep.start,
        end=deep.start + len(words),
        exact=words,
        color="blue",
    )
    page.set_viewport_size(viewport)
    sign_in(owner)

    page.goto(f"/read/{BOOK}/s/{chapter.order}/#p-{deep.ordinal}")

    shown = page.locator(f"#p-{deep.ordinal}")
    expect(shown).to_be_in_viewport()
    assert shown.locator(".t").evaluate(_DRAWN)
    assert not page.locator(f"#p-{last.ordinal} .t").evaluate(_DRAWN)
    count = shown.get_by_role("button", name="1 annotation on this paragraph")
    expect(count).to_be_visible()
    assert count.evaluate(_HIT), "the margin count is clipped or covered"
    assert shown.locator(".pilcrow").evaluate(_HIT), "the pilcrow is clipped or covered"
    strip = shown.evaluate(
        """block => {
            const box = block.getBoundingClientRect();
            const strip = getComputedStyle(block, "::after");
            return {left: box.left + parseFloat(strip.left), top: box.top + box.height / 2,
                    colour: strip.backgroundColor};
        }"""
    )
    assert strip["colour"] not in ("", "rgba(0, 0, 0, 0)")
    painted = page.screenshot(
        clip={"x": strip["left"], "y": strip["top"], "width": 3, "height": 3}, type="png"
    )
    blank = page.screenshot(
        clip={"x": strip["left"] - 6, "y": strip["top"], "width": 3, "height": 3}, type="png"
    )
    assert painted != blank, "the heat strip is not painted"

    page.emulate_media(media="print")
    assert page.locator(f"#p-{last.ordinal} .t").evaluate(_DRAWN)
