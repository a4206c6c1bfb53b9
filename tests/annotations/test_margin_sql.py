"""The margin's query is compiled once per shape of reading, with stand-ins for the
reader, the version and the range (annotations/margin.py, ``_drawn_sql``): the rows must
be those Django's own build of the query gives, for every reader, layer and member."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from annotations.circles.services import member_remove
from annotations.margin import _drawn, _drawn_rows, _Reading, margin_for_range
from annotations.models import Anchor, Annotation, Reply
from annotations.moderation import annotation_hide, reply_hide
from annotations.permissions import reply_filter
from annotations.queries import annotations_visible_to
from annotations.services import reply_create
from tests.annotations.conftest import highlight

LAYERS = [
    [],
    ["all"],
    ["mine"],
    ["public"],
    ["circle:study-group"],
    ["circle:elsewhere"],
    ["mine", "public"],
    ["mine", "circle:study-group"],
    ["bogus"],
]


@pytest.fixture
def crowded(document, owner, member, moderator, outsider, circle):
    """Every kind of annotation over the document's first paragraph and quote."""
    made = [
        highlight(document, owner, tags=["nep"]),
        highlight(document, owner, "tax in kind", visibility="public", comment="Why?"),
        highlight(document, owner, "peasants", visibility="circle", circle=circle.slug),
        highlight(document, member, "market", visibility="public", tags=["trade", "nep"]),
        highlight(document, member, "requisitioning", visibility="circle", circle=circle.slug),
        highlight(
            document, moderator, "We are retreating", visibility="circle", circle="study-group"
        ),
        highlight(document, outsider, "bigger leap", visibility="public"),
        highlight(document, outsider, "going back"),
    ]
    annotation_hide(annotation=made[4], actor=moderator)
    reply_create(annotation=made[3], author=owner, body="Indeed.")
    Annotation.objects.filter(pk=made[6].pk).update(anchor=Anchor.ORPHANED)
    return made


@pytest.mark.parametrize("who", ["anonymous", "owner", "member", "moderator", "outsider"])
def test_the_compiled_query_reads_what_djangos_own_build_reads(crowded, document, request, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    version = document.current_version
    drawn = 0
    for layers, member, aggregate, (start, end) in itertools.product(
        LAYERS, [None, "bob", "nobody"], [True, False], [(0, len(version.text)), (20, 60)]
    ):
        reading = _Reading(version.pk, start, end, tuple(layers), member, aggregate)
        expected = sorted(_drawn(user, reading))
        assert sorted(_drawn_rows(user, reading)) == expected, reading
        drawn += len(expected)
    assert drawn > 0


@pytest.fixture
def replied(document, owner, member, moderator, outsider, circle):
    """Replies of every kind a reader may or may not see: on public, circle and hidden
    annotations, one hidden by a moderator, and on a member's circle highlight after the
    member left the circle (theirs still, its replies no longer theirs to read)."""
    public = highlight(document, owner, "tax in kind", visibility="public")
    shared = highlight(document, owner, "peasants", visibility="circle", circle=circle.slug)
    hidden = highlight(document, moderator, "market", visibility="circle", circle=circle.slug)
    left = highlight(document, member, "requisitioning", visibility="circle", circle=circle.slug)
    for annotation in (public, shared, left):
        for author in (owner, member, moderator):
            reply_create(annotation=annotation, author=author, body=f"From {author}.")
    reply_create(annotation=public, author=outsider, body="From outside.")
    reply_hide(reply=shared.replies.get(author=member), actor=moderator)
    reply_create(annotation=hidden, author=moderator, body="Before it was hidden.")
    annotation_hide(annotation=hidden, actor=owner)
    member_remove(circle=circle, actor=member, user=member)
    return [public, shared, hidden, left]


@pytest.mark.parametrize("who", ["anonymous", "owner", "member", "moderator", "outsider"])
def test_each_highlight_counts_the_replies_its_reader_may_see(replied, document, request, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    version = document.current_version
    counts = {
        h.id: h.reply_count
        for h in margin_for_range(
            user, version_id=version.pk, start=0, end=len(version.text), layer="all"
        ).highlights
    }
    expected = {
        a.pk: Reply.objects.filter(reply_filter(user), annotation=a).count()
        for a in annotations_visible_to(user).filter(pk__in=[a.pk for a in replied])
    }
    assert counts == expected
    # The scenario holds what it should: someone sees a hidden reply, someone does not.
    assert sum(expected.values()) > 0
