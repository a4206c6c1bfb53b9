"""Which annotations enter a guide, and how its passages are counted."""

import pytest
from django.http import Http404

from annotations import moderation, services
from annotations.circles import services as circle_services
from annotations.guides.guide import guide
from annotations.guides.queries import topics
from annotations.models import Membership
from tests.annotations.conftest import highlight
from tests.annotations.guides.helpers import shared

pytestmark = pytest.mark.django_db

QUOTE = "tax in kind"


def ids_in(found):
    return sorted(
        a.id for d in found.documents for s in d.sections for p in s.passages for a in p.annotations
    )


def test_it_keeps_private_and_other_circles_annotations_out_of_a_circle_guide(
    document, circle, owner, member, moderator, outsider
):
    assert circle.slug == "study-group"
    kept = shared(document, member)
    highlight(document, member, QUOTE, tags=["nep"], visibility="private")
    highlight(document, member, QUOTE, tags=["nep"], visibility="public")
    hidden = shared(document, owner, "the market")
    moderation.annotation_hide(annotation=hidden, actor=moderator)
    other = circle_services.circle_create(owner=outsider, name="Other circle")
    Membership.objects.create(circle=other, user=member)
    highlight(document, member, QUOTE, tags=["nep"], visibility="circle", circle=other.slug)
    highlight(document, outsider, QUOTE, tags=["nep"], visibility="public")

    # The hidden one shows, marked, to those who may see it (as in the circle's export).
    for reader in (owner, moderator):
        found = guide(reader, "circle:study-group", "nep")
        assert ids_in(found) == sorted([kept.id, hidden.id])
        marked = {
            a.id: a.hidden
            for d in found.documents
            for s in d.sections
            for p in s.passages
            for a in p.annotations
        }
        assert marked == {kept.id: False, hidden.id: True}
    assert ids_in(guide(member, "circle:study-group", "nep")) == [kept.id]


def test_it_answers_404_for_a_circle_the_reader_is_not_in(document, circle, member, outsider):
    shared(document, member)
    with pytest.raises(Http404):
        guide(outsider, "circle:study-group", "nep")
    with pytest.raises(Http404):
        topics(outsider, "circle:study-group")
    with pytest.raises(Http404):
        topics(outsider, "circle:no-such-circle")


def test_it_answers_404_for_an_unknown_scope_and_for_me_when_anonymous(document):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        topics(AnonymousUser(), "me")
    with pytest.raises(Http404):
        topics(AnonymousUser(), "everything")


def test_it_holds_only_the_readers_own_annotations_in_me(document, owner, member):
    mine = highlight(document, owner, QUOTE, tags=["nep"])
    highlight(document, member, QUOTE, tags=["nep"], visibility="public")
    assert ids_in(guide(owner, "me", "nep")) == [mine.id]


def test_it_holds_only_public_annotations_in_public(document, circle, owner, member):
    public = highlight(document, owner, QUOTE, tags=["nep"], visibility="public")
    highlight(document, owner, QUOTE, tags=["nep"])
    shared(document, member)
    assert ids_in(guide(member, "public", "nep")) == [public.id]


def test_it_counts_distinct_members_and_merges_their_highlights(document, circle, owner, member):
    shared(document, member, "a tax in kind")
    shared(document, member, "tax in kind, and")
    shared(document, owner, "tax in kind")
    found = guide(owner, "circle:study-group", "NEP")
    [passage] = [p for d in found.documents for s in d.sections for p in s.passages]
    assert passage.text == "a tax in kind, and"
    assert passage.members == ["alice", "bob"]
    assert [(text, level) for text, level in passage.runs] == [
        ("a ", 1),
        ("tax in kind", 2),
        (", and", 1),
    ]
    assert passage.ordinal == 2


def test_it_gives_a_topics_counts(document, circle, owner, member):
    shared(document, member, tags=["nep", "tax"])
    shared(document, owner, tags=["nep"])
    shared(document, owner, "Private trade", tags=["NEP"])
    index = topics(member, "circle:study-group")
    counts = {t.key: (t.passages, t.members, t.documents) for t in index.topics}
    assert counts == {"nep": (2, 2, 1), "tax": (1, 1, 1)}
    assert [d["slug"] for d in index.documents] == ["nep"]


def test_it_finds_related_topics_and_key_passages(document, circle, owner, member, moderator):
    shared(document, member, tags=["nep", "tax"])
    shared(document, owner, tags=["nep", "Tax"])
    shared(document, moderator, "Private trade", tags=["nep", "trade"])
    found = guide(owner, "circle:study-group", "nep")
    assert found.related == [("tax", 1), ("trade", 1)]
    assert [p.text for p in found.key_passages] == ["tax in kind", "Private trade"]


def test_it_sums_reactions_and_gathers_replies(document, circle, owner, member, moderator):
    annotation = shared(document, member, comment="Key *idea*")
    moderation.reaction_add(annotation=annotation, user=owner, kind="agree")
    moderation.reaction_add(annotation=annotation, user=moderator, kind="question")
    services.reply_create(annotation=annotation, author=owner, body="Yes.")
    hidden = services.reply_create(annotation=annotation, author=owner, body="Rude.")
    moderation.reply_hide(reply=hidden, actor=moderator)
    found = guide(member, "circle:study-group", "nep")
    passage = found.documents[0].sections[0].passages[0]
    assert passage.reactions == {"agree": 1, "disagree": 0, "question": 1}
    assert [r.body for r in passage.annotations[0].replies] == ["Yes."]
    assert passage.annotations[0].comment_html == "<p>Key <em>idea</em></p>"


def test_it_answers_404_for_a_topic_with_no_passages(document, owner):
    with pytest.raises(Http404):
        guide(owner, "me", "nothing")
