"""A phone (390×844): no page scrolls sideways, controls are big enough to touch (24 CSS
px, 44 for the primary actions), one search box, and the new-highlight sheet's Save in
view without scrolling. Every page type of tests/browser/pages.py is measured."""

from pprint import pformat

import pytest
from playwright.sync_api import Page, expect

from annotations.circles.services import circle_create
from tests.browser.conftest import PHONE
from tests.browser.pages import PAGES, build_world

pytestmark = pytest.mark.usefixtures("no_position_reports")

SMALLEST = 24  # WCAG 2.5.8's minimum target
PRIMARY = 44  # Save, the highlight swatches, Sign in

# What sticks out past the viewport's right edge, outside a box that scrolls on its own.
WIDER_THAN_THE_SCREEN = """() => {
    const width = window.innerWidth;
    const scrollsItself = e => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (["auto", "scroll", "hidden"].includes(style.overflowX)) return true;
        }
        return false;
    };
    const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
        + (typeof e.className === "string" && e.className
            ? "." + e.className.trim().split(/\\s+/).join(".") : "");
    const wide = [...document.body.querySelectorAll("*")].filter(e => {
        const box = e.getBoundingClientRect();
        return box.width && box.right > width + 1 && !scrollsItself(e);
    });
    return {
        scroll_width: document.documentElement.scrollWidth,
        inner_width: width,
        widest: wide.slice(0, 5).map(name),
    };
}"""

# Controls smaller than `smallest` CSS px either way. Links inside running text (a
# sentence, a table cell, a highlight) are WCAG's inline exception and left out.
SMALL_TARGETS = """(smallest) => {
    const controls = document.querySelectorAll(
        "button, input:not([type=hidden]), select, textarea, summary, [role=button], "
        + "[tabindex='0'], a"
    );
    const inline = e => e.tagName === "A" && e.closest(
        "p, li p, td, th, blockquote, .t, mark, .card-comment, .reply-body, dd, figcaption"
    ) && !e.closest(".pager, nav");
    const small = [];
    for (const e of controls) {
        // The coverage map's cells repeat the table's links beside it (WCAG's equivalent
        // exception); a highlight is inline text.
        if (e.tagName === "MARK" || inline(e) || e.closest("svg")) continue;
        // A radio or checkbox inside its label is tapped through it (a visually hidden
        // one is drawn by it): measure the label.
        const label = e.matches("input[type=radio], input[type=checkbox]") && e.closest("label");
        const target = label || (e.matches("input.visually-hidden") && e.labels[0]) || e;
        const box = target.getBoundingClientRect();
        if (!box.width || !box.height || getComputedStyle(target).visibility === "hidden") continue;
        if (box.width < smallest - 0.5 || box.height < smallest - 0.5) {
            const label = (target.getAttribute("aria-label") || target.textContent || "")
                .trim().slice(0, 30);
            const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
            small.push(`${target.tagName.toLowerCase()}.${target.className} "${label}" ${size}`);
        }
    }
    return small;
}"""

VISIBLE_SEARCH_BOXES = """() => [...document.querySelectorAll("input[type=search], input[name=q]")]
    .filter(e => e.getBoundingClientRect().width > 0).length"""


def test_every_page_fits_a_phone_with_targets_to_touch_and_one_search_box(
    page: Page, seeded_live_server, owner, member, sign_in, context
):
    context.set_default_timeout(30_000)
    build_world(owner, member)
    page.set_viewport_size(PHONE)
    sideways, small, searches = {}, {}, {}

    for kind in PAGES:
        context.clear_cookies()
        if kind.signed_in:
            sign_in(owner)
        page.goto(kind.path)
        fit = page.evaluate(WIDER_THAN_THE_SCREEN)
        if fit["scroll_width"] > fit["inner_width"]:
            sideways[kind.name] = fit
        if found := page.evaluate(SMALL_TARGETS, SMALLEST):
            small[kind.name] = found
        if page.evaluate(VISIBLE_SEARCH_BOXES) > 1:
            searches[kind.name] = page.evaluate(VISIBLE_SEARCH_BOXES)

    assert not sideways, pformat(sideways)
    assert not small, pformat(small)
    assert not searches, pformat(searches)


def test_the_sign_in_button_is_a_primary_target(page: Page, live_server):
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")

    box = page.get_by_role("button", name="Sign in").bounding_box()

    assert box["width"] >= PRIMARY and box["height"] >= PRIMARY, box


def test_the_new_highlight_sheet_shows_save_without_scrolling(
    page: Page, owner, sign_in, chapter_url, body, screenshots
):
    # A reader in a circle: the sheet offers three ways to share, the longest form.
    circle_create(owner=owner, name="Tuesday readers")
    sign_in(owner)
    page.set_viewport_size(PHONE)
    page.goto(chapter_url)
    page.locator(f"#p-{body[0].ordinal} .t").scroll_into_view_if_needed()
    page.evaluate(
        """selector => {
            const node = document.querySelector(selector).firstChild;
            const range = document.createRange();
            range.setStart(node, 0);
            range.setEnd(node, Math.min(30, node.length));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        f"#p-{body[0].ordinal} .t",
    )
    toolbar = page.get_by_role("toolbar", name="Annotate the selection")
    for swatch in toolbar.get_by_role("button", name="Highlight").all():
        box = swatch.bounding_box()
        assert box["width"] >= PRIMARY and box["height"] >= PRIMARY, box
    toolbar.get_by_role("button", name="Comment").click()

    sheet = page.get_by_role("dialog")
    save = sheet.get_by_role("button", name="Save")
    expect(save).to_be_visible()
    page.screenshot(path=screenshots / "phone-new-highlight-sheet.png")
    box = save.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    assert box["width"] >= PRIMARY and box["height"] >= PRIMARY, box
    # Nothing covers it: a tap at its centre lands on it.
    assert (
        page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).textContent",
            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
        )
        == "Save"
    )
    assert page.evaluate(SMALL_TARGETS, SMALLEST) == []
    assert page.evaluate(WIDER_THAN_THE_SCREEN)["widest"] == []
    for colour in sheet.locator(".color-choice").all():
        choice = colour.bounding_box()
        assert choice["width"] >= PRIMARY and choice["height"] >= PRIMARY, choice
