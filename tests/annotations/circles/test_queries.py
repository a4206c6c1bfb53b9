"""The circle reads of annotations.queries: circles seen only by members, reaction counts,
the circle layer and the margin's fields."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from annotations import moderation
from annotations.circles import services as circle_services
from annotations.margin import annotations_for_range, layers_filter
from annotations.models import Membership
from annotations.queries import (
    annotations_visible_to,
    circles_for_user,
    get_circle_for_member,
    my_reactions,
    reaction_counts,
)
from tests.annotations.conftest import highlight

ZERO = {"agree": 0, "disagree": 0, "question": 0}


@pytest.fixture
def shared(document, member, circle):
    return highlight(document, member, visibility="circle", circle=circle.slug)


def test_circles_for_user_are_theirs_with_role_and_size(circle, member, outsider):
    circle_services.circle_create(owner=member, name="Alone")
    circle_services.circle_create(owner=outsider, name="Apart")

    found = [(c.slug, c.role, c.member_count) for c in circles_for_user(member)]

    assert found == [("alone", "owner", 1), ("study-group", "member", 3)]


def test_an_anonymous_reader_has_no_circles(circle):
    assert list(circles_for_user(AnonymousUser())) == []


def test_get_circle_for_member_gives_the_circle_and_membership(circle, moderator):
    found, membership = get_circle_for_member(moderator, "study-group")

    assert found == circle
    assert (membership.user, membership.role) == (moderator, "moderator")
    assert (found.role, found.member_count) == ("moderator", 3)


@pytest.mark.parametrize("slug", ["study-group", "no-such-circle"])
def test_get_circle_for_member_hides_a_circle_from_others(circle, outsider, slug):
    for user in (outsider, AnonymousUser()):
        with pytest.raises(Http404):
            get_circle_for_member(user, slug)


def test_reaction_counts_has_every_kind_for_every_id(shared, owner, moderator, document, member):
    public = highlight(document, member, "Private trade", visibility="public")
    moderation.reaction_add(annotation=shared, user=owner, kind="agree")
    moderation.reaction_add(annotation=shared, user=moderator, kind="agree")
    moderation.reaction_add(annotation=shared, user=moderator, kind="question")

    assert reaction_counts([shared.pk, public.pk]) == {
        shared.pk: {"agree": 2, "disagree": 0, "question": 1},
        public.pk: ZERO,
    }


@pytest.mark.parametrize("number", [1, 4])
def test_reaction_counts_and_my_reactions_take_one_query_each(
    document, circle, member, owner, number, django_assert_num_queries
):
    ids = []
    for _ in range(number):
        annotation = highlight(document, member, visibility="circle", circle=circle.slug)
        moderation.reaction_add(annotation=annotation, user=owner, kind="disagree")
        ids.append(annotation.pk)

    with django_assert_num_queries(2):
        counts = reaction_counts(ids)
        mine = my_reactions(owner, ids)

    assert all(counts[pk]["disagree"] == 1 for pk in ids)
    assert mine == {pk: {"disagree"} for pk in ids}


def test_no_ids_need_no_query(django_assert_num_queries, owner):
    with django_assert_num_queries(0):
        assert reaction_counts([]) == {}
        assert my_reactions(owner, []) == {}
        assert my_reactions(AnonymousUser(), [1]) == {1: set()}


def test_reactions_count_only_while_the_annotation_is_in_the_circle(shared, owner, member):
    moderation.reaction_add(annotation=shared, user=owner, kind="agree")
    shared.visibility, shared.circle = "public", None
    shared.save()

    assert reaction_counts([shared.pk]) == {shared.pk: ZERO}
    assert my_reactions(owner, [shared.pk]) == {shared.pk: set()}


def visible_in_layer(user, layer):
    return list(annotations_visible_to(user).filter(layers_filter(user, [layer])))


def test_the_circle_layer_shows_a_members_circle_only(document, circle, shared, owner, member):
    other = circle_services.circle_create(owner=owner, name="Second")
    highlight(document, owner, "Private trade", visibility="circle", circle=other.slug)
    highlight(document, owner, "the market", visibility="public")

    assert visible_in_layer(owner, "circle:study-group") == [shared]
    assert visible_in_layer(member, "circle:study-group") == [shared]


@pytest.mark.parametrize("layer", ["circle:study-group", "circle:", "circle:nowhere"])
def test_the_circle_layer_is_empty_for_those_outside(shared, outsider, layer):
    assert visible_in_layer(outsider, layer) == []
    assert visible_in_layer(AnonymousUser(), layer) == []


def test_an_author_who_left_sees_nothing_in_the_circle_layer(circle, shared, member):
    circle_services.member_remove(circle=circle, actor=member, user=member)

    assert visible_in_layer(member, "circle:study-group") == []
    # …but the annotation is still theirs.
    assert visible_in_layer(member, "mine") == [shared]


def margin(user, document, **kwargs):
    version = document.current_version
    return annotations_for_range(
        user, version_id=version.pk, start=0, end=len(version.text), **kwargs
    )


def test_the_margin_knows_each_annotations_circle_and_whether_it_is_hidden(
    document, circle, shared, owner, moderator
):
    public = highlight(document, owner, "Private trade", visibility="public")
    moderation.annotation_hide(annotation=shared, actor=moderator)

    found = {(a.id, a.circle, a.hidden) for a in margin(owner, document)}

    assert found == {(shared.pk, "study-group", True), (public.pk, None, False)}


def test_the_margin_filters_by_member(document, circle, shared, owner, member):
    highlight(document, owner, "Private trade", visibility="circle", circle=circle.slug)

    by_member = margin(owner, document, layer="circle:study-group", member="bob")

    assert [a.id for a in by_member] == [shared.pk]
    assert margin(owner, document, member="nobody") == []


@pytest.mark.parametrize("number", [1, 5])
def test_the_margin_takes_one_query_tags_included(
    document, circle, member, owner, number, django_assert_num_queries
):
    for _ in range(number):
        highlight(document, member, visibility="circle", circle=circle.slug, tags=["nep"])

    with django_assert_num_queries(1):
        found = margin(owner, document, layer="circle:study-group", member="bob")

    assert len(found) == number
    assert all(a.tags == ["nep"] for a in found)


def test_a_members_hidden_annotation_is_not_in_another_members_margin(
    document, circle, shared, moderator, django_user_model
):
    reader = django_user_model.objects.create_user("gina", password="x" * 20)
    Membership.objects.create(circle=circle, user=reader)
    moderation.annotation_hide(annotation=shared, actor=moderator)

    assert margin(reader, document) == []
