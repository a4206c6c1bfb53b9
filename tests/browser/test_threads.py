"""Threads in the annotation card: replying to a reply, the answer indented under it,
and deeper than three levels shown flat with whom it answers."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations import services
from annotations.models import Reply
from tests.browser.conftest import PHONE
from tests.browser.test_annotating import annotate, card
from tests.browser.test_circles import mark_of

pytestmark = pytest.mark.usefixtures("no_position_reports")


def test_it_replies_to_a_reply_in_the_card(
    page: Page,
    owner,
    member,
    sign_in,
    circle,
    document,
    body,
    chapter_url,
):
    annotation = annotate(
        document, owner, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    question = services.reply_create(annotation=annotation, author=member, body="Which war?")
    later = services.reply_create(annotation=annotation, author=member, body="Also: *dates*")
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    expect(dialog.locator(".reply")).to_have_count(2)

    dialog.get_by_role("button", name="Reply to bob’s reply").first.click()
    dialog.get_by_label("Your reply to bob’s reply").fill("The *Russian* one.")
    dialog.locator(".reply-answer-form").get_by_role("button", name="Reply", exact=True).click()

    # The answer sits under the question, indented, before bob's later reply.
    replies = dialog.locator(".reply")
    expect(replies).to_have_count(3)
    expect(replies.nth(1)).to_have_class("reply reply-depth-1")
    expect(replies.nth(1).locator(".reply-body em")).to_have_text("Russian")
    expect(replies.nth(1).locator(".reply-meta .visually-hidden")).to_have_text(", in reply to bob")
    expect(replies.nth(2).locator(".reply-body em")).to_have_text("dates")
    expect(dialog.locator(".reply-answer-form")).to_have_count(0)
    # The highlight's name counts the answer too.
    expect(mark_of(page, annotation)).to_have_attribute("aria-label", re.compile("3 comments"))
    answer = Reply.objects.get(body="The *Russian* one.")
    assert (answer.parent_id, answer.author_id) == (question.pk, owner.pk)
    assert later.parent_id is None
    page.screenshot(path="/tmp/shots-threads/card-thread-desktop.png")

    # Reloaded, the server's order is the same.
    page.reload()
    mark_of(page, annotation).click()
    expect(card(page).locator(".reply")).to_have_count(3)
    expect(card(page).locator(".reply").nth(1)).to_contain_text("The Russian one.")
    expect(card(page).locator(".reply").nth(1)).to_have_class("reply reply-depth-1")


def test_it_shows_a_deep_thread_flat_with_whom_each_reply_answers(
    page: Page,
    owner,
    member,
    sign_in,
    circle,
    document,
    body,
    chapter_url,
):
    annotation = annotate(
        document, owner, body[0], "the civil war", visibility="circle", circle=circle.slug
    )
    parent = None
    for i in range(4):
        parent = services.reply_create(
            annotation=annotation,
            author=member if i % 2 else owner,
            body=f"Point {i}",
            parent=parent,
        )
    page.set_viewport_size(PHONE)
    sign_in(owner)
    page.goto(chapter_url)
    mark_of(page, annotation).click()
    dialog = card(page)
    expect(dialog.locator(".reply")).to_have_count(4)

    # Answering the deepest reply: shown at the deepest indent, naming bob.
    dialog.get_by_role("button", name="Reply to bob’s reply").last.click()
    dialog.get_by_label("Your reply to bob’s reply").fill("Deeper still")
    dialog.locator(".reply-answer-form").get_by_role("button", name="Reply", exact=True).click()

    last = dialog.locator(".reply").nth(4)
    expect(last).to_contain_text("Deeper still")
    expect(last).to_have_class("reply reply-depth-3")
    expect(last.locator(".reply-to")).to_have_text("in reply to @bob")
    expect(last.get_by_role("button", name="Reply to your reply")).to_be_focused()
    page.screenshot(path="/tmp/shots-threads/card-thread-phone.png")


def test_an_activity_link_opens_the_highlight_with_its_thread(
    page: Page, owner, member, sign_in, circle, document, body
):
    words = body[1].text.split()[3:6]
    annotation = annotate(
        document, member, body[1], " ".join(words), visibility="circle", circle=circle.slug
    )
    question = services.reply_create(annotation=annotation, author=member, body="Thoughts?")
    services.reply_create(annotation=annotation, author=owner, body="Agreed", parent=question)
    sign_in(owner)
    page.goto(f"/circles/{circle.slug}/")

    page.locator(".activity-item").first.get_by_role("link").click()

    expect(page).to_have_url(re.compile(rf"#annotation-{annotation.pk}$"))
    dialog = card(page)
    expect(dialog).to_be_visible()
    expect(dialog.locator(".reply")).to_have_count(2)
    expect(dialog.locator(".reply").nth(1)).to_have_class("reply reply-depth-1")
    expect(mark_of(page, annotation)).to_be_focused()
    page.screenshot(path="/tmp/shots-threads/activity-link-opens-card.png")
