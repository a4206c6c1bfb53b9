"""Annotating in the reading views: select, highlight, comment, tag, edit, overlap, delete.

Each test does what a reader does (a mouse drag, a key press) and checks what they see,
and, where it matters, what the server stored.
"""

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import Page, expect

from annotations import services
from annotations.circles.services import circle_create
from annotations.models import Annotation, Membership, Reply, Role
from corpus.models import Document, Paragraph
from tests.browser.conftest import BOOK, DESKTOP, PHONE

pytestmark = pytest.mark.usefixtures("no_position_reports")


# The box of the character at a paragraph-text offset, in viewport coordinates.
CHARACTER_BOX = """([selector, offset]) => {
    const text = document.querySelector(selector);
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    let node, position = 0;
    while ((node = walker.nextNode())) {
        if (offset < position + node.data.length) {
            const range = document.createRange();
            range.setStart(node, offset - position);
            range.setEnd(node, offset - position + 1);
            const box = range.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
        }
        position += node.data.length;
    }
    return null;
}"""


@pytest.fixture
def reader(owner, sign_in):
    """alice, signed in."""
    sign_in(owner)
    return owner


@pytest.fixture
def shared(owner, member):
    """A circle of alice and bob: what bob shares with it is drawn one by one for alice."""
    circle = circle_create(owner=owner, name="Readers")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    return circle


def text_of(paragraph: Paragraph) -> str:
    return f"#p-{paragraph.ordinal} .t"


def offsets(paragraph: Paragraph, phrase: str) -> tuple[int, int]:
    """A phrase's offsets in the paragraph's own text."""
    start = paragraph.text.index(phrase)
    return start, start + len(phrase)


def drag_select(page: Page, first: tuple[str, int], last: tuple[str, int]) -> None:
    """Drag the mouse from a character's left edge to the right edge of the one before `last`."""
    # Pressing inside a selection would drag its text: click it away first, as a reader does.
    page.evaluate("getSelection().removeAllRanges()")
    # The first character a third of the way down: a drag near the edge would scroll the page.
    start = page.evaluate(CHARACTER_BOX, [first[0], first[1]])
    page.evaluate("y => window.scrollBy(0, y - window.innerHeight / 3)", start["y"])
    start = page.evaluate(CHARACTER_BOX, [first[0], first[1]])
    end = page.evaluate(CHARACTER_BOX, [last[0], last[1] - 1])
    page.mouse.move(start["x"] + 1, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] - 1, end["y"] + end["height"] / 2, steps=10)
    page.mouse.up()


def select_phrase(page: Page, paragraph: Paragraph, phrase: str) -> None:
    start, end = offsets(paragraph, phrase)
    drag_select(page, (text_of(paragraph), start), (text_of(paragraph), end))


def annotate(document: Document, author, paragraph: Paragraph, phrase: str, **fields) -> Annotation:
    start = paragraph.start + paragraph.text.index(phrase)
    return services.annotation_create(
        author=author,
        document=document,
        start=start,
        end=start + len(phrase),
        exact=phrase,
        **fields,
    )


