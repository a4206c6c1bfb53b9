"""Reading circles in the reading view: sharing with a circle, replies, reactions, moderation.

Several readers at once, each in a browser context of their own: alice (the owner, on
the `page` fixture), bob (a member, who joins by an invite link in the first test) and
carol (outside the circle, or a plain member where moderation is under test).
"""

import re
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from annotations import moderation, services
from annotations.circles import services as circle_services
from annotations.models import Annotation, CircleHide, Reaction, Reply
from tests.browser.conftest import DESKTOP, NO_POSITION_REPORTS, PHONE
from tests.browser.test_annotating import (
    annotate,
    card,
    select_phrase,
    toolbar,
)

pytestmark = pytest.mark.usefixtures("no_position_reports")


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """A page in a browser context of its own: another reader, signed in as `user` or not."""
    contexts = []
    errors: list[str] = []

    def open_page(user=None) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
        context.set_default_timeout(5_000)
        context.add_init_script(script=NO_POSITION_REPORTS)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": cookie.value,
                        "url": live_server.url,
                    }
                ]
            )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"uncaught JavaScript errors: {errors}"


def mark_of(page: Page, annotation: Annotation):
    return page.locator(f"mark[data-starts~='{annotation.pk}']")


def reaction(dialog, label: str):
    # "Agree 1": the count is part of the name, and "Disagree" ends in "agree".
    return dialog.get_by_role("button", name=re.compile(rf"^{label}\b"))


def test_it_shares_a_highlight_with_a_circle_whose_members_reply_and_react(
    page: Page, owner, member, outsider, password, sign_in, open_page, body, chapter_url
):
    # alice starts a circle and makes an invite link.
    sign_in(owner)
    page.goto("/circles/")
    page.get_by_label("Name").fill("Book club")
    page.get_by_role("button", name="Create the circle").click()
    expect(page).to_have_url(re.compile(r"/circles/book-club/$"))
    page.get_by_role("button", name="Create the link").click()
    invite = page.locator("input.invite-url")
    expect(invite).to_have_count(1)
    invite_url = invite.input_value()
    assert re.search(r"/invite/[\w-]+/$", invite_url), invite_url

    # bob follows it signed out, signs in on the way, and joins.
    bob = open_page()
    bob.goto(invite_url)
    expect(bob.get_by_role("heading", name="Join Book club")).to_be_visible()
    bob.get_by_role("link", name="Sign in to join").click()
    bob.locator("#id_username").fill(member.username)
    bob.locator("#id_password").fill(password)
    bob.locator("main form").get_by_role("button").click()
    expect(bob).to_have_url(invite_url)
    bob.get_by_role("button", name="Join Book club").click()
    expect(bob).to_have_url(re.compile(r"/circles/book-club/$"))
    expect(bob.get_by_role("heading", level=1)).to_have_text("Book club")

    # alice comments on a passage and shares it with the circle from the card.
    page.goto(chapter_url)
    phrase = "the prospects for constructing a socialist society looked bleak"
    select_phrase(page, body[0], phrase)
    toolbar(page).get_by_role("button", name="Comment").click()
    dialog = card(page)
    dialog.get_by_label("Comment").fill("Is *bleak* fair?")
    expect(dialog.get_by_label("Only me")).to_be_checked()
    dialog.get_by_label("Circle: Book club").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_accessible_name("Your highlight")
    expect(dialog.locator(".card-meta")).to_contain_text("Shared with Book club")
    expect(reaction(dialog, "Agree")).to_have_attribute("aria-pressed", "false")
    annotation = Annotation.objects.select_related("circle").get()
    assert (annotation.exact, annotation.visibility, annotation.circle.slug) == (
        phrase,
        "circle",
        "book-club",
    )

    # bob sees it in the text and in the margin, replies and agrees.
    bob.goto(chapter_url)
    expect(mark_of(bob, annotation)).to_have_text(phrase)
    expect(bob.locator(f"#p-{body[0].ordinal} button.margin-count")).to_have_text("1")
    mark_of(bob, annotation).click()
    theirs = card(bob)
    expect(theirs).to_have_accessible_name("Highlight by alice")
    expect(theirs.locator(".card-comment em")).to_have_text("bleak")
    expect(theirs.locator(".card-meta")).to_contain_text("Shared with Book club")
    expect(theirs.get_by_role("button", name="Edit", exact=True)).to_have_count(0)
    theirs.get_by_role("textbox", name="Your reply", exact=True).fill("Bleak, but *fair*.")
    theirs.get_by_role("button", name="Reply", exact=True).click()
    expect(theirs.locator(".reply-body em")).to_have_text("fair")
    agree = reaction(theirs, "Agree")
    expect(agree).to_have_attribute("aria-pressed", "false")
    agree.click()
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree.locator(".reaction-count")).to_have_text("1")
    expect(agree).not_to_have_attribute("aria-busy", "true")
    expect(reaction(theirs, "Disagree")).to_have_attribute("aria-pressed", "false")
    assert list(Reaction.objects.values_list("annotation", "user", "kind")) == [
        (annotation.pk, member.pk, "agree")
    ]
    assert Reply.objects.get().body == "Bleak, but *fair*."

    # alice sees the reply and the count; the mark is not hers to press.
    page.reload()
    mark_of(page, annotation).click()
    dialog = card(page)
    expect(dialog.locator(".reply-meta strong")).to_have_text("bob")
    expect(dialog.locator(".reply-body em")).to_have_text("fair")
    expect(reaction(dialog, "Agree").locator(".reaction-count")).to_have_text("1")
    expect(reaction(dialog, "Agree")).to_have_attribute("aria-pressed", "false")

    # carol, outside the circle, sees nothing of it.
    carol = open_page(outsider)
    carol.goto(chapter_url)
    expect(carol.locator(f"#p-{body[0].ordinal} .t")).to_be_visible()
    expect(carol.locator("mark.hl")).to_have_count(0)
    expect(carol.locator("button.margin-count")).to_have_count(0)


