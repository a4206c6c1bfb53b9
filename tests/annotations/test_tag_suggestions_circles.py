"""Tag suggestions include the tags used in the reader's circles, and no one else's."""

import pytest
from django.urls import reverse

from annotations import moderation
from annotations.circles import services as circle_services
from annotations.queries import tag_suggestions
from annotations.services import annotation_update
from tests.annotations.conftest import highlight

URL = reverse("api:tag-list")


@pytest.fixture
def elsewhere(outsider):
    """A circle that the owner, moderator and member are not in."""
    return circle_services.circle_create(owner=outsider, name="Elsewhere")


def share(document, author, circle, tags, quote="tax in kind"):
    return highlight(document, author, quote, visibility="circle", circle=circle.slug, tags=tags)


def test_it_suggests_the_tags_members_used_in_my_circles(document, circle, owner, member):
    highlight(document, owner, tags=["mine"])
    share(document, member, circle, ["bureaucracy", "nep"])

    assert tag_suggestions(owner) == ["bureaucracy", "mine", "nep"]


def test_it_counts_uses_across_my_tags_and_my_circles(document, circle, owner, member, moderator):
    highlight(document, owner, tags=["rare"])
    share(document, member, circle, ["common"])
    share(document, moderator, circle, ["common"], quote="Private trade")

    assert tag_suggestions(owner) == ["common", "rare"]


def test_it_leaves_out_circles_i_am_not_in(document, circle, owner, outsider, elsewhere):
    share(document, outsider, elsewhere, ["secret"])

    assert tag_suggestions(owner) == []
    assert tag_suggestions(outsider) == ["secret"]


def test_it_leaves_out_other_readers_private_tags(document, circle, owner, member):
    highlight(document, member, "Private trade", tags=["private-tag"])

    assert tag_suggestions(owner) == []


def test_it_leaves_out_a_hidden_annotation_for_plain_members(
    document, circle, owner, moderator, member
):
    annotation = share(document, owner, circle, ["hidden-tag"])
    moderation.annotation_hide(annotation=annotation, actor=moderator)

    assert tag_suggestions(member) == []
    # Those who still see it (its author, the moderators) are still offered its tags.
    assert tag_suggestions(owner) == ["hidden-tag"]
    assert tag_suggestions(moderator) == ["hidden-tag"]


def test_a_reader_who_left_no_longer_gets_the_circles_tags(document, circle, owner, member):
    share(document, owner, circle, ["circle-tag"])
    circle_services.member_remove(circle=circle, actor=member, user=member)

    assert tag_suggestions(member) == []


def test_tags_stop_being_suggested_when_the_annotation_leaves_the_circle(
    document, circle, owner, member
):
    annotation = share(document, member, circle, ["moved"])

    annotation_update(annotation=annotation, actor=member, visibility="private", circle=None)

    assert tag_suggestions(owner) == []
    assert tag_suggestions(member) == ["moved"]


def test_a_leavers_shared_annotation_still_offers_its_tags(document, circle, owner, member):
    share(document, member, circle, ["kept"])
    circle_services.member_remove(circle=circle, actor=owner, user=member)

    assert tag_suggestions(owner) == ["kept"]


def test_it_filters_circle_tags_by_their_start(document, circle, owner, member):
    share(document, member, circle, ["New Deal", "nep", "bureaucracy"])

    assert tag_suggestions(owner, "NE") == ["nep", "New Deal"]


def test_without_circles_it_suggests_only_my_own(document, circle, owner, member):
    highlight(document, owner, tags=["mine"])
    share(document, member, circle, ["theirs"])

    assert tag_suggestions(owner, circles=False) == ["mine"]


def test_it_suggests_nothing_to_an_anonymous_caller(document, circle, member, anonymous):
    share(document, member, circle, ["nep"])

    assert anonymous.get(URL).json() == {"results": []}


def test_the_api_suggests_circle_tags(document, circle, owner, member, author_client):
    share(document, member, circle, ["circle-tag"])

    assert author_client.get(URL, {"q": "circ"}).json() == {"results": ["circle-tag"]}


@pytest.mark.parametrize("number", [1, 5])
def test_it_suggests_in_one_query(
    document, circle, owner, member, number, django_assert_num_queries
):
    for i in range(number):
        share(document, member, circle, [f"tag{i}"])

    with django_assert_num_queries(1):
        found = tag_suggestions(owner)

    assert len(found) == number