def eventually(page: Page, check, timeout_ms: int = 5_000) -> None:
    """Wait for something the server does after the page has moved on (a DELETE, say)."""
    for _ in range(timeout_ms // 50):
        try:
            if check():
                return
        except OperationalError as error:
            # The live server's write holds the shared in-memory SQLite table: look again.
            if "locked" not in str(error):
                raise
        page.wait_for_timeout(50)
    assert check()


def toolbar(page: Page):
    return page.get_by_role("toolbar", name="Annotate the selection")


def card(page: Page):
    return page.get_by_role("dialog")


def test_it_highlights_a_selection_at_once_with_one_click(page: Page, reader, body, chapter_url):
    page.goto(chapter_url)
    phrase = "the civil war brought the first respite"
    select_phrase(page, body[0], phrase)

    expect(toolbar(page)).to_be_visible()
    toolbar(page).get_by_role("button", name="Highlight yellow").click()

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_text(phrase)
    expect(mark).to_have_class(re.compile(r"\bhl-yellow\b.*\bhl-mine\b"))
    expect(toolbar(page)).to_be_hidden()
    # The temporary id gives way to the stored one.
    expect(mark).to_have_attribute("data-starts", re.compile(r"^\d+$"))
    annotation = Annotation.objects.get()
    assert (annotation.exact, annotation.color, annotation.visibility) == (
        phrase,
        "yellow",
        "private",
    )
    assert mark.get_attribute("data-starts") == str(annotation.pk)
    count = page.locator(f"#p-{body[0].ordinal} button.margin-count")
    expect(count).to_have_text("1")
    expect(count).to_have_accessible_name("1 annotation on this paragraph")


def test_it_saves_a_tag_and_a_comment_and_shows_them_after_a_reload(
    page: Page, reader, body, chapter_url
):
    page.goto(chapter_url)
    phrase = "the prospects for constructing a socialist society looked bleak"
    select_phrase(page, body[0], phrase)
    toolbar(page).get_by_role("button", name="Comment").click()

    dialog = card(page)
    expect(dialog).to_have_accessible_name("New highlight")
    expect(dialog.get_by_label("Comment")).to_be_focused()
    tags = dialog.get_by_label("Tags", exact=True)
    tags.fill("nep")
    tags.press("Enter")
    tags.fill("economy")
    tags.press(",")
    expect(dialog.locator(".chip")).to_have_text(["nep×", "economy×"])
    dialog.get_by_label("Comment").fill("Why *bleak*? See **Lenin**.")
    dialog.get_by_role("button", name="Save").click()

    expect(dialog).to_have_accessible_name("Your highlight")
    expect(dialog.locator(".card-comment em")).to_have_text("bleak")
    expect(dialog.locator(".card-comment strong")).to_have_text("Lenin")
    expect(dialog.locator(".card-tags li")).to_have_text(["economy", "nep"])
    annotation = Annotation.objects.get()
    assert annotation.exact == phrase
    assert annotation.comment == "Why *bleak*? See **Lenin**."
    assert sorted(annotation.tags.names()) == ["economy", "nep"]

    page.reload()
    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_attribute("data-starts", str(annotation.pk))
    expect(mark).to_have_text(phrase)
    mark.click()
    expect(card(page).locator(".card-quote")).to_have_text(phrase)
    expect(card(page).locator(".card-comment strong")).to_have_text("Lenin")
    expect(card(page).locator(".card-tags li")).to_have_text(["economy", "nep"])
    expect(card(page).locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-"))


def test_it_edits_colour_comment_tags_and_visibility(
    page: Page, reader, document, body, chapter_url
):
    phrase = "the urban population hungry and restless"
    annotation = annotate(document, reader, body[0], phrase, comment="First thought", tags=["old"])
    page.goto(chapter_url)
    mark = page.locator(f"mark.hl[data-starts~='{annotation.pk}']")
    mark.click()

    dialog = card(page)
    dialog.get_by_role("button", name="Edit", exact=True).click()
    expect(dialog).to_have_accessible_name("Edit your highlight")
    dialog.locator("label.color-choice[data-color=green]").click()
    dialog.get_by_label("Comment").fill("Second thought, with a [link](https://example.org).")
    dialog.get_by_role("button", name="Remove tag old").click()
    tags = dialog.get_by_label("Tags", exact=True)
    expect(tags).to_be_focused()
    # Suggestions are the reader's own tags, from the server.
    expect(dialog.locator("datalist option")).to_have_count(1)
    expect(dialog.locator("datalist option")).to_have_attribute("value", "old")
    tags.fill("hunger")
    tags.press("Enter")
    dialog.get_by_label("Everyone").check()
    dialog.get_by_role("button", name="Save").click()

    expect(dialog).to_have_accessible_name("Your highlight")
    expect(mark).to_have_class(re.compile(r"\bhl-green\b"))
    expect(dialog.locator(".card-comment a")).to_have_attribute("href", "https://example.org")
    expect(dialog.locator(".card-tags li")).to_have_text(["hunger"])
    expect(dialog.locator(".card-meta")).to_contain_text("Public")
    annotation.refresh_from_db()
    assert (annotation.color, annotation.visibility) == ("green", "public")
    assert list(annotation.tags.names()) == ["hunger"]

    page.reload()
    expect(page.locator(f"mark.hl[data-starts~='{annotation.pk}']")).to_have_class(
        re.compile(r"\bhl-green\b")
    )


def test_it_comments_in_the_paragraph_view_and_leaves_its_paging_keys_alone(
    page: Page, reader, body
):
    paragraph = body[1]
    page.goto(f"/read/{BOOK}/p/{paragraph.ordinal}/")
    select_phrase(page, paragraph, "A great deal has been written about NEP.")
    toolbar(page).get_by_role("button", name="Comment").click()

    dialog = card(page)
    expect(dialog.get_by_label("Comment")).to_be_focused()
    page.keyboard.type("A *classic* opening.")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".card-comment em")).to_have_text("classic")
    mark = page.locator(f"#p-{paragraph.ordinal} mark.hl")
    expect(mark).to_have_text("A great deal has been written about NEP.")
    assert Annotation.objects.get().comment == "A *classic* opening."

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(mark).to_be_focused()
    page.keyboard.press("j")
    expect(page).to_have_url(re.compile(rf"/p/{paragraph.ordinal + 1}/$"))