def test_it_takes_a_reaction_back_with_a_second_press(
    page: Page, owner, member, sign_in, circle, document, body, chapter_url
):
    annotation = annotate(
        document, member, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    question = reaction(card(page), "Question")
    question.click()
    expect(question).to_have_attribute("aria-pressed", "true")
    expect(question).not_to_have_attribute("aria-busy", "true")
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["question"]

    question.click()
    expect(question).to_have_attribute("aria-pressed", "false")
    expect(question.locator(".reaction-count")).to_have_text("0")
    expect(question).not_to_have_attribute("aria-busy", "true")
    assert Reaction.objects.count() == 0


def test_it_moves_a_highlight_out_of_a_circle_and_its_members_no_longer_see_it(
    page: Page, owner, member, sign_in, open_page, circle, document, body, chapter_url
):
    annotation = annotate(
        document,
        owner,
        body[1],
        "A great deal has been written",
        visibility="circle",
        circle=circle.slug,
    )
    bob = open_page(member)
    bob.goto(chapter_url)
    expect(mark_of(bob, annotation)).to_have_count(1)

    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    expect(dialog.locator(".card-meta")).to_contain_text("Shared with Book club")
    dialog.get_by_role("button", name="Edit", exact=True).click()
    expect(dialog.get_by_label("Circle: Book club")).to_be_checked()
    dialog.get_by_label("Only me").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_accessible_name("Your highlight")
    expect(dialog.locator(".card-meta")).to_contain_text("Private")
    expect(dialog.locator(".card-reactions")).to_have_count(0)
    annotation.refresh_from_db()
    assert (annotation.visibility, annotation.circle_id) == ("private", None)

    bob.reload()
    expect(bob.locator(f"#p-{body[1].ordinal} .t")).to_be_visible()
    expect(mark_of(bob, annotation)).to_have_count(0)
    expect(bob.locator(f"#p-{body[1].ordinal} button.margin-count")).to_have_count(0)


def test_it_lets_an_owner_hide_and_unhide_a_circle_annotation(
    page: Page, owner, member, outsider, sign_in, open_page, circle, document, body, chapter_url
):
    invite = circle_services.invite_create(circle=circle, actor=owner)
    circle_services.invite_accept(token=invite.token, user=outsider)
    phrase = "the urban population hungry and restless"
    annotation = annotate(
        document, member, body[0], phrase, visibility="circle", circle=circle.slug
    )
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    dialog.get_by_role("button", name="Hide from circle").click()

    expect(dialog.locator(".card-hidden")).to_contain_text("Hidden by a moderator")
    expect(dialog.get_by_role("button", name="Unhide")).to_be_focused()
    expect(mark_of(page, annotation)).to_have_class(re.compile(r"\bhl-hidden\b"))
    annotation.refresh_from_db()
    assert annotation.hidden is True

    # carol, a plain member, no longer sees it; bob, its author, sees it marked hidden.
    carol = open_page(outsider)
    carol.goto(chapter_url)
    expect(carol.locator(f"#p-{body[0].ordinal} .t")).to_be_visible()
    expect(mark_of(carol, annotation)).to_have_count(0)
    bob = open_page(member)
    bob.goto(chapter_url)
    expect(mark_of(bob, annotation)).to_have_class(re.compile(r"\bhl-hidden\b"))
    mark_of(bob, annotation).click()
    expect(card(bob).locator(".card-hidden")).to_contain_text("Hidden by a moderator")
    expect(card(bob).get_by_role("button", name="Edit", exact=True)).to_be_enabled()
    bob.wait_for_load_state("networkidle")
    expect(card(bob).get_by_role("button", name="Unhide")).to_have_count(0)

    dialog.get_by_role("button", name="Unhide").click()
    expect(dialog.locator(".card-hidden")).to_be_hidden()
    expect(dialog.get_by_role("button", name="Hide from circle")).to_be_visible()
    expect(mark_of(page, annotation)).not_to_have_class(re.compile(r"\bhl-hidden\b"))
    annotation.refresh_from_db()
    assert annotation.hidden is False
    carol.reload()
    expect(mark_of(carol, annotation)).to_have_text(phrase)


def test_it_lets_a_moderator_hide_a_reply_from_the_circle(
    page: Page, owner, member, outsider, sign_in, open_page, circle, document, body, chapter_url
):
    from annotations.models import Reply
    from annotations.services import reply_create

    invite = circle_services.invite_create(circle=circle, actor=owner)
    circle_services.invite_accept(token=invite.token, user=outsider)
    annotation = annotate(
        document, member, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    reply = reply_create(annotation=annotation, author=member, body="Not only the war.")
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    dialog.get_by_role("button", name="Hide reply from circle").click()

    expect(dialog.locator(".reply.is-hidden")).to_contain_text("Hidden by a moderator")
    expect(dialog.get_by_role("button", name="Unhide reply")).to_be_visible()
    reply.refresh_from_db()
    assert reply.hidden is True
    carol = open_page(outsider)
    carol.goto(chapter_url)
    mark_of(carol, annotation).click()
    expect(card(carol).get_by_text("Loading replies")).to_have_count(0)
    expect(card(carol).locator(".reply")).to_have_count(0)

    dialog.get_by_role("button", name="Unhide reply").click()
    expect(dialog.get_by_role("button", name="Hide reply from circle")).to_be_visible()
    assert Reply.objects.get(pk=reply.pk).hidden is False


def test_it_offers_a_plain_member_no_moderation(
    page: Page, member, sign_in, circle, owner, document, body, chapter_url
):
    annotation = annotate(
        document, owner, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    sign_in(member)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    expect(reaction(card(page), "Agree")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(card(page).get_by_role("button", name="Hide from circle")).to_have_count(0)


def test_it_knows_the_readers_role_from_the_page_without_asking_the_server(
    page: Page, owner, member, sign_in, circle, document, body, chapter_url
):
    annotation = annotate(
        document, member, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    circles_url = reverse("api:circle-list")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()

    expect(card(page).get_by_role("button", name="Hide from circle")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if circles_url in url] == []


def test_it_offers_the_author_of_a_hidden_annotation_to_ask_for_a_review(
    page: Page, owner, member, sign_in, open_page, circle, document, body, chapter_url
):
    annotation = annotate(
        document, member, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    moderation.annotation_hide(annotation=annotation, actor=owner)
    bob = open_page(member)
    bob.goto(chapter_url)
    mark_of(bob, annotation).click()

    hidden = card(bob).locator(".card-hidden")
    expect(hidden).to_contain_text("Hidden by a moderator")
    hidden.get_by_role("button", name="Ask for review").click()
    expect(hidden).to_contain_text("Review requested")
    assert CircleHide.objects.get(annotation=annotation).review_requested is not None
    # A reload still knows: the page data says so.
    bob.reload()
    mark_of(bob, annotation).click()
    expect(card(bob).locator(".card-hidden")).to_contain_text("Review requested")
    expect(card(bob).get_by_role("button", name="Ask for review")).to_have_count(0)

    # alice, who hid it, unhides it instead.
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    expect(card(page).get_by_role("button", name="Unhide")).to_be_visible()
    expect(card(page).get_by_role("button", name="Ask for review")).to_have_count(0)


def test_it_says_why_an_annotation_others_replied_to_cannot_be_made_public(
    page: Page, owner, member, sign_in, circle, document, body, chapter_url
):
    annotation = annotate(
        document, owner, body[1], "A great deal has been written", visibility="circle",
        circle=circle.slug,
    )  # fmt: skip
    services.reply_create(annotation=annotation, author=member, body="For the circle only.")
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    dialog.get_by_role("button", name="Edit", exact=True).click()
    dialog.get_by_label("Everyone").check()
    dialog.get_by_role("button", name="Save").click()

    expect(dialog).to_contain_text("it cannot be shared more widely")
    annotation.refresh_from_db()
    assert (annotation.visibility, annotation.circle_id) == ("circle", circle.pk)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_it_takes_screenshots_of_a_circle_card_with_reactions(
    page: Page,
    owner,
    member,
    sign_in,
    circle,
    document,
    body,
    chapter_url,
    screenshots,
    viewport,
):
    theirs = annotate(
        document,
        member,
        body[0],
        "the urban population hungry and restless",
        color="blue",
        comment="Compare **1918**: the same _hunger_, and the same answer.",
        tags=["nep"],
        visibility="circle",
        circle=circle.slug,
    )
    moderation.reaction_add(annotation=theirs, user=member, kind="agree")
    moderation.reaction_add(annotation=theirs, user=member, kind="question")
    moderation.reaction_add(annotation=theirs, user=owner, kind="agree")
    services.reply_create(annotation=theirs, author=owner, body="And in Petrograd too.")
    rude = services.reply_create(annotation=theirs, author=member, body="Nobody cares.")
    moderation.reply_hide(reply=rude, actor=owner)
    page.set_viewport_size(viewport)
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, theirs).click()
    dialog = card(page)
    expect(dialog.locator(".reply")).to_have_count(2)
    expect(dialog.locator(".reply.is-hidden .card-badge")).to_have_text("Hidden by a moderator")
    expect(reaction(dialog, "Agree")).to_have_attribute("aria-pressed", "true")
    expect(reaction(dialog, "Agree").locator(".reaction-count")).to_have_text("2")
    expect(dialog.get_by_role("button", name="Hide from circle")).to_be_visible()
    box = dialog.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
    for button in dialog.locator(".card-reactions button").all():
        assert button.bounding_box()["x"] + button.bounding_box()["width"] <= viewport["width"]
    page.screenshot(path=screenshots / f"circle-card-{viewport['width']}.png")

    dialog.get_by_role("button", name="Hide from circle").click()
    expect(dialog.locator(".card-hidden")).to_be_visible()
    page.screenshot(path=screenshots / f"circle-card-hidden-{viewport['width']}.png")

    mine = annotate(document, owner, body[1], "A great deal has been written")
    page.reload()
    mark_of(page, mine).click()
    card(page).get_by_role("button", name="Edit", exact=True).click()
    expect(card(page).get_by_label("Only me")).to_be_checked()
    page.screenshot(path=screenshots / f"circle-edit-{viewport['width']}.png")
