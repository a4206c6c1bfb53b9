"""The compare page: two versions of a document side by side."""

import pytest
from django.urls import reverse

from annotations.models import Visibility
from corpus.compare import EDITED
from tests.essays import annotate_words, ingest_essay

PLAN = "The plan was adopted by the congress in the spring of that year."
WAR = "The civil war lasted three years and cost millions of lives."
NEP = "The new economic policy brought back markets for grain and goods."
PARTY = "Factions inside the party were banned at the tenth congress."
FAMINE = "Collectivisation led to a famine in which millions of peasants died."
PURGES = "The purges of the late thirties destroyed the old party."


def compare_url(a=1, b=2, slug="essay"):
    return reverse("reader:compare", args=[slug, a, b])


def rows(response):
    """(kind, old ordinals, new ordinals, partner) of every row, collapsed or not."""
    return [
        (
            row.kind,
            [paragraph.ordinal for paragraph in row.old],
            [paragraph.ordinal for paragraph in row.new],
            row.partner,
        )
        for block in response.context["blocks"]
        for row in block.rows
    ]


@pytest.fixture
def no_reanchoring(settings):
    """Annotations stay on the version they were made on, so version 1 has some."""
    settings.MARGINALIA_NEW_VERSION_HOOKS = []


@pytest.fixture
def essay(db):
    ingest_essay(FAMINE, PLAN, WAR, NEP, PARTY)
    return ingest_essay(PLAN.replace("spring", "autumn"), WAR, NEP, PARTY, FAMINE, PURGES).document


def test_it_pairs_each_paragraph_with_the_one_it_became(client, essay):
    response = client.get(compare_url())

    assert response.status_code == 200
    assert rows(response) == [
        ("unchanged", [1], [1], None),
        ("moved", [2], [], 6),
        ("edited", [3], [2], None),
        ("unchanged", [4], [3], None),
        ("unchanged", [5], [4], None),
        ("unchanged", [6], [5], None),
        ("moved", [], [6], 2),
        ("inserted", [], [7], None),
    ]
    assert response.context["counts"] == {
        "unchanged": 4,
        "edited": 1,
        "deleted": 0,
        "inserted": 1,
        "moved": 1,
    }


def test_it_marks_the_changed_words_with_del_and_ins_and_a_text_label(client, essay):
    html = client.get(compare_url()).content.decode()

    assert (
        '<del><span class="visually-hidden">[deleted: </span>spring'
        '<span class="visually-hidden">]</span></del>'
    ) in html
    assert (
        '<ins><span class="visually-hidden">[inserted: </span>autumn'
        '<span class="visually-hidden">]</span></ins>'
    ) in html
    assert '<ul class="compare-legend" aria-label="Legend">' in html


def test_it_links_a_moved_paragraph_to_its_other_place_on_both_sides(client, essay):
    html = client.get(compare_url()).content.decode()

    assert 'id="a-2"' in html and 'id="b-6"' in html
    assert 'now <a href="#b-6">¶6 of version 2</a>' in html
    assert 'was <a href="#a-2">¶2 of version 1</a>' in html


def test_it_shows_a_deleted_paragraph_beside_a_gap(client, db):
    ingest_essay(PLAN, WAR, NEP)
    ingest_essay(PLAN, NEP)

    response = client.get(compare_url())

    assert ("deleted", [3], [], None) in rows(response)
    assert "Not in version 2." in response.content.decode()


def test_it_collapses_runs_of_unchanged_paragraphs(client, db):
    ingest_essay(PLAN, WAR, NEP, PARTY, FAMINE)
    ingest_essay(PLAN, WAR, NEP, PARTY, FAMINE.replace("millions", "many millions"))

    response = client.get(compare_url())

    blocks = response.context["blocks"]
    # The heading stays in view; the four paragraphs after it fold away.
    assert [(block.collapsed, len(block.rows)) for block in blocks] == [
        (False, 1),
        (True, 4),
        (False, 1),
    ]
    assert "<summary>4 unchanged paragraphs</summary>" in response.content.decode()


def test_it_links_each_side_to_its_version(client, essay):
    html = client.get(compare_url()).content.decode()

    assert '<a href="/read/essay/v/1/">Version 1</a>' in html
    assert f'<a href="{reverse("reader:document", args=["essay"])}">Version 2</a>' in html