def test_it_makes_one_annotation_of_a_selection_across_paragraphs(
    page: Page, reader, body, chapter_url
):
    page.goto(chapter_url)
    first, second = body
    start, _ = offsets(first, "It was against this background")
    _, end = offsets(second, "A great deal has been written about NEP.")
    drag_select(page, (text_of(first), start), (text_of(second), end))
    toolbar(page).get_by_role("button", name="Highlight blue").click()

    expect(page.locator(f"#p-{first.ordinal} mark.hl")).to_have_attribute(
        "data-starts", re.compile(r"^\d+$")
    )
    annotation = Annotation.objects.get()
    assert annotation.exact == first.text[start:] + "\n\n" + second.text[:end]
    expect(page.locator(f"#p-{first.ordinal} mark.hl")).to_have_attribute(
        "data-starts", str(annotation.pk)
    )
    # Its words in the next paragraph are marked too; they open the same card.
    expect(page.locator(f"#p-{second.ordinal} mark.hl:not([data-starts])")).to_have_count(1)
    for paragraph in body:
        expect(page.locator(f"#p-{paragraph.ordinal} button.margin-count")).to_have_text("1")

    page.reload()
    expect(page.locator(f"#p-{first.ordinal} mark.hl-blue")).to_have_text(first.text[start:])
    expect(page.locator(f"#p-{second.ordinal} mark.hl-blue")).to_have_text(second.text[:end])


def test_it_leaves_headings_note_markers_and_spaces_off_a_selection(
    page: Page, reader, chapter, body, chapter_url
):
    page.goto(chapter_url)
    heading = chapter.version.paragraphs.get(ordinal=chapter.heading_ordinal)
    drag_select(page, (text_of(heading), 0), (text_of(heading), 12))
    expect(toolbar(page)).to_contain_text("Highlights go on the text, not the headings.")
    expect(toolbar(page).get_by_role("button", name="Highlight yellow")).to_be_hidden()

    # From inside the heading to past a footnote marker and the space after it.
    _, end = offsets(body[0], "naval base.1 ")
    drag_select(page, (text_of(heading), 8), (text_of(body[0]), end))
    toolbar(page).get_by_role("button", name="Highlight pink").click()

    expect(page.locator(f"#p-{body[0].ordinal} mark.hl")).to_have_attribute(
        "data-starts", re.compile(r"^\d+$")
    )
    annotation = Annotation.objects.get()
    assert annotation.start == body[0].start
    assert annotation.exact == body[0].text[: end - 2]
    assert annotation.exact.endswith("naval base.")
    expect(page.locator(f"#p-{heading.ordinal} mark")).to_have_count(0)


