"""The margin's query is compiled once per shape of reading, with stand-ins for the
reader, the version and the range (annotations/margin.py, ``_drawn_sql``): the rows must
be those Django's own build of the query gives, for every reader, layer and member."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from annotations.margin import _drawn, _drawn_rows, _Reading
from annotations.models import Anchor, Annotation
from annotations.moderation import annotation_hide
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
