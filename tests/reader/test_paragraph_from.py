"""/read/<slug>/p/<ordinal>/?from=<n>: an older version's paragraph permalink, followed to
the current paragraph it became (through the diff of the two texts)."""

import pytest
from django.urls import reverse

from corpus.ingest import read_any
from corpus.models import Paragraph
from corpus.seeds import seed_entries, seed_ingest
from tests.essays import ingest_essay

PLAN = "The plan failed because nobody could know what every factory needed."
MARKET = "Markets returned under the New Economic Policy, in the towns and on the land."
PURGES = "Then came the purges, which took the old party apart within a few years."


def url(ordinal, given="1", **extra):
    return reverse("reader:paragraph", args=["essay", ordinal]), {"from": given, **extra}


def follow(client, ordinal, given="1", **extra):
    path, query = url(ordinal, given, **extra)
    return client.get(path, query)


def current(ordinal):
    return reverse("reader:paragraph", args=["essay", ordinal])


def test_it_sends_an_unchanged_paragraph_to_itself(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay(PLAN, "Markets came back, for a while.", PURGES)

    response = follow(client, 4)

    assert response.status_code == 302
    assert response["Location"] == current(4)


def test_it_follows_a_paragraph_moved_by_paragraphs_inserted_before_it(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay(
        "A new opening, written for the revision.", "And a second one.", PLAN, MARKET, PURGES
    )

    assert follow(client, 2)["Location"] == current(4)
    assert follow(client, 4)["Location"] == current(6)


def test_it_follows_an_edited_paragraph_to_its_new_wording(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay("Foreword.", PLAN, MARKET.replace("in the towns", "in the cities"), PURGES)

    assert follow(client, 3)["Location"] == current(4)


def test_it_follows_merged_paragraphs_to_the_paragraph_holding_both(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay(f"{PLAN} {MARKET}", PURGES)

    assert follow(client, 2)["Location"] == current(2)
    assert follow(client, 3)["Location"] == current(2)
    assert follow(client, 4)["Location"] == current(3)


def test_it_shows_the_nearest_paragraph_saying_a_removed_one_is_gone(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay(PLAN, PURGES)

    response = follow(client, 3)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["paragraph"].ordinal in (2, 3)
    assert "¶3 of version 1 is not in the current version: its words were removed." in html
    old = reverse("reader:version_paragraph", args=["essay", 1, 3])
    assert f'<a href="{old}">Read ¶3 in version 1</a>' in html
    assert "You are reading version" not in html  # the current version, not an old one


def test_it_opens_the_paragraph_in_its_section_when_asked(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay("Foreword.", PLAN, MARKET, PURGES)

    response = follow(client, 3, **{"in": "context"})

    assert response["Location"] == reverse("reader:section", args=["essay", 1]) + "#p-4"


def test_it_sends_the_current_versions_number_to_the_paragraph_itself(client, db):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay(PLAN, PURGES)

    assert follow(client, 2, given="2")["Location"] == current(2)


@pytest.mark.parametrize("given", ["two", "", "-1", "0", "1.0", "²", "9" * 40])
def test_it_answers_400_for_a_from_that_is_no_version_number(client, db, given):
    ingest_essay(PLAN, MARKET)
    ingest_essay(PLAN)

    response = follow(client, 2, given=given)

    assert response.status_code == 400
    assert "?from= must be a version number" in response.content.decode()


@pytest.mark.parametrize(("ordinal", "given"), [(2, "3"), (9, "1"), (1, "9")])
def test_it_answers_404_for_a_version_or_paragraph_that_does_not_exist(client, db, ordinal, given):
    ingest_essay(PLAN, MARKET)
    ingest_essay(PLAN)

    assert follow(client, ordinal, given=given).status_code == 404


def test_it_follows_a_paragraph_in_a_constant_number_of_queries(
    client, db, django_assert_num_queries
):
    ingest_essay(PLAN, MARKET, PURGES)
    ingest_essay("Foreword.", PLAN, MARKET, PURGES)

    # The old version with its document; the old paragraph; both texts; the new layout.
    with django_assert_num_queries(4):
        follow(client, 3)


def test_it_follows_an_unchanged_paragraph_of_the_seed_article_to_its_new_place(client, db):
    for entry in seed_entries()[:2]:  # the article's two versions
        seed_ingest(entry, read_any(entry.path.read_bytes(), entry.path.name))
    slug = "socialism-and-the-soviet-union"
    old = Paragraph.objects.get(version__number=1, version__document__slug=slug, ordinal=20)

    response = client.get(reverse("reader:paragraph", args=[slug, 20]), {"from": "1"})

    # Version 2 added sections and paragraphs before it: the same words, eight further on.
    assert response["Location"] == reverse("reader:paragraph", args=[slug, 28])
    new = Paragraph.objects.get(version__number=2, version__document__slug=slug, ordinal=28)
    assert new.text == old.text