def test_it_keeps_overlapping_highlights_readable_and_each_reachable(
    page: Page, reader, member, shared, document, body, chapter_url
):
    theirs = annotate(
        document,
        member,
        body[0],
        "The economy was devastated, the urban population hungry",
        visibility="circle",
        circle=shared.slug,
        comment="Bob's note",
    )
    mine = annotate(document, reader, body[0], "the urban population hungry and restless")
    page.goto(chapter_url)

    both = page.locator(f"#p-{body[0].ordinal} mark.hl-stack")
    expect(both).to_have_text("the urban population hungry")
    expect(both).to_have_attribute("data-starts", str(mine.pk))
    own_colour = both.evaluate("el => getComputedStyle(el).backgroundColor")
    their_part = page.locator(f"mark[data-starts='{theirs.pk}']")
    assert their_part.evaluate("el => getComputedStyle(el).backgroundColor") != own_colour

    their_part.click()
    dialog = card(page)
    expect(dialog).to_have_accessible_name("Highlight by bob")
    expect(dialog.locator(".card-comment")).to_have_text("Bob's note")
    expect(dialog.get_by_role("button", name="Edit", exact=True)).to_have_count(0)

    # Where they overlap, the card pages through both, the inner (own) one first.
    both.click()
    expect(dialog).to_have_accessible_name("Your highlight")
    expect(dialog.locator(".card-pager")).to_contain_text("1 of 2")
    dialog.get_by_role("button", name="Next highlight here").click()
    expect(dialog).to_have_accessible_name("Highlight by bob")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # By keyboard: each highlight's first mark is a tab stop that opens its card.
    page.locator(f"mark[data-starts='{mine.pk}']").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_accessible_name("Your highlight")
    expect(dialog.get_by_role("heading", name="Your highlight")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"mark[data-starts='{mine.pk}']")).to_be_focused()

    # And from the margin: the paragraph's annotations, each opening its card.
    count = page.locator(f"#p-{body[0].ordinal} button.margin-count")
    expect(count).to_have_text("2")
    count.click()
    expect(count).to_have_attribute("aria-expanded", "true")
    expect(dialog).to_have_accessible_name("2 annotations on this paragraph")
    items = dialog.locator(".card-list-item")
    expect(items).to_have_count(2)
    items.nth(0).click()
    expect(dialog).to_have_accessible_name("Highlight by bob")
    dialog.get_by_role("button", name="All on this paragraph").click()
    dialog.locator(".card-list-item").nth(1).click()
    expect(dialog).to_have_accessible_name("Your highlight")


def test_it_deletes_a_highlight_and_undo_brings_it_back(
    page: Page, reader, document, body, chapter_url
):
    phrase = "the infrastructure collapsing"
    annotation = annotate(
        document, reader, body[0], phrase, color="purple", comment="Note", tags=["decay"]
    )
    created = annotation.created
    page.goto(chapter_url)
    page.locator(f"#p-{body[0].ordinal} mark.hl").click()
    card(page).get_by_role("button", name="Delete", exact=True).click()

    expect(page.locator(f"#p-{body[0].ordinal} mark.hl")).to_have_count(0)
    expect(page.locator(f"#p-{body[0].ordinal} button.margin-count")).to_have_count(0)
    expect(card(page)).to_be_hidden()
    # Focus is back in the text, on the paragraph the highlight was in.
    expect(page.locator(f"#p-{body[0].ordinal} .t")).to_be_focused()
    undo = page.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    eventually(page, lambda: not Annotation.objects.exists())
    undo.click()

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_text(phrase)
    expect(mark).to_have_class(re.compile(r"\bhl-purple\b"))
    expect(mark).to_have_attribute("data-starts", str(annotation.pk))
    eventually(page, lambda: Annotation.objects.exists())
    restored = Annotation.objects.get()
    assert (restored.pk, restored.created) == (annotation.pk, created)
    assert (restored.exact, restored.color, restored.comment) == (phrase, "purple", "Note")
    assert list(restored.tags.names()) == ["decay"]
    page.reload()
    expect(page.locator(f"#p-{body[0].ordinal} mark.hl-purple")).to_have_text(phrase)


def test_undo_brings_back_a_highlight_with_its_replies_by_the_keyboard(
    page: Page, reader, member, document, body, chapter_url
):
    annotation = annotate(
        document, reader, body[0], "the countryside rebellious", visibility="public"
    )
    reply = services.reply_create(annotation=annotation, author=member, body="I *disagree*.")
    page.goto(chapter_url)
    page.locator(f"mark[data-starts='{annotation.pk}']").click()
    dialog = card(page)
    expect(dialog.locator(".reply-body em")).to_have_text("disagree")
    dialog.get_by_role("button", name="Delete", exact=True).click()

    expect(page.locator(".annotation-toast")).to_contain_text("Highlight and its reply deleted.")
    expect(page.locator(f"#p-{body[0].ordinal} .t")).to_be_focused()
    eventually(page, lambda: not Reply.objects.exists())
    page.keyboard.press("Control+z")

    expect(page.locator(f"mark[data-starts~='{annotation.pk}']")).to_have_count(1)
    eventually(page, lambda: Reply.objects.filter(pk=reply.pk).exists())
    page.locator(f"mark[data-starts='{annotation.pk}']").click()
    expect(card(page).locator(".reply-body em")).to_have_text("disagree")


