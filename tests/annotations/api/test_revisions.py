"""POST /api/annotations/<id>/review/: its author settles where a new version put a highlight."""

import pytest
from django.urls import reverse

from annotations.models import Anchor, Annotation
from tests.essays import annotate_words as annotate
from tests.essays import ingest_essay as ingest

EDITED = "Planning was central to the whole system."
NOW = "Planning was central to the entire system."


@pytest.fixture
def fuzzy(db, owner) -> Annotation:
    document = ingest("The plan failed.", EDITED).document
    annotation = annotate(document, owner, EDITED)
    ingest("The plan failed.", NOW)
    annotation.refresh_from_db()
    assert annotation.anchor == Anchor.FUZZY
    return annotation


@pytest.fixture
def orphan(db, owner) -> Annotation:
    document = ingest("The plan failed.", EDITED).document
    annotation = annotate(document, owner, "central to the whole system")
    ingest("The plan failed.", "Everything was rewritten.")
    annotation.refresh_from_db()
    assert annotation.anchor == Anchor.ORPHANED
    return annotation


def review(client, annotation, **body):
    return client.post(reverse("api:annotation-review", args=[annotation.pk]), body, format="json")


def test_it_says_where_a_highlight_is_and_how_it_got_there(author_client, fuzzy):
    data = author_client.get(reverse("api:annotation-detail", args=[fuzzy.pk])).json()

    assert (data["version"], data["anchor"], data["exact"], data["previous_exact"]) == (
        2,
        "fuzzy",
        NOW,
        EDITED,
    )


def test_it_accepts_the_new_passage(author_client, fuzzy):
    response = review(author_client, fuzzy, action="accept")

    assert response.status_code == 200
    assert (response.json()["anchor"], response.json()["previous_exact"]) == ("exact", None)
    fuzzy.refresh_from_db()
    assert (fuzzy.anchor, fuzzy.exact, fuzzy.previous_exact) == (Anchor.EXACT, NOW, "")


def test_it_reselects_the_right_passage(author_client, fuzzy):
    text = fuzzy.document.current_version.text
    start = text.index("entire system")

    response = review(
        author_client, fuzzy, action="reselect", start=start, end=start + 13, exact="entire system"
    )

    assert response.status_code == 200, response.content
    fuzzy.refresh_from_db()
    assert (fuzzy.anchor, fuzzy.start, fuzzy.exact) == (Anchor.EXACT, start, "entire system")
    assert fuzzy.prefix == text[max(0, start - 32) : start]


def test_it_detaches_it_with_its_old_words(author_client, fuzzy):
    response = review(author_client, fuzzy, action="detach")

    assert response.json()["anchor"] == "orphaned"
    fuzzy.refresh_from_db()
    assert (fuzzy.anchor, fuzzy.exact, fuzzy.previous_exact) == (Anchor.ORPHANED, EDITED, EDITED)


def test_it_has_no_passage_to_accept_for_an_orphan(author_client, orphan):
    response = review(author_client, orphan, action="accept")

    assert response.status_code == 400
    assert list(response.json()) == ["action"]
    orphan.refresh_from_db()
    assert orphan.anchor == Anchor.ORPHANED


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "approve"}, "action"),
        ({}, "action"),
        ({"action": "reselect", "start": 0, "end": 4, "exact": "Nope"}, "exact"),
        ({"action": "reselect", "start": 5, "end": 2, "exact": "x"}, "end"),
        ({"action": "reselect", "start": "0", "end": 4, "exact": "Essa"}, "start"),
        ({"action": "accept", "colour": "pink"}, "colour"),
        ({"action": "reselect", "start": 2**70, "end": 2**70 + 4, "exact": "Essa"}, "start"),
        ({"action": "reselect", "start": 0, "end": 4, "exact": "Es\x00a"}, "exact"),
        ({"action": "acc\x00ept"}, "action"),
        ({"action": ["accept"]}, "action"),
    ],
)
def test_it_refuses_a_bad_review_and_changes_nothing(author_client, fuzzy, body, field):
    before = Annotation.objects.values().get(pk=fuzzy.pk)

    response = review(author_client, fuzzy, **body)

    assert response.status_code == 400
    assert field in response.json()
    assert Annotation.objects.values().get(pk=fuzzy.pk) == before


def test_only_its_author_reviews_it(other_client, fuzzy, anonymous):
    fuzzy.visibility = "public"
    fuzzy.save(update_fields=["visibility"])

    assert review(other_client, fuzzy, action="accept").status_code == 403
    assert review(anonymous, fuzzy, action="accept").status_code == 403
    fuzzy.refresh_from_db()
    assert fuzzy.anchor == Anchor.FUZZY


def test_it_answers_404_for_an_annotation_the_caller_cannot_see(other_client, fuzzy):
    assert review(other_client, fuzzy, action="accept").status_code == 404
