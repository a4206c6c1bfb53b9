"""Events after a notification was made move what its recipient's list and count show:
nobody keeps hearing about what they may no longer see, and it comes back when they may
see it again."""

import pytest

from annotations import moderation, services
from annotations.circles.reading_list import reading_list_add, reading_list_remove
from annotations.circles.services import member_remove
from annotations.library import library_text_add, library_text_remove
from tests.annotations.conftest import ingest_document
from tests.annotations.notifications.conftest import counted, highlight, listed

pytestmark = pytest.mark.django_db


@pytest.fixture
def bobs_note(document, circle, member):
    return highlight(document, member, visibility="circle", circle=circle.slug)


@pytest.fixture
def thread(bobs_note, owner, moderator, member):
    """alice replies on bob's note mentioning dave: bob hears of a reply, dave of a mention."""
    reply = services.reply_create(annotation=bobs_note, author=owner, body="@dave, this one")
    assert listed(member) == [("reply", "alice")]
    assert listed(moderator) == [("mention", "alice")]
    return reply


def test_unsharing_the_annotation_takes_its_thread_out_of_the_others_lists(
    thread, bobs_note, member, moderator
):
    services.annotation_update(annotation=bobs_note, actor=member, visibility="private")
    assert listed(moderator) == []
    assert counted(moderator) == 0
    # bob's note is still his to read, with the replies on it.
    assert listed(member) == [("reply", "alice")]


def test_a_reply_hidden_by_a_moderator_leaves_plain_members_lists(thread, member, moderator):
    moderation.reply_hide(reply=thread, actor=moderator)
    assert listed(member) == []
    assert listed(moderator) == [("mention", "alice")]  # moderators see what is hidden
    moderation.reply_unhide(reply=thread, actor=moderator)
    assert listed(member) == [("reply", "alice")]


def test_a_hidden_annotation_takes_its_mention_out_of_a_plain_members_list(
    document, circle, owner, member, moderator
):
    note = highlight(document, moderator, visibility="circle", circle=circle.slug, comment="@bob")
    assert listed(member) == [("mention", "dave")]
    moderation.annotation_hide(annotation=note, actor=owner)
    assert listed(member) == []
    assert counted(member) == 0


def test_deleting_the_reply_or_the_annotation_deletes_what_was_said_of_it(
    thread, bobs_note, owner, member, moderator
):
    services.reply_delete(reply=thread, actor=owner)
    assert listed(member) == []
    assert listed(moderator) == []
    services.reply_create(annotation=bobs_note, author=owner, body="Again, @dave")
    services.annotation_delete(annotation=bobs_note, actor=member)
    assert listed(member) == []
    assert listed(moderator) == []


def test_leaving_the_circle_ends_every_notification_from_it(
    thread, document, circle, owner, member, moderator
):
    text = ingest_document("ours", "Our text")
    library_text_add(document=text, circle=circle, actor=owner)
    reading_list_add(circle=circle, actor=owner, document=document)
    assert len(listed(moderator)) == 3
    assert counted(moderator) == 3
    member_remove(circle=circle, actor=moderator, user=moderator)
    assert listed(moderator) == []
    assert counted(moderator) == 0


def test_a_removed_text_and_reading_list_item_leave_the_lists(document, circle, owner, member):
    text = ingest_document("ours", "Our text")
    library_text_add(document=text, circle=circle, actor=owner)
    entry = reading_list_add(circle=circle, actor=owner, document=document)
    assert listed(member) == [("reading_list", "alice"), ("library_text", "alice")]
    reading_list_remove(entry=entry, actor=owner)
    library_text_remove(document=text, actor=owner)
    assert listed(member) == []