def test_it_threads_replies_that_their_authors_edit_and_delete(
    page: Page, reader, member, shared, document, body, chapter_url
):
    theirs = annotate(
        document,
        member,
        body[0],
        "a profoundly disturbing rebellion",
        visibility="circle",
        circle=shared.slug,
    )
    page.goto(chapter_url)
    page.locator(f"mark[data-starts='{theirs.pk}']").click()
    dialog = card(page)
    dialog.get_by_role("textbox", name="Your reply", exact=True).fill("Kronstadt, **1921**.")
    dialog.get_by_role("button", name="Reply", exact=True).click()

    reply = dialog.locator(".reply")
    expect(reply.locator("strong", has_text="1921")).to_be_visible()
    expect(dialog.get_by_role("heading", name="Replies (1)")).to_be_visible()
    assert Reply.objects.get().body == "Kronstadt, **1921**."

    reply.get_by_role("button", name="Edit your reply").click()
    reply.get_by_role("textbox", name="Edit your reply").fill("Kronstadt, March 1921.")
    reply.get_by_role("button", name="Save").click()
    expect(dialog.locator(".reply-body")).to_have_text("Kronstadt, March 1921.")

    dialog.locator(".reply").get_by_role("button", name="Delete your reply").click()
    dialog.locator(".reply").get_by_role("button", name="Delete", exact=True).click()
    expect(dialog.locator(".reply")).to_have_count(0)
    assert Reply.objects.count() == 0


def test_it_creates_a_highlight_with_the_keyboard_alone(page: Page, reader, body, chapter_url):
    page.goto(chapter_url)
    pilcrow = f"#p-{body[0].ordinal} a.pilcrow"
    # The ¶ links are one tab stop; the arrows move between them.
    for key, wanted in (("Tab", "a.pilcrow"), ("ArrowDown", pilcrow)):
        for _ in range(40):
            if page.evaluate("s => document.activeElement.matches(s)", wanted):
                break
            page.keyboard.press(key)
    expect(page.locator(pilcrow)).to_be_focused()

    for _ in range(3):
        page.keyboard.press("Shift+Control+ArrowRight")
    expect(toolbar(page)).to_be_visible()
    expect(toolbar(page).locator(".toolbar-help")).to_contain_text("h or 1–5 highlight")
    selected = page.evaluate("getSelection().toString()").strip()
    assert body[0].text.startswith(selected) and len(selected.split()) == 3, selected
    page.keyboard.press("2")

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl-green")
    expect(mark).to_have_text(selected)
    expect(mark).to_have_attribute("data-starts", re.compile(r"^\d+$"))
    expect(mark).to_be_focused()
    assert Annotation.objects.get().exact == selected

    page.keyboard.press("Enter")
    expect(card(page)).to_have_accessible_name("Your highlight")
    expect(card(page).get_by_role("heading", name="Your highlight")).to_be_focused()
    page.keyboard.press("Escape")
    expect(mark).to_be_focused()


def test_it_asks_an_anonymous_reader_to_sign_in_to_highlight(
    page: Page, live_server, body, chapter_url
):
    page.goto(chapter_url)
    select_phrase(page, body[0], "the civil war")

    link = page.get_by_role("link", name="Sign in to highlight")
    expect(link).to_be_visible()
    expect(link).to_have_attribute(
        "href", "/accounts/login/?next=" + chapter_url.replace("/", "%2F")
    )
    page.keyboard.press("Escape")
    expect(link).to_be_hidden()


def test_it_shows_an_anonymous_reader_public_highlights_read_only(
    page: Page, member, document, body, chapter_url
):
    theirs = annotate(document, member, body[0], "the civil war", visibility="public", comment="Hi")
    annotate(document, member, body[1], "A great deal", visibility="private")
    # Drawn one by one when the page shows bob's (else in the popular layer, test_popular.py).
    page.goto(chapter_url + "?member=bob")
    expect(page.locator("mark.hl")).to_have_count(1)
    page.locator(f"mark[data-starts='{theirs.pk}']").click()
    expect(card(page)).to_have_accessible_name("Highlight by bob")
    expect(card(page).locator(".card-comment")).to_have_text("Hi")
    expect(card(page).get_by_role("link", name="Sign in to reply")).to_be_visible()
    expect(card(page).get_by_role("button", name="Edit", exact=True)).to_have_count(0)


