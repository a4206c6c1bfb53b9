"""annotations.export.scopes: an export never holds what the reader may not see."""

import pytest
from django.http import Http404

from annotations.export.scopes import annotations_for_export
from annotations.models import Membership, Role
from annotations.moderation import annotation_hide
from annotations.permissions import ScopeError
from tests.annotations.conftest import highlight


@pytest.fixture
def world(document, owner, member, outsider, circle_factory):
    """Annotations of every kind: by the owner (alice), a member (bob), an outsider
    (carol); in alice's circle, in a circle alice is not in; public; hidden."""
    study = circle_factory("Study", owner, member)
    other = circle_factory("Elsewhere", outsider)
    made = {
        "alice private": highlight(document, owner, "tax in kind"),
        "alice circle": highlight(
            document, owner, "Private trade", visibility="circle", circle=study.slug
        ),
        "bob private": highlight(document, member, "tax in kind"),
        "bob circle": highlight(
            document, member, "the party", visibility="circle", circle=study.slug
        ),
        "bob hidden": highlight(document, member, "a year", visibility="circle", circle=study.slug),
        "bob public": highlight(document, member, "peasants", visibility="public"),
        "carol private": highlight(document, outsider, "market"),
        "carol elsewhere": highlight(
            document, outsider, "retreating", visibility="circle", circle=other.slug
        ),
        "carol public": highlight(document, outsider, "leap", visibility="public"),
    }
    Membership.objects.filter(circle=study, user=owner).update(role=Role.MEMBER)
    Membership.objects.create(circle=study, user=outsider, role=Role.OWNER)
    annotation_hide(annotation=made["bob hidden"], actor=outsider)
    return {"study": study, "other": other, "made": made}


@pytest.fixture
def circle_factory():
    from annotations.circles.services import circle_create

    def make(name, owner, *members):
        made = circle_create(owner=owner, name=name)
        for user in members:
            Membership.objects.create(circle=made, user=user, role=Role.MEMBER)
        return made

    return make


def names(world, annotations) -> set[str]:
    by_id = {annotation.pk: name for name, annotation in world["made"].items()}
    return {by_id[pk] for pk in annotations.values_list("pk", flat=True)}


def test_me_is_the_readers_own(world, owner):
    assert names(world, annotations_for_export(owner, "me")) == {"alice private", "alice circle"}


def test_a_circle_is_what_its_members_may_see_of_it(world, owner, member):
    scope = f"circle:{world['study'].slug}"
    # A plain member does not see what a moderator hid, unless it is theirs.
    assert names(world, annotations_for_export(owner, scope)) == {"alice circle", "bob circle"}
    assert names(world, annotations_for_export(member, scope)) == {
        "alice circle",
        "bob circle",
        "bob hidden",
    }


def test_a_circle_one_is_not_in_is_as_if_it_did_not_exist(world, owner):
    with pytest.raises(Http404):
        annotations_for_export(owner, f"circle:{world['other'].slug}")
    with pytest.raises(Http404):
        annotations_for_export(owner, "circle:no-such-circle")


def test_public_is_everyones_public(world, owner):
    assert names(world, annotations_for_export(owner, "public")) == {"bob public", "carol public"}


def test_no_scope_reaches_beyond_what_the_reader_sees(world, owner, member, outsider):
    from annotations.queries import annotations_visible_to

    for user in (owner, member, outsider):
        visible = set(annotations_visible_to(user).values_list("pk", flat=True))
        scopes = ["me", "public"] + [
            f"circle:{c.slug}"
            for c in (world["study"], world["other"])
            if Membership.objects.filter(circle=c, user=user).exists()
        ]
        for scope in scopes:
            exported = set(annotations_for_export(user, scope).values_list("pk", flat=True))
            assert exported <= visible, (user, scope)


def test_it_narrows_by_document_and_tag(document, owner):
    from tests.annotations.conftest import ingest_document

    other = ingest_document(slug="other", title="Other")
    tagged = highlight(document, owner, "tax in kind", tags=["NEP"])
    highlight(document, owner, "Private trade")
    highlight(other, owner, "tax in kind", tags=["nep"])
    found = annotations_for_export(owner, "me", document="nep", tag="nep")
    assert list(found.values_list("pk", flat=True)) == [tagged.pk]


def test_it_refuses_an_unknown_scope(owner, db):
    with pytest.raises(ScopeError, match="Unknown scope 'everyone'"):
        annotations_for_export(owner, "everyone")


def test_an_anonymous_reader_has_no_own_scope(world):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    with pytest.raises(Http404):
        annotations_for_export(AnonymousUser(), "me")
