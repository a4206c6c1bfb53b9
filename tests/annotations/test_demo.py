import io
from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotations import demo
from annotations.anchoring import quote_context
from annotations.models import Annotation, Reply, TaggedAnnotation, Visibility
from annotations.queries import annotations_visible_to
from annotations.rendering import render_markdown
from corpus.models import Document, DocumentVersion

READERS = 4
COUNT = 240


@pytest.fixture
def seeded(seeded_corpus, db) -> str:
    """seed_demo run once with small numbers; its output."""
    return seed(users=READERS, annotations=COUNT, seed=1)


def seed(**options) -> str:
    out = io.StringIO()
    arguments = [f"--{name}={value}" for name, value in options.items()]
    call_command("seed_demo", *arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fingerprint(annotations) -> list[tuple]:
    return [
        (
            a.author.username,
            a.version_id,
            a.start,
            a.end,
            a.color,
            a.visibility,
            a.comment,
            tuple(sorted(a.tags.names())),
        )
        for a in annotations
    ]


def test_it_splits_text_into_sentences():
    text = "The NEP began in 1921. Was it a retreat? “Yes,” said Lenin… e.g. the tax in kind."

    spans = [text[a:b] for a, b in demo.sentence_spans(text)]

    assert spans == [
        "The NEP began in 1921.",
        "Was it a retreat?",
        "“Yes,” said Lenin… e.g. the tax in kind.",
    ]


def test_it_finds_clauses_long_enough_to_quote():
    text = (
        "When the civil war ended in 1921, the party turned to the market; the peasants, "
        "who had been requisitioned for years, were allowed to sell."
    )

    clauses = [text[a:b] for a, b in demo.clause_spans(text, 0, len(text))]

    assert clauses == [
        "When the civil war ended in 1921,",
        "the party turned to the market;",
        "who had been requisitioned for years,",
    ]


def test_it_plans_the_same_annotations_for_the_same_seed(seeded_corpus, db):
    texts = demo.load_seed_texts()

    first = demo.plan_annotations(texts, readers=3, count=500, seed=42)
    again = demo.plan_annotations(texts, readers=3, count=500, seed=42)
    other = demo.plan_annotations(texts, readers=3, count=500, seed=43)

    assert first == again
    assert first != other


def test_it_creates_the_same_readers_and_ranges_for_the_same_seed(seeded):
    first = fingerprint(Annotation.objects.order_by("id"))
    Annotation.objects.all().delete()
    seed(users=READERS, annotations=COUNT, seed=1)
    again = fingerprint(Annotation.objects.order_by("id"))

    assert len(first) == len(again) == COUNT
    assert first == again
    assert sorted(get_user_model().objects.values_list("username", flat=True)) == [
        "reader1",
        "reader2",
        "reader3",
        "reader4",
    ]


def test_it_adds_more_annotations_when_run_again_and_reuses_the_readers(seeded):
    users = set(get_user_model().objects.values_list("id", flat=True))

    seed(users=READERS, annotations=10, seed=2)

    assert Annotation.objects.count() == COUNT + 10
    assert set(get_user_model().objects.values_list("id", flat=True)) == users


def test_it_leaves_an_existing_readers_password_alone(seeded_corpus, db):
    get_user_model().objects.create_user("reader1", password="their-own-password")

    seed(users=2, annotations=5, seed=3)

    assert get_user_model().objects.get(username="reader1").check_password("their-own-password")
    assert get_user_model().objects.get(username="reader2").check_password(demo.DEMO_PASSWORD)


def test_it_prints_how_to_sign_in(seeded):
    assert f"Created {COUNT} annotations" in seeded
    assert "(seed 1)" in seeded
    assert "as reader1 … reader4 with the password 'marginalia-demo'" in seeded


def test_every_quote_matches_the_text_with_its_context(seeded):
    texts = dict(DocumentVersion.objects.values_list("id", "text"))

    for annotation in Annotation.objects.all():
        text = texts[annotation.version_id]
        assert text[annotation.start : annotation.end] == annotation.exact
        assert annotation.exact == annotation.exact.strip()
        prefix, suffix = quote_context(text, annotation.start, annotation.end)
        assert (annotation.prefix, annotation.suffix) == (prefix, suffix)
        assert annotation.version_id == annotation.document.current_version_id


def test_highlights_are_shaped_like_sentences(seeded):
    exacts = list(Annotation.objects.values_list("exact", flat=True))

    ends = sum(exact.rstrip("\"'”’)]").endswith((".", "?", "!", "…")) for exact in exacts)
    assert ends / len(exacts) > 0.6
    assert all(len(exact) < 3_000 for exact in exacts)


def test_some_highlights_run_on_into_the_next_paragraph(seeded_corpus, db):
    texts = demo.load_seed_texts()

    plans = demo.plan_annotations(texts, readers=2, count=2_000, seed=5)

    crossing = [p for p in plans if "\n\n" in texts[p.text].text[p.start : p.end]]
    assert 0 < len(crossing) < len(plans) * 0.1


def test_tags_come_from_the_vocabulary(seeded):
    names = set(TaggedAnnotation.objects.values_list("tag__name", flat=True))

    assert names <= set(demo.TAGS)
    assert len(names) > 10
    assert 30 <= len(demo.TAGS) <= 50


def test_comments_are_rendered_and_sanitised(seeded):
    commented = Annotation.objects.exclude(comment="")

    assert commented.exists()
    for annotation in commented:
        assert annotation.comment in demo.COMMENTS
        assert annotation.comment_html == render_markdown(annotation.comment)


def test_it_mixes_private_and_public_annotations_and_colours(seeded):
    public = Annotation.objects.filter(visibility=Visibility.PUBLIC).count()

    assert 0.25 < public / COUNT < 0.55
    assert Annotation.objects.filter(visibility=Visibility.PRIVATE).count() == COUNT - public
    assert Annotation.objects.values("color").distinct().count() >= 4


def test_some_highlights_overlap(seeded):
    by_version = defaultdict(list)
    for annotation in Annotation.objects.order_by("start"):
        by_version[annotation.version_id].append(annotation)

    overlaps = 0
    for annotations in by_version.values():
        for previous, annotation in zip(annotations, annotations[1:], strict=False):
            overlaps += annotation.start < previous.end
    assert overlaps >= 5


def test_replies_are_only_on_annotations_the_replier_may_see(seeded):
    replies = list(Reply.objects.select_related("annotation", "author"))

    assert replies
    for reply in replies:
        assert annotations_visible_to(reply.author).filter(pk=reply.annotation_id).exists()
        assert reply.author_id != reply.annotation.author_id
        assert reply.created > reply.annotation.created
        assert reply.body_html == render_markdown(reply.body)


def test_it_needs_the_seeded_corpus(seeded_corpus, db):
    Document.objects.filter(slug="russia-and-socialism").delete()

    with pytest.raises(CommandError, match=r"not ingested \(missing: russia-and-socialism\)"):
        seed(users=1, annotations=1, seed=1)

    assert not get_user_model().objects.exists()


def test_it_refuses_nonsense_numbers(seeded_corpus, db):
    with pytest.raises(CommandError, match="--users must be at least 1"):
        seed(users=0, annotations=1)


def test_it_can_crowd_one_chapter_on_a_few_popular_passages(seeded_corpus, db):
    book = next(t for t in demo.load_seed_texts() if t.slug == "soviet-socialism-a-history")
    start, end = book.sentences[200][0], book.sentences[600][1]
    chapter = book.restricted_to(start, end)

    plans = demo.plan_annotations(
        [chapter],
        readers=20,
        count=600,
        seed=4,
        popular_passages=10,
        popular_share=0.95,
        public_share=0.8,
    )

    assert all(start <= plan.start < plan.end <= end for plan in plans)
    public = [plan for plan in plans if plan.visibility == Visibility.PUBLIC]
    assert 0.7 < len(public) / len(plans) < 0.9
    # Readers take the same passage each their own way: most of it, most of the time.
    passages = Counter(plan.start for plan in plans).most_common(10)
    assert sum(count for _, count in passages) > 0.8 * len(plans)
    assert len({plan.author for plan in plans}) == 20


def test_a_crowd_is_the_same_for_the_same_seed(seeded_corpus, db):
    texts = demo.load_seed_texts()
    options = {"readers": 5, "count": 200, "popular_passages": 3, "popular_share": 0.9}

    assert demo.plan_annotations(texts, seed=8, **options) == demo.plan_annotations(
        texts, seed=8, **options
    )