def test_it_lists_each_sides_annotations_beside_their_paragraph(
    client, db, no_reanchoring, owner, member, outsider
):
    first = ingest_essay(PLAN, WAR).document
    annotate_words(first, owner, "spring of that year")
    annotate_words(first, outsider, "civil war")  # private: only its author sees it
    second = ingest_essay(PLAN.replace("spring", "autumn"), WAR).document
    annotate_words(second, member, "three years", visibility=Visibility.PUBLIC)
    client.force_login(owner)

    response = client.get(compare_url())

    notes = {
        (side, paragraph.ordinal): [(note.author, note.quote) for note in paragraph.notes]
        for block in response.context["blocks"]
        for row in block.rows
        for side, paragraphs in (("a", row.old), ("b", row.new))
        for paragraph in paragraphs
        if paragraph.notes
    }
    assert notes == {
        ("a", 2): [("alice", "spring of that year")],
        ("b", 3): [("bob", "three years")],
    }
    html = response.content.decode()
    assert "civil war</q>" not in html
    # The highlight is drawn inside the changed words of the old side.
    assert '<mark class="hl hl-yellow hl-mine">spring</mark>' in html


def test_it_shows_anonymous_readers_only_public_annotations(client, db, no_reanchoring, owner):
    first = ingest_essay(PLAN, WAR).document
    annotate_words(first, owner, "spring of that year")
    annotate_words(first, owner, "civil war", visibility=Visibility.PUBLIC)
    ingest_essay(PLAN, WAR, NEP)

    html = client.get(compare_url()).content.decode()

    assert "<q>civil war</q>" in html
    assert "spring of that year</q>" not in html


def test_it_says_which_annotations_await_their_authors_review(client, db, owner):
    first = ingest_essay(PLAN, WAR).document
    annotate_words(first, owner, PLAN)
    ingest_essay(PLAN.replace("spring", "autumn"), WAR)  # re-anchored: on the edited words
    client.force_login(owner)

    html = client.get(compare_url()).content.decode()

    assert "private · placed on edited words, awaiting review" in html


def test_it_redirects_the_newer_version_first_to_the_ordered_pair(client, essay):
    response = client.get(compare_url(2, 1))

    assert response.status_code == 302
    assert response["Location"] == compare_url(1, 2)


@pytest.mark.parametrize(
    ("slug", "a", "b"), [("essay", 1, 1), ("essay", 1, 3), ("essay", 0, 2), ("nope", 1, 2)]
)
def test_it_answers_404_for_a_version_with_itself_or_one_that_does_not_exist(
    client, essay, slug, a, b
):
    assert client.get(compare_url(a, b, slug=slug)).status_code == 404


@pytest.mark.parametrize("size", [1, 3])
def test_it_uses_a_fixed_number_of_queries(
    client, db, no_reanchoring, owner, django_assert_num_queries, size
):
    texts = [PLAN, WAR, NEP, PARTY, FAMINE, PURGES][: 2 * size]
    first = ingest_essay(*texts).document
    for text in texts:
        annotate_words(first, owner, text[:20], visibility=Visibility.PUBLIC)
    second = ingest_essay(*[text.replace("the", "a") for text in texts], PURGES).document
    for text in texts:
        annotate_words(second, owner, text.replace("the", "a")[:20])
    client.force_login(owner)

    # session, user, the two versions, their paragraphs, each side's annotations
    with django_assert_num_queries(6):
        response = client.get(compare_url())

    assert len(rows(response)) >= 2 * size
    assert sum(block.annotation_count for block in response.context["blocks"]) == 4 * size
    client.logout()
    with django_assert_num_queries(4):
        client.get(compare_url())


@pytest.mark.usefixtures("seeded_corpus")
def test_it_compares_the_two_seed_versions_of_an_article(client, db):
    response = client.get(compare_url(slug="socialism-and-the-soviet-union"))

    assert response.status_code == 200
    counts = response.context["counts"]
    assert counts["unchanged"] >= 20
    assert counts["edited"] >= 50
    paired = [kind for kind, old, new, _ in rows(response) if old and new]
    assert len(paired) >= 80
    # Merges and splits are paired as such.
    assert any(kind == EDITED and len(old) > 1 for kind, old, new, _ in rows(response))
    assert any(kind == EDITED and len(new) > 1 for kind, old, new, _ in rows(response))