def test_it_switches_layers_in_place_without_a_submit_button(
    page: Page, reader, member, document, body, chapter_url
):
    theirs = annotate(document, member, body[1], "A great deal", visibility="public")
    shaded = page.locator(f"#p-{body[1].ordinal} mark.pop")
    mine = annotate(document, reader, body[1], "has been written")
    page.goto(chapter_url)
    expect(shaded).to_have_text([theirs.exact])
    expect(page.locator(".layer-filter button[type=submit]")).to_be_hidden()
    # Scrolled a little, with the switch still in view.
    page.evaluate("window.scrollBy(0, 90)")
    paragraph = page.locator(f"#p-{body[0].ordinal}")
    top = paragraph.evaluate("el => el.getBoundingClientRect().top")

    page.get_by_label("Public", exact=True).uncheck()
    expect(page).to_have_url(re.compile(r"\?layer=mine$"))
    expect(page.get_by_label("Mine", exact=True)).to_be_checked()
    expect(page.get_by_label("Public", exact=True)).not_to_be_checked()
    expect(shaded).to_have_count(0)
    expect(page.locator(f"mark[data-starts~='{mine.pk}']")).to_have_count(1)
    after = paragraph.evaluate("el => el.getBoundingClientRect().top")
    assert abs(after - top) < 3, (top, after)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_it_takes_screenshots_of_the_toolbar_and_the_card(
    page: Page, reader, member, document, body, chapter_url, screenshots, viewport
):
    annotate(document, member, body[0], "The economy was devastated", visibility="public")
    mine = annotate(
        document,
        reader,
        body[0],
        "the urban population hungry and restless",
        color="green",
        comment="Compare **1918**: the same _hunger_.",
        tags=["nep", "famine"],
    )
    services.reply_create(annotation=mine, author=reader, body="And in Petrograd too.")
    page.set_viewport_size(viewport)
    page.goto(chapter_url)
    select_phrase(page, body[0], "the first respite for the Bolshevik leadership")
    expect(toolbar(page)).to_be_visible()
    box = toolbar(page).bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
    page.screenshot(path=screenshots / f"annotate-toolbar-{viewport['width']}.png")

    page.locator(f"mark[data-starts='{mine.pk}']").click()
    expect(card(page).locator(".reply")).to_have_count(1)
    box = card(page).bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
    page.screenshot(path=screenshots / f"annotate-card-{viewport['width']}.png")

    card(page).get_by_role("button", name="Edit", exact=True).click()
    expect(card(page).get_by_label("Comment")).to_be_focused()
    page.screenshot(path=screenshots / f"annotate-edit-{viewport['width']}.png")


def test_it_takes_a_partly_selected_word_whole_and_alt_keeps_the_selection_exact(
    page: Page, reader, body, chapter_url
):
    page.goto(chapter_url)
    phrase = "civil war brought the first respite"
    start, end = offsets(body[0], phrase)
    # From inside "civil" to inside "respite".
    drag_select(page, (text_of(body[0]), start + 2), (text_of(body[0]), end - 4))
    toolbar(page).get_by_role("button", name="Highlight yellow").click()

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_text(phrase)
    expect(mark).to_have_attribute("data-starts", re.compile(r"^\d+$"))

    other = "The economy was devastated"
    start, end = offsets(body[0], other)
    page.keyboard.down("Alt")
    drag_select(page, (text_of(body[0]), start + 2), (text_of(body[0]), end - 3))
    page.keyboard.up("Alt")
    toolbar(page).get_by_role("button", name="Highlight green").click()

    expect(page.locator(f"#p-{body[0].ordinal} mark.hl-green")).to_have_text(other[2:-3])
    eventually(page, lambda: Annotation.objects.count() == 2)
    assert sorted(Annotation.objects.values_list("exact", flat=True)) == sorted(
        [phrase, other[2:-3]]
    )


