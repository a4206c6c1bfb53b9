"""Who hears about a reply, a mention, a new text and a reading-list item."""

import pytest

from annotations import services
from annotations.circles.reading_list import reading_list_add
from annotations.library import library_text_add
from annotations.models import Notification
from annotations.notifications.mentions import mentioned_usernames
from annotations.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
)
from tests.annotations.conftest import ingest_document
from tests.annotations.notifications.conftest import counted, highlight, listed

pytestmark = pytest.mark.django_db


def test_it_tells_the_author_of_a_reply_to_their_annotation(shared, owner, member):
    services.reply_create(annotation=shared, author=member, body="Why a tax?")
    assert listed(owner) == [("reply", "bob")]
    assert listed(member) == []


def test_it_tells_those_who_replied_before_of_a_reply_in_their_thread(
    shared, owner, member, moderator
):
    services.reply_create(annotation=shared, author=member, body="Why a tax?")
    services.reply_create(annotation=shared, author=moderator, body="Grain.")
    assert listed(owner) == [("reply", "dave"), ("reply", "bob")]
    assert listed(member) == [("thread", "dave")]
    assert listed(moderator) == []


def test_it_never_tells_anyone_of_their_own_reply(shared, owner):
    services.reply_create(annotation=shared, author=owner, body="And I add this.")
    assert Notification.objects.count() == 0


def test_a_mention_in_a_reply_is_one_notification_of_the_most_personal_kind(
    shared, owner, member, moderator
):
    services.reply_create(annotation=shared, author=member, body="First.")
    services.reply_create(annotation=shared, author=moderator, body="@alice and @bob, see p. 3")
    assert listed(owner) == [("mention", "dave"), ("reply", "bob")]
    assert listed(member) == [("mention", "dave")]


def test_it_tells_a_circle_member_mentioned_in_a_comment(document, circle, owner, member):
    highlight(document, owner, visibility="circle", circle=circle.slug, comment="@bob look")
    assert listed(member) == [("mention", "alice")]


def test_a_mention_of_someone_outside_the_audience_tells_no_one(
    document, circle, owner, member, outsider
):
    # carol is in no circle of alice's; bob is, but the note is private.
    highlight(document, owner, comment="@carol @bob look")
    assert listed(outsider) == []
    assert listed(member) == []


def test_a_public_note_mentions_only_people_the_writer_shares_a_circle_with(
    document, circle, owner, member, outsider
):
    highlight(document, owner, visibility="public", comment="@carol @bob look")
    assert listed(member) == [("mention", "alice")]
    assert listed(outsider) == []


def test_a_comment_edited_or_shared_later_tells_the_newly_mentioned_once(
    document, circle, owner, member, moderator
):
    note = highlight(document, owner, comment="@bob look")
    assert listed(member) == []
    services.annotation_update(
        annotation=note, actor=owner, visibility="circle", circle=circle.slug
    )
    assert listed(member) == [("mention", "alice")]
    services.annotation_update(annotation=note, actor=owner, comment="@bob and @dave look")
    assert listed(member) == [("mention", "alice")]
    assert listed(moderator) == [("mention", "alice")]


def test_an_edited_reply_tells_only_the_newly_mentioned(shared, owner, member, moderator):
    reply = services.reply_create(annotation=shared, author=member, body="Hm.")
    services.reply_update(reply=reply, actor=member, body="Hm, @dave?")
    services.reply_update(reply=reply, actor=member, body="Hm, @dave? @alice?")
    assert listed(moderator) == [("mention", "bob")]
    assert listed(owner) == [("reply", "bob")]


def test_it_tells_the_other_members_of_a_new_text_in_the_circles_library(
    circle, owner, member, moderator, outsider
):
    text = ingest_document("ours", "Our text")
    library_text_add(document=text, circle=circle, actor=owner)
    assert listed(member) == [("library_text", "alice")]
    assert listed(moderator) == [("library_text", "alice")]
    assert listed(owner) == []
    assert listed(outsider) == []


def test_it_tells_the_other_members_of_a_new_reading_list_item(
    document, circle, owner, member, outsider
):
    reading_list_add(circle=circle, actor=owner, document=document, note="For Tuesday")
    assert listed(member) == [("reading_list", "alice")]
    assert listed(owner) == []
    assert listed(outsider) == []


def test_marking_one_read_lowers_the_count_and_all_read_clears_it(shared, owner, member, moderator):
    services.reply_create(annotation=shared, author=member, body="One")
    services.reply_create(annotation=shared, author=moderator, body="Two")
    assert counted(owner) == 2
    first = Notification.objects.filter(recipient=owner).first()
    notification_mark_read(notification=first, user=owner)
    assert counted(owner) == 1
    assert notifications_mark_all_read(user=owner) == 1
    assert counted(owner) == 0
    assert len(listed(owner)) == 2  # read ones stay in the list


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("@ana and @bob.", ["ana", "bob"]),
        ("mail ana@example.org", []),
        ("@ana @ana", ["ana"]),
        ("(@first.last-1)", ["first.last-1"]),
        ("@", []),
    ],
)
def test_it_finds_mentions_in_text(text, names):
    assert mentioned_usernames(text) == names


def test_the_headers_count_compiled_once_counts_each_readers_own(shared, owner, member, moderator):
    from django.contrib.auth import get_user_model

    from annotations.notifications.queries import unread_count_sql

    services.reply_create(annotation=shared, author=member, body="One")
    services.reply_create(annotation=shared, author=moderator, body="@bob two")
    for reader, expected in ((owner, 2), (member, 1), (moderator, 0)):
        loaded = get_user_model().objects.annotate(n=unread_count_sql(reader.pk)).get(pk=reader.pk)
        assert loaded.n == counted(reader) == expected
