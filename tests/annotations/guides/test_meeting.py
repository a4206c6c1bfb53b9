"""Guides for a meeting: each passage in its sentence(s), open questions, and limits to
the circle's reading list or to dates, as each reader of the matrix may see them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from annotations import moderation
from annotations.circles.reading_list import reading_list_add
from annotations.circles.services import member_remove
from annotations.guides.guide import LimitError, guide
from annotations.guides.limits import GuideLimits
from annotations.models import Annotation
from annotations.services import annotation_update, reply_create
from corpus.ingest.blocks import Block
from corpus.models import Section
from tests.annotations.conftest import highlight, ingest_document
from tests.annotations.guides.helpers import shared
from tests.reader.conftest import ingest_book

pytestmark = pytest.mark.django_db

SCOPE = "circle:study-group"
BLOCKS = [
    Block("heading", "War Communism", level=1),
    Block(
        "body",
        "Mr. Lenin spoke first. The U.S.S.R. replaced requisitioning with a tax in kind in "
        "1921. Peasants sold what was left.",
    ),
    Block("body", "Trade returned. It grew fast."),
]


@pytest.fixture
def essay(db):
    return ingest_document("war", "War Communism", BLOCKS)


def in_context(found) -> list[tuple[str, str, str]]:
    return [
        (p.before, p.text, p.after) for d in found.documents for s in d.sections for p in s.passages
    ]


def questions(found) -> list[str]:
    return [q.annotation.exact for q in found.open_questions]


# Sentences


def test_it_shows_each_passage_inside_its_sentence(essay, circle, member):
    shared(essay, member, "tax in kind")

    assert in_context(guide(member, SCOPE, "nep")) == [
        ("The U.S.S.R. replaced requisitioning with a ", "tax in kind", " in 1921.")
    ]


def test_it_shows_every_sentence_a_passage_spans(essay, circle, member):
    shared(essay, member, "spoke first. The U.S.S.R.")

    assert in_context(guide(member, SCOPE, "nep")) == [
        (
            "Mr. Lenin ",
            "spoke first. The U.S.S.R.",
            " replaced requisitioning with a tax in kind in 1921.",
        )
    ]


def test_it_shows_the_sentences_around_a_passage_across_paragraphs(essay, circle, member):
    shared(essay, member, "what was left.\n\nTrade")

    assert in_context(guide(member, SCOPE, "nep")) == [
        ("Peasants sold ", "what was left.\n\nTrade", " returned.")
    ]


def test_it_reads_every_passages_sentences_in_one_query(
    essay, circle, member, django_assert_num_queries
):
    shared(essay, member, "tax in kind")
    with django_assert_num_queries(12) as one:
        guide(member, SCOPE, "nep")
    shared(essay, member, "Mr. Lenin")
    shared(essay, member, "It grew")
    with django_assert_num_queries(len(one.captured_queries)):
        found = guide(member, SCOPE, "nep")

    assert [after for _before, _text, after in in_context(found)] == [
        " spoke first.",
        " in 1921.",
        " fast.",
    ]


# Open questions


@pytest.fixture
def asked(essay, circle, owner, moderator, member):
    """Questions by reaction and by tag; one answered; one private."""
    reacted = shared(essay, member, "tax in kind")
    moderation.reaction_add(annotation=reacted, user=owner, kind="question")
    shared(essay, member, "Trade returned", tags=["nep", "?"], comment="Why *then*?")
    answered = shared(essay, moderator, "It grew fast", tags=["nep", "Questions"])
    reply_create(annotation=answered, author=owner, body="Because of the NEP.")
    highlight(essay, member, "Peasants sold", tags=["nep", "question"], visibility="private")
    shared(essay, owner, "Mr. Lenin", tags=["nep", "questioning"])  # not a question tag
    return reacted


@pytest.mark.parametrize("reader", ["owner", "moderator", "member"])
def test_it_lists_the_unanswered_questions_the_circle_may_see(asked, reader, request):
    found = guide(request.getfixturevalue(reader), SCOPE, "nep")

    assert questions(found) == ["tax in kind", "Trade returned"]
    assert found.open_questions[1].annotation.comment_html == "<p>Why <em>then</em>?</p>"


@pytest.mark.parametrize("reader", ["outsider", "anonymous"])
def test_it_shows_no_questions_outside_the_circle(asked, reader, request):
    user = AnonymousUser() if reader == "anonymous" else request.getfixturevalue(reader)

    with pytest.raises(Http404):
        guide(user, SCOPE, "nep")


def test_it_lists_a_readers_own_private_question_in_their_own_guide_only(asked, member, owner):
    assert questions(guide(member, "me", "nep")) == [
        "tax in kind",
        "Peasants sold",
        "Trade returned",
    ]
    assert questions(guide(owner, "me", "nep")) == []


def test_a_reply_closes_a_question(asked, owner, member):
    reply_create(annotation=asked, author=owner, body="A tax paid in grain.")

    assert questions(guide(member, SCOPE, "nep")) == ["Trade returned"]


def test_a_question_made_private_leaves_the_circles_guide(asked, owner, member):
    trade = Annotation.objects.get(exact="Trade returned")
    annotation_update(annotation=trade, actor=member, visibility="private")

    assert questions(guide(owner, SCOPE, "nep")) == ["tax in kind"]


def test_a_member_who_leaves_sees_no_questions(asked, member, circle):
    member_remove(circle=circle, actor=member, user=member)

    with pytest.raises(Http404):
        guide(member, SCOPE, "nep")


# Limits: dates


def made_on(annotation, when: datetime.datetime) -> None:
    Annotation.objects.filter(pk=annotation.pk).update(created=when)


def test_it_limits_a_guide_to_the_days_annotations_were_made(essay, circle, member):
    utc = datetime.UTC
    for quote, when in [
        ("Mr. Lenin", datetime.datetime(2026, 11, 9, 23, 59, tzinfo=utc)),
        ("tax in kind", datetime.datetime(2026, 11, 10, 0, 0, tzinfo=utc)),
        ("Peasants sold", datetime.datetime(2026, 11, 20, 23, 59, tzinfo=utc)),
        ("Trade returned", datetime.datetime(2026, 11, 21, 0, 0, tzinfo=utc)),
    ]:
        made_on(shared(essay, member, quote), when)
    limits = GuideLimits(since=datetime.date(2026, 11, 10), until=datetime.date(2026, 11, 20))

    found = guide(member, SCOPE, "nep", limits)

    assert [text for _b, text, _a in in_context(found)] == ["tax in kind", "Peasants sold"]
    assert found.passage_count == 2
    since_only = guide(member, SCOPE, "nep", GuideLimits(since=datetime.date(2026, 11, 21)))
    assert [text for _b, text, _a in in_context(since_only)] == ["Trade returned"]


def test_limits_that_leave_nothing_give_an_empty_guide_not_a_404(essay, circle, member):
    made_on(
        shared(essay, member, "tax in kind"), datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    found = guide(member, SCOPE, "nep", GuideLimits(since=datetime.date(2026, 6, 1)))

    assert (found.passage_count, found.documents, found.open_questions) == (0, [], [])
    with pytest.raises(Http404):
        guide(member, SCOPE, "no-such-topic", GuideLimits(since=datetime.date(2026, 6, 1)))


def test_the_dates_never_widen_what_a_reader_may_see(essay, circle, member, outsider):
    shared(essay, member, "tax in kind")
    highlight(essay, member, "Mr. Lenin", tags=["nep"], visibility="private")
    limits = GuideLimits(since=datetime.date(2000, 1, 1))

    assert [t for _b, t, _a in in_context(guide(member, SCOPE, "nep", limits))] == ["tax in kind"]
    with pytest.raises(Http404):
        guide(outsider, SCOPE, "nep", limits)


# Limits: the reading list


@pytest.fixture
def book(db):
    return ingest_book()


def section_order(document, title: str) -> int:
    return Section.objects.get(version=document.current_version, title=title).order


def test_it_limits_a_guide_to_the_reading_list_with_each_sections_sub_sections(
    essay, book, circle, owner, member
):
    for quote in (
        "Why this book",
        "First paragraph",
        "A quotation set apart",
        "Chapter two begins",
    ):
        shared(book, member, quote)
    shared(essay, member, "tax in kind")
    other = ingest_document("other", "Not on the list")
    shared(other, member, "tax in kind")
    reading_list_add(
        circle=circle,
        actor=owner,
        document=book,
        section_order=section_order(book, "Chapter One: Origins"),
    )
    reading_list_add(circle=circle, actor=owner, document=essay)

    found = guide(member, SCOPE, "nep", GuideLimits(reading_list=True))

    assert [
        (d.title, [p.text for s in d.sections for p in s.passages]) for d in found.documents
    ] == [
        ("A Book", ["First paragraph", "A quotation set apart"]),
        ("War Communism", ["tax in kind"]),
    ]


def test_an_empty_reading_list_leaves_an_empty_guide(essay, circle, member):
    shared(essay, member, "tax in kind")

    assert guide(member, SCOPE, "nep", GuideLimits(reading_list=True)).passage_count == 0


@pytest.mark.parametrize("scope", ["me", "public"])
def test_only_a_circles_guide_has_a_reading_list(essay, member, scope):
    highlight(essay, member, "tax in kind", tags=["nep"], visibility="public")

    with pytest.raises(LimitError, match="^reading_list: "):
        guide(member, scope, "nep", GuideLimits(reading_list=True))


def test_a_page_lists_the_whole_topics_open_questions(asked, member, monkeypatch):
    """Replies are read for the passages a page lays out and those asking: an open
    question on a later page is still listed on the first; an answered one is not."""
    from annotations.guides import guide as guide_module

    monkeypatch.setattr(guide_module, "PASSAGES_PER_PAGE", 1)
    found = guide(member, SCOPE, "nep", page=1)

    assert found.page_count == 4
    assert [p.text for d in found.documents for s in d.sections for p in s.passages] == [
        "Mr. Lenin"
    ]
    assert questions(found) == ["tax in kind", "Trade returned"]


def test_in_a_topic_named_as_a_question_every_unanswered_note_is_open(essay, circle, owner, member):
    shared(essay, member, "tax in kind", tags=["Question"])
    answered = shared(essay, member, "Trade returned", tags=["question"])
    reply_create(annotation=answered, author=owner, body="In 1921.")

    found = guide(member, SCOPE, "question")

    assert questions(found) == ["tax in kind"]
    assert [a.tags for q in found.open_questions for a in [q.annotation]] == [["Question"]]


def test_it_names_the_topic_as_most_of_its_notes_write_it(essay, circle, member):
    shared(essay, member, "tax in kind", tags=["NEP", "grain"])
    shared(essay, member, "Trade returned", tags=["NEP"])
    shared(essay, member, "Mr. Lenin", tags=["nep"])

    found = guide(member, SCOPE, "nep")

    assert found.name == "NEP"
    assert found.related == [("grain", 1)]
