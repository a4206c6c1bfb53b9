"""Threads: replies to replies. The pure thread order (annotations/threads.py), and the
services that write a thread (reply_create with a parent, reply_delete keeping the
replies under it)."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied

from annotations import services
from annotations.circles.services import member_remove
from annotations.errors import AnnotationError
from annotations.models import Reply
from annotations.moderation import reply_hide
from annotations.threads import MAX_DEPTH, thread_order
from tests.annotations.conftest import highlight


@dataclass
class R:
    id: int
    parent_id: int | None
    created: int
    author: str = "x"


def shape(replies) -> list[tuple[int, int, str | None]]:
    return [(e.reply.id, e.depth, e.in_reply_to) for e in thread_order(replies)]


# The pure order


def test_it_puts_each_reply_after_the_one_it_answers_siblings_oldest_first():
    replies = [R(1, None, 1), R(2, None, 2), R(3, 1, 3), R(4, 3, 4), R(5, 1, 5)]

    assert shape(replies) == [(1, 0, None), (3, 1, None), (4, 2, None), (5, 1, None), (2, 0, None)]


def test_it_indents_to_three_levels_then_shows_flat_with_whom_it_answers():
    chain = [R(i, i - 1 if i > 1 else None, i, author=f"u{i}") for i in range(1, 7)]

    assert MAX_DEPTH == 3
    assert shape(chain) == [
        (1, 0, None),
        (2, 1, None),
        (3, 2, None),
        (4, 3, None),
        (5, 3, "u4"),
        (6, 3, "u5"),
    ]


def test_it_shows_a_reply_whose_parent_is_not_in_the_list_as_a_reply_to_the_annotation():
    # The parent (9) was hidden from this reader: its answer is still shown.
    assert shape([R(1, None, 1), R(2, 9, 2)]) == [(1, 0, None), (2, 0, None)]


def test_it_orders_by_time_not_by_the_lists_order():
    assert shape([R(3, 1, 3), R(2, None, 2), R(1, None, 1)]) == [
        (1, 0, None),
        (3, 1, None),
        (2, 0, None),
    ]


def test_it_keeps_every_reply_of_a_cycle_the_services_never_make():
    assert sorted(e.reply.id for e in thread_order([R(1, 2, 1), R(2, 1, 2)])) == [1, 2]


def test_it_follows_a_chain_deeper_than_the_python_stack():
    chain = [R(i, i - 1 if i else None, i) for i in range(5000)]

    assert [e.reply.id for e in thread_order(chain)] == list(range(5000))


# The services


@pytest.fixture
def public(document, owner):
    return highlight(document, owner, visibility="public")


def test_it_creates_a_reply_to_a_reply(public, owner, outsider):
    first = services.reply_create(annotation=public, author=outsider, body="Why?")

    answer = services.reply_create(annotation=public, author=owner, body="Because.", parent=first)

    assert Reply.objects.get(pk=answer.pk).parent_id == first.pk
    # By id too, as the API passes it.
    again = services.reply_create(annotation=public, author=outsider, body="Ok", parent=answer.pk)
    assert again.parent == answer


def test_it_refuses_a_parent_on_another_annotation(document, public, owner):
    other = highlight(document, owner, "peasants", visibility="public")
    elsewhere = services.reply_create(annotation=other, author=owner, body="There")

    with pytest.raises(AnnotationError) as refused:
        services.reply_create(annotation=public, author=owner, body="x", parent=elsewhere.pk)

    assert refused.value.field == "parent"
    assert Reply.objects.count() == 1


@pytest.mark.parametrize("parent", [10**9, "1", True, 1.0])
def test_it_refuses_a_parent_that_is_not_a_reply_id(public, owner, parent):
    with pytest.raises(AnnotationError) as refused:
        services.reply_create(annotation=public, author=owner, body="x", parent=parent)

    assert refused.value.field == "parent"
    assert not Reply.objects.exists()


def test_it_refuses_a_parent_hidden_from_the_replier(document, circle, owner, member, moderator):
    shared = highlight(document, owner, visibility="circle", circle=circle.slug)
    hidden = services.reply_create(annotation=shared, author=moderator, body="Off topic")
    reply_hide(reply=hidden, actor=owner)

    with pytest.raises(AnnotationError) as refused:
        services.reply_create(annotation=shared, author=member, body="x", parent=hidden.pk)
    assert refused.value.field == "parent"
    # A moderator still sees it and may answer it.
    answer = services.reply_create(annotation=shared, author=owner, body="Why?", parent=hidden)
    assert answer.parent_id == hidden.pk


def test_it_keeps_the_replies_under_a_deleted_reply_in_the_thread(public, owner, outsider):
    first = services.reply_create(annotation=public, author=outsider, body="1")
    middle = services.reply_create(annotation=public, author=owner, body="2", parent=first)
    under = services.reply_create(annotation=public, author=outsider, body="3", parent=middle)

    services.reply_delete(reply=middle, actor=owner)

    under.refresh_from_db()
    assert under.parent_id == first.pk
    services.reply_delete(reply=first, actor=outsider)
    under.refresh_from_db()
    assert under.parent_id is None
    assert list(Reply.objects.values_list("body", flat=True)) == ["3"]


def test_a_former_member_can_no_longer_answer_a_reply(document, circle, owner, member):
    shared = highlight(document, owner, visibility="circle", circle=circle.slug)
    first = services.reply_create(annotation=shared, author=owner, body="Thoughts?")
    member_remove(circle=circle, actor=member, user=member)

    with pytest.raises(PermissionDenied):
        services.reply_create(annotation=shared, author=member, body="x", parent=first)