def test_t_tags_a_quick_highlight_from_the_toolbar_with_suggestions(
    page: Page, reader, member, document, body, chapter_url
):
    # A new reader: their only suggestion is a popular public tag.
    annotate(
        document, member, body[1], body[1].text.split()[0], visibility="public", tags=["respite"]
    )
    page.goto(chapter_url)
    phrase = "the civil war brought the first respite"
    select_phrase(page, body[0], phrase)
    expect(toolbar(page)).to_be_visible()
    page.keyboard.press("t")

    tag = page.get_by_label("Tag for a new highlight")
    expect(tag).to_be_focused()
    expect(page.locator("#toolbar-tag-suggestions option")).to_have_count(1)
    expect(page.locator("#toolbar-tag-suggestions option")).to_have_attribute("value", "respite")
    # Keys typed here are the tag's, not the toolbar's (h would highlight).
    tag.type("hope")
    expect(page.locator(f"#p-{body[0].ordinal} mark.hl")).to_have_count(0)
    tag.press("Enter")

    mark = page.locator(f"#p-{body[0].ordinal} mark.hl")
    expect(mark).to_have_text(phrase)
    expect(mark).to_have_attribute("data-starts", re.compile(r"^\d+$"))
    annotation = Annotation.objects.get(author=reader)
    assert list(annotation.tags.names()) == ["hope"]
    assert annotation.visibility == "private"


def test_escape_leaves_the_toolbars_tag_input_without_highlighting(
    page: Page, reader, body, chapter_url
):
    page.goto(chapter_url)
    select_phrase(page, body[0], "the first respite")
    toolbar(page).get_by_role("button", name="Tag").click()
    expect(page.get_by_label("Tag for a new highlight")).to_be_focused()

    page.keyboard.press("Escape")

    expect(toolbar(page)).to_be_hidden()
    expect(page.locator("mark.hl")).to_have_count(0)
    assert not Annotation.objects.exists()


def test_a_reply_posted_while_the_thread_loads_stays_in_the_card(
    page: Page, reader, body, chapter_url
):
    # The thread's answer, read before the reply was posted, arrives after it: the card
    # still shows the reply (it once vanished, saved but unseen, until the card reopened).
    held = []

    def answer_late(route):
        if route.request.method == "GET":
            held.append((route, route.fetch()))
        else:
            route.continue_()

    page.route(re.compile(r".*/api/annotations/\d+/replies/$"), answer_late)
    page.goto(chapter_url)
    select_phrase(page, body[0], "the first respite")
    toolbar(page).get_by_role("button", name="Comment").click()
    card(page).get_by_label("Comment").fill("A first thought.")
    card(page).get_by_label("Comment").press("Control+Enter")
    expect(card(page)).to_have_accessible_name("Your highlight")
    for _ in range(100):  # the card asks for its thread; the answer is held back
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the card asked for its thread"

    reply = card(page).get_by_role("textbox", name="Your reply", exact=True)
    reply.fill("A second thought.")
    reply.press("Control+Enter")
    expect(card(page).locator(".reply-body")).to_have_text("A second thought.")
    for route, response in held:
        route.fulfill(response=response)

    expect(card(page).get_by_role("heading", name="Replies (1)")).to_be_attached()
    expect(card(page).locator(".reply-body")).to_have_text("A second thought.")
    assert Reply.objects.get().body == "A second thought."


def test_control_enter_saves_the_card_and_a_reply(page: Page, reader, body, chapter_url):
    page.goto(chapter_url)
    select_phrase(page, body[0], "the first respite")
    toolbar(page).get_by_role("button", name="Comment").click()
    comment = card(page).get_by_label("Comment")
    comment.fill("See [the essay](https://example.org/essay).")
    comment.press("Control+Enter")

    expect(card(page)).to_have_accessible_name("Your highlight")
    link = card(page).locator(".card-comment a")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "nofollow noopener noreferrer")
    assert Annotation.objects.get().comment == "See [the essay](https://example.org/essay)."

    reply = card(page).get_by_role("textbox", name="Your reply", exact=True)
    reply.fill("A second thought.")
    reply.press("Meta+Enter")
    expect(card(page).locator(".reply-body")).to_have_text("A second thought.")
    assert Reply.objects.get().body == "A second thought."
