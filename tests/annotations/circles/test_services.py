"""annotations.circles.services: every rule, refused with the field or a PermissionDenied,
and nothing written when refused."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from annotations import moderation
from annotations.circles import reading_list
from annotations.circles import services as cs
from annotations.circles.services import InviteError
from annotations.errors import AnnotationError
from annotations.models import (
    Annotation,
    Circle,
    Invite,
    Membership,
    Reaction,
    ReadingListEntry,
    Reply,
    Role,
)
from annotations.queries import reaction_counts
from annotations.services import annotation_delete, annotation_update
from tests.annotations.conftest import highlight, ingest_document

LATER = datetime.timedelta(days=7)


def snapshot() -> tuple:
    """Everything a circle service may write, to check that a refusal wrote nothing."""
    return (
        list(Circle.objects.values_list("pk", "name", "slug", "description")),
        list(Membership.objects.values_list("pk", "circle_id", "user_id", "role")),
        list(Invite.objects.values_list("pk", "uses", "revoked")),
        list(ReadingListEntry.objects.values_list("pk", "position", "due", "note")),
        list(Reaction.objects.values_list("pk", "kind")),
        list(Annotation.objects.values_list("pk", "visibility", "circle_id", "hidden")),
        list(Reply.objects.values_list("pk", "hidden")),
    )


def refused(field: str, call, **kwargs) -> AnnotationError:
    before = snapshot()
    with pytest.raises(AnnotationError) as caught:
        call(**kwargs)
    assert caught.value.field == field
    assert caught.value.message
    assert snapshot() == before
    return caught.value


def forbidden(call, **kwargs) -> None:
    before = snapshot()
    with pytest.raises(PermissionDenied):
        call(**kwargs)
    assert snapshot() == before


def role_of(circle, user) -> str | None:
    return (
        Membership.objects.filter(circle=circle, user=user).values_list("role", flat=True).first()
    )


@pytest.fixture
def reader(django_user_model):
    """A reader with no part in the circle yet, who follows invite links."""
    return django_user_model.objects.create_user("erin", "erin@example.org", "x" * 20)


@pytest.fixture
def shared(document, member, circle):
    """The member's annotation, shared with the circle."""
    return highlight(document, member, visibility="circle", circle=circle.slug, tags=["nep"])


# Creating a circle


def test_it_creates_a_circle_with_its_creator_as_owner(owner):
    circle = cs.circle_create(owner=owner, name="  Reading   Carr ", description="Weekly.")

    stored = Circle.objects.get()
    assert (stored.pk, stored.name, stored.slug, stored.description) == (
        circle.pk,
        "Reading Carr",
        "reading-carr",
        "Weekly.",
    )
    assert list(Membership.objects.values_list("user", "role")) == [(owner.pk, Role.OWNER)]


def test_it_makes_each_slug_unique_with_a_number(owner, outsider):
    slugs = [cs.circle_create(owner=owner, name="Carr").slug for _ in range(3)]
    slugs.append(cs.circle_create(owner=outsider, name="CARR!").slug)

    assert slugs == ["carr", "carr-2", "carr-3", "carr-4"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [("¿¡!", "circle"), ("Кружок", "circle"), ("new", "new-2"), ("Ça va", "ca-va")],
)
def test_it_makes_a_slug_that_a_url_accepts(owner, name, slug):
    assert cs.circle_create(owner=owner, name=name).slug == slug


def test_it_keeps_a_slug_of_the_longest_name_within_bounds(owner):
    first = cs.circle_create(owner=owner, name="a" * 120)
    second = cs.circle_create(owner=owner, name="a" * 120)

    assert (first.slug, second.slug) == ("a" * 120, "a" * 120 + "-2")


def test_it_skips_a_numbered_slug_already_taken(owner):
    cs.circle_create(owner=owner, name="Carr")
    cs.circle_create(owner=owner, name="Carr 2")

    assert cs.circle_create(owner=owner, name="Carr").slug == "carr-3"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": None}, "name"),
        ({"name": 3}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Carr", "description": "x" * 2001}, "description"),
        ({"name": "Carr", "description": None}, "description"),
    ],
)
def test_it_refuses_a_bad_circle(owner, fields, field):
    refused(field, cs.circle_create, owner=owner, **fields)


def test_it_accepts_a_name_of_120_characters(owner):
    assert cs.circle_create(owner=owner, name="x" * 120).name == "x" * 120


# Changing and deleting it


def test_it_lets_an_owner_rename_a_circle_and_keeps_its_slug(circle, owner):
    cs.circle_update(circle=circle, actor=owner, name="Carr seminar", description="")

    stored = Circle.objects.get()
    assert (stored.name, stored.slug, stored.description) == ("Carr seminar", "study-group", "")


def test_it_changes_only_what_is_given(circle, owner):
    cs.circle_update(circle=circle, actor=owner, description="New.")

    assert Circle.objects.values_list("name", "description").get() == ("Study group", "New.")


@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_it_lets_only_an_owner_change_a_circle(circle, request, who):
    forbidden(cs.circle_update, circle=circle, actor=request.getfixturevalue(who), name="Mine")


def test_it_refuses_a_bad_new_name(circle, owner):
    refused("name", cs.circle_update, circle=circle, actor=owner, name="")


def test_deleting_a_circle_makes_its_annotations_private_and_keeps_them(
    circle, owner, member, moderator, shared, document
):
    other_circle = cs.circle_create(owner=member, name="Elsewhere")
    elsewhere = highlight(
        document, member, "Private trade", visibility="circle", circle=other_circle.slug
    )
    moderation.annotation_hide(annotation=shared, actor=moderator)
    moderation.reaction_add(annotation=shared, user=owner, kind="agree")
    cs.invite_create(circle=circle, actor=owner)
    reading_list.reading_list_add(circle=circle, actor=owner, document=document)

    cs.circle_delete(circle=circle, actor=owner)

    assert list(Circle.objects.values_list("slug", flat=True)) == ["elsewhere"]
    stored = Annotation.objects.get(pk=shared.pk)
    assert (stored.author, stored.visibility, stored.circle, stored.hidden) == (
        member,
        "private",
        None,
        False,
    )
    assert stored.tags.names()[0] == "nep"
    assert Annotation.objects.get(pk=elsewhere.pk).circle == other_circle
    assert Reaction.objects.count() == 0
    assert Invite.objects.count() == 0
    assert ReadingListEntry.objects.count() == 0
    assert list(Membership.objects.values_list("circle__slug", "user")) == [
        ("elsewhere", member.pk)
    ]


@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_it_lets_only_an_owner_delete_a_circle(circle, request, who):
    forbidden(cs.circle_delete, circle=circle, actor=request.getfixturevalue(who))


# Invites


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_owners_and_moderators_create_invites(circle, request, who):
    actor = request.getfixturevalue(who)
    expires = timezone.now() + LATER

    invite = cs.invite_create(circle=circle, actor=actor, expires=expires, max_uses=5)

    stored = Invite.objects.get()
    assert stored.pk == invite.pk
    assert (stored.circle, stored.created_by, stored.expires, stored.max_uses) == (
        circle,
        actor,
        expires,
        5,
    )
    assert (stored.uses, stored.revoked) == (0, None)
    assert len(stored.token) >= 32


def test_an_invite_without_limits_has_none(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner)

    assert (invite.expires, invite.max_uses) == (None, None)


def test_each_invite_has_its_own_token(circle, owner):
    tokens = {cs.invite_create(circle=circle, actor=owner).token for _ in range(5)}

    assert len(tokens) == 5


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_others_cannot_invite(circle, request, who):
    forbidden(cs.invite_create, circle=circle, actor=request.getfixturevalue(who))


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"expires": "tomorrow"}, "expires"),
        ({"expires": datetime.datetime(2999, 1, 1)}, "expires"),  # naive  # noqa: DTZ001
        ({"expires": datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)}, "expires"),
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": -1}, "max_uses"),
        ({"max_uses": True}, "max_uses"),
        ({"max_uses": "3"}, "max_uses"),
        ({"max_uses": 2.0}, "max_uses"),
    ],
)
def test_it_refuses_a_bad_invite(circle, owner, fields, field):
    refused(field, cs.invite_create, circle=circle, actor=owner, **fields)


def test_it_refuses_an_expiry_of_now(circle, owner):
    refused("expires", cs.invite_create, circle=circle, actor=owner, expires=timezone.now())


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_owners_and_moderators_revoke_invites(circle, owner, request, who):
    invite = cs.invite_create(circle=circle, actor=owner)

    cs.invite_revoke(invite=invite, actor=request.getfixturevalue(who))

    assert Invite.objects.get().revoked is not None
    assert cs.invite_status(invite.token)[1] == "revoked"


def test_revoking_twice_keeps_the_first_time(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner)
    cs.invite_revoke(invite=invite, actor=owner)
    first = Invite.objects.get().revoked

    cs.invite_revoke(invite=Invite.objects.get(), actor=owner)

    assert Invite.objects.get().revoked == first


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_members_and_others_cannot_revoke(circle, owner, request, who):
    invite = cs.invite_create(circle=circle, actor=owner)

    forbidden(cs.invite_revoke, invite=invite, actor=request.getfixturevalue(who))


def test_a_valid_invite_says_so(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner, expires=timezone.now() + LATER)

    found, status = cs.invite_status(invite.token)

    assert (found, status) == (invite, "valid")
    assert found.circle.name == "Study group"


@pytest.mark.parametrize("token", ["no-such-token", "", None, 42])
def test_an_unknown_token_is_unknown(circle, token):
    assert cs.invite_status(token) == (None, "unknown")


def test_an_invite_past_its_expiry_is_expired(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner, expires=timezone.now() + LATER)
    Invite.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))

    assert cs.invite_status(invite.token)[1] == "expired"


def test_an_invite_at_its_limit_is_used_up(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=2)
    Invite.objects.update(uses=2)

    assert cs.invite_status(invite.token)[1] == "used_up"


def test_revoked_is_said_before_expired_and_used_up(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=1)
    Invite.objects.update(
        uses=1, revoked=timezone.now(), expires=timezone.now() - datetime.timedelta(days=1)
    )

    assert cs.invite_status(invite.token)[1] == "revoked"


def test_the_invite_of_a_deleted_circle_is_unknown(circle, owner):
    invite = cs.invite_create(circle=circle, actor=owner)
    cs.circle_delete(circle=circle, actor=owner)

    assert cs.invite_status(invite.token) == (None, "unknown")
    with pytest.raises(InviteError) as caught:
        cs.invite_accept(token=invite.token, user=owner)
    assert caught.value.status == "unknown"


def test_accepting_an_invite_joins_as_a_member_and_counts_a_use(circle, owner, reader):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=3)

    membership = cs.invite_accept(token=invite.token, user=reader)

    assert (membership.circle, membership.user, membership.role) == (circle, reader, "member")
    assert role_of(circle, reader) == "member"
    assert Invite.objects.get().uses == 1


def test_an_invite_without_a_limit_counts_its_uses(circle, owner, reader, outsider):
    invite = cs.invite_create(circle=circle, actor=owner)

    cs.invite_accept(token=invite.token, user=reader)
    cs.invite_accept(token=invite.token, user=outsider)

    assert Invite.objects.get().uses == 2


@pytest.mark.parametrize("who", ["owner", "moderator", "member"])
def test_a_member_accepting_keeps_their_role_and_uses_nothing(circle, owner, request, who):
    user = request.getfixturevalue(who)
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=1)
    before = role_of(circle, user)

    membership = cs.invite_accept(token=invite.token, user=user)

    assert membership == Membership.objects.get(circle=circle, user=user)
    assert role_of(circle, user) == before
    assert Invite.objects.get().uses == 0
    assert Membership.objects.count() == 3


def test_a_member_following_a_used_up_link_is_simply_in(circle, owner, member):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=1)
    Invite.objects.update(uses=1)

    assert cs.invite_accept(token=invite.token, user=member).role == "member"
    assert Invite.objects.get().uses == 1


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"revoked": timezone.now()}, "revoked", "withdrawn"),
        ({"expires": timezone.now() - datetime.timedelta(minutes=1)}, "expired", "expired"),
        ({"uses": 2}, "used_up", "used as many times"),
    ],
)
def test_an_unusable_invite_is_refused_plainly(circle, owner, reader, change, status, words):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=2)
    Invite.objects.update(**change)
    before = snapshot()

    with pytest.raises(InviteError) as caught:
        cs.invite_accept(token=invite.token, user=reader)

    assert caught.value.status == status
    assert words in caught.value.message
    assert snapshot() == before
    assert role_of(circle, reader) is None


@pytest.mark.parametrize("token", ["no-such-token", "", None])
def test_an_unknown_invite_is_refused(circle, reader, token):
    with pytest.raises(InviteError) as caught:
        cs.invite_accept(token=token, user=reader)

    assert caught.value.status == "unknown"
    assert "not valid" in caught.value.message


def test_an_invite_stops_at_its_limit(circle, owner, reader, outsider):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=1)
    cs.invite_accept(token=invite.token, user=reader)

    with pytest.raises(InviteError) as caught:
        cs.invite_accept(token=invite.token, user=outsider)

    assert caught.value.status == "used_up"
    assert Invite.objects.get().uses == 1
    assert role_of(circle, outsider) is None


def test_it_counts_a_use_in_the_database_and_only_below_the_limit(circle, owner, reader):
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=1)

    with CaptureQueriesContext(connection) as captured:
        cs.invite_accept(token=invite.token, user=reader)

    sql = [query["sql"] for query in captured.captured_queries]
    update = next(q for q in sql if q.startswith('UPDATE "annotations_invite"'))
    # F(): "uses" = "uses" + 1, guarded by uses < max_uses, never a value read earlier.
    assert '"uses" = ("annotations_invite"."uses" + 1)' in update
    assert '"annotations_invite"."uses" < ("annotations_invite"."max_uses")' in update
    locking = [q for q in sql if q.startswith("SELECT") and '"annotations_invite"' in q]
    if connection.features.has_select_for_update:
        assert locking[0].endswith("FOR UPDATE")


@pytest.mark.django_db(transaction=True)
def test_concurrent_accepts_never_exceed_the_limit(django_user_model):
    owner = django_user_model.objects.create_user("owner-x", password="x" * 20)
    readers = [django_user_model.objects.create_user(f"r{i}", password="x" * 20) for i in range(8)]
    circle = cs.circle_create(owner=owner, name="Race")
    invite = cs.invite_create(circle=circle, actor=owner, max_uses=3)
    start = threading.Barrier(len(readers))
    outcomes: list[str] = []

    def accept(user):
        start.wait()
        try:
            for _attempt in range(200):
                try:
                    cs.invite_accept(token=invite.token, user=user)
                    outcomes.append("joined")
                    return
                except InviteError as error:
                    outcomes.append(error.status)
                    return
                except OperationalError:
                    # SQLite's shared-cache test database refuses a second writer outright
                    # ("table is locked") instead of waiting: the whole accept rolled back.
                    if connection.vendor != "sqlite":
                        raise
                    time.sleep(0.01)
            outcomes.append("gave up")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(user,)) for user in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["joined"] * 3 + ["used_up"] * 5
    assert Invite.objects.get().uses == 3
    assert Membership.objects.filter(circle=circle, role=Role.MEMBER).count() == 3


# Roles


def test_an_owner_changes_roles(circle, owner, member, moderator):
    cs.member_set_role(circle=circle, actor=owner, user=member, role="moderator")
    cs.member_set_role(circle=circle, actor=owner, user=moderator, role="owner")

    assert (role_of(circle, member), role_of(circle, moderator)) == ("moderator", "owner")


def test_an_owner_can_step_down_when_another_owner_remains(circle, owner, moderator):
    cs.member_set_role(circle=circle, actor=owner, user=moderator, role="owner")

    cs.member_set_role(circle=circle, actor=owner, user=owner, role="member")

    assert (role_of(circle, owner), role_of(circle, moderator)) == ("member", "owner")


@pytest.mark.parametrize("role", ["moderator", "member"])
def test_the_last_owner_cannot_be_demoted(circle, owner, role):
    error = refused("role", cs.member_set_role, circle=circle, actor=owner, user=owner, role=role)

    assert "owner" in error.message


def test_setting_the_last_owner_to_owner_changes_nothing(circle, owner):
    cs.member_set_role(circle=circle, actor=owner, user=owner, role="owner")

    assert role_of(circle, owner) == "owner"


@pytest.mark.parametrize("who", ["moderator", "member", "outsider"])
def test_only_owners_change_roles(circle, member, request, who):
    actor = request.getfixturevalue(who)

    forbidden(cs.member_set_role, circle=circle, actor=actor, user=member, role="moderator")


@pytest.mark.parametrize("role", ["admin", "", None, "Owner"])
def test_it_refuses_an_unknown_role(circle, owner, member, role):
    refused("role", cs.member_set_role, circle=circle, actor=owner, user=member, role=role)


def test_it_refuses_a_role_for_someone_outside(circle, owner, outsider):
    refused("user", cs.member_set_role, circle=circle, actor=owner, user=outsider, role="member")


# Removing and leaving


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_an_owner_removes_anyone_else(circle, owner, request, who):
    user = request.getfixturevalue(who)

    cs.member_remove(circle=circle, actor=owner, user=user)

    assert role_of(circle, user) is None


def test_an_owner_removes_another_owner(circle, owner, moderator):
    cs.member_set_role(circle=circle, actor=owner, user=moderator, role="owner")

    cs.member_remove(circle=circle, actor=owner, user=moderator)

    assert role_of(circle, moderator) is None


def test_a_moderator_removes_a_plain_member(circle, moderator, member):
    cs.member_remove(circle=circle, actor=moderator, user=member)

    assert role_of(circle, member) is None


def test_a_moderator_cannot_remove_an_owner_or_another_moderator(circle, owner, moderator, member):
    cs.member_set_role(circle=circle, actor=owner, user=member, role="moderator")

    forbidden(cs.member_remove, circle=circle, actor=moderator, user=owner)
    forbidden(cs.member_remove, circle=circle, actor=moderator, user=member)


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_a_member_cannot_remove_anyone(circle, member, request, who):
    forbidden(cs.member_remove, circle=circle, actor=member, user=request.getfixturevalue(who))


def test_someone_outside_cannot_remove_anyone(circle, outsider, member):
    forbidden(cs.member_remove, circle=circle, actor=outsider, user=member)


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_anyone_may_leave(circle, request, who):
    user = request.getfixturevalue(who)

    cs.member_remove(circle=circle, actor=user, user=user)

    assert role_of(circle, user) is None


def test_an_owner_may_leave_when_another_owner_remains(circle, owner, moderator):
    cs.member_set_role(circle=circle, actor=owner, user=moderator, role="owner")

    cs.member_remove(circle=circle, actor=owner, user=owner)

    assert role_of(circle, owner) is None


def test_the_last_owner_cannot_leave(circle, owner):
    error = refused("user", cs.member_remove, circle=circle, actor=owner, user=owner)

    assert "last owner" in error.message


def test_removing_someone_outside_is_refused(circle, owner, outsider):
    refused("user", cs.member_remove, circle=circle, actor=owner, user=outsider)


def test_a_leavers_shared_annotations_stay_in_the_circle_and_theirs(circle, owner, member, shared):
    cs.member_remove(circle=circle, actor=owner, user=member)

    stored = Annotation.objects.get(pk=shared.pk)
    assert (stored.author, stored.visibility, stored.circle) == (member, "circle", circle)
    # It stays with the circle as they wrote it: theirs to delete, no longer to change.
    with pytest.raises(PermissionDenied, match="no longer belong to the circle"):
        annotation_update(annotation=stored, actor=member, comment="Changed outside")
    assert Annotation.objects.get(pk=shared.pk).comment == shared.comment
    annotation_delete(annotation=stored, actor=member)
    assert not Annotation.objects.filter(pk=shared.pk).exists()


def test_a_leavers_reactions_stop_counting(circle, owner, member, moderator, shared):
    moderation.reaction_add(annotation=shared, user=moderator, kind="agree")
    moderation.reaction_add(annotation=shared, user=owner, kind="agree")

    cs.member_remove(circle=circle, actor=moderator, user=moderator)

    assert reaction_counts([shared.pk])[shared.pk]["agree"] == 1


def test_deleting_an_account_deletes_its_annotations_replies_and_memberships(
    circle, owner, member, shared
):
    reply = Reply.objects.create(annotation=shared, author=owner, body="Yes", body_html="Yes")
    highlight(shared.document, owner, "Private trade", visibility="circle", circle=circle.slug)
    mine = Reply.objects.create(annotation=shared, author=member, body="Me", body_html="Me")
    moderation.reaction_add(annotation=shared, user=member, kind="question")
    member_id = member.pk

    member.delete()

    assert list(Annotation.objects.values_list("author", flat=True)) == [owner.pk]
    assert not Reply.objects.filter(pk__in=[reply.pk, mine.pk]).exists()
    assert Reaction.objects.count() == 0
    assert not Membership.objects.filter(user=member_id).exists()


# Visits


def test_a_visit_returns_the_previous_one(circle, member):
    first = cs.circle_visited(circle=circle, user=member)
    stored = Membership.objects.get(circle=circle, user=member).last_visit

    second = cs.circle_visited(circle=circle, user=member)

    assert first is None
    assert second == stored
    assert Membership.objects.get(circle=circle, user=member).last_visit >= stored


def test_only_members_visit(circle, outsider):
    forbidden(cs.circle_visited, circle=circle, user=outsider)


# The reading list


def entries(circle) -> list[tuple]:
    return list(
        ReadingListEntry.objects.filter(circle=circle).values_list(
            "document__slug", "section_order", "position"
        )
    )


@pytest.fixture
def other_document(db):
    return ingest_document(slug="other", title="Another text")


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_managers_add_to_the_reading_list_at_the_end(
    circle, document, other_document, request, who
):
    actor = request.getfixturevalue(who)
    due = datetime.date(2030, 3, 1)

    first = reading_list.reading_list_add(circle=circle, actor=actor, document=document)
    second = reading_list.reading_list_add(
        circle=circle, actor=actor, document=other_document, section_order=1, due=due, note="Hi"
    )

    assert entries(circle) == [("nep", None, 0), ("other", 1, 1)]
    stored = ReadingListEntry.objects.get(pk=second.pk)
    assert (stored.due, stored.note, stored.added_by) == (due, "Hi", actor)
    assert first.position == 0


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_cannot_touch_the_reading_list(circle, owner, document, request, who):
    actor = request.getfixturevalue(who)
    entry = reading_list.reading_list_add(circle=circle, actor=owner, document=document)

    forbidden(reading_list.reading_list_add, circle=circle, actor=actor, document=document)
    forbidden(reading_list.reading_list_update, entry=entry, actor=actor, note="x")
    forbidden(reading_list.reading_list_move, entry=entry, actor=actor, direction="up")
    forbidden(reading_list.reading_list_remove, entry=entry, actor=actor)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"section_order": 99}, "section_order"),
        ({"section_order": 0}, "section_order"),
        ({"section_order": "1"}, "section_order"),
        ({"due": "2030-03-01"}, "due"),
        ({"due": datetime.datetime(2030, 3, 1, tzinfo=datetime.UTC)}, "due"),
        ({"note": "x" * 2001}, "note"),
        ({"note": None}, "note"),
        ({"document": "nep"}, "document"),
    ],
)
def test_it_refuses_a_bad_entry(circle, owner, document, fields, field):
    refused(
        field,
        reading_list.reading_list_add,
        circle=circle,
        actor=owner,
        **{"document": document, **fields},
    )


def test_it_changes_an_entrys_due_date_and_note(circle, owner, moderator, document):
    entry = reading_list.reading_list_add(circle=circle, actor=owner, document=document, note="Old")

    reading_list.reading_list_update(entry=entry, actor=moderator, due=datetime.date(2030, 1, 2))
    reading_list.reading_list_update(entry=entry, actor=moderator, note="New")

    stored = ReadingListEntry.objects.get()
    assert (stored.due, stored.note) == (datetime.date(2030, 1, 2), "New")
    reading_list.reading_list_update(entry=entry, actor=owner, due=None)
    assert ReadingListEntry.objects.get().due is None


def test_it_refuses_a_bad_change_to_an_entry(circle, owner, document):
    entry = reading_list.reading_list_add(circle=circle, actor=owner, document=document)

    refused("due", reading_list.reading_list_update, entry=entry, actor=owner, due="soon")
    refused("note", reading_list.reading_list_update, entry=entry, actor=owner, note=3)


def test_it_moves_entries_up_and_down(circle, owner, document, other_document):
    a = reading_list.reading_list_add(circle=circle, actor=owner, document=document)
    b = reading_list.reading_list_add(circle=circle, actor=owner, document=other_document)
    c = reading_list.reading_list_add(
        circle=circle, actor=owner, document=document, section_order=1
    )

    reading_list.reading_list_move(entry=c, actor=owner, direction="up")
    assert entries(circle) == [("nep", None, 0), ("nep", 1, 1), ("other", None, 2)]
    reading_list.reading_list_move(entry=a, actor=owner, direction="down")
    assert entries(circle) == [("nep", 1, 0), ("nep", None, 1), ("other", None, 2)]
    # At either end, nothing moves.
    reading_list.reading_list_move(
        entry=ReadingListEntry.objects.get(pk=c.pk), actor=owner, direction="up"
    )
    reading_list.reading_list_move(
        entry=ReadingListEntry.objects.get(pk=b.pk), actor=owner, direction="down"
    )
    assert entries(circle) == [("nep", 1, 0), ("nep", None, 1), ("other", None, 2)]


def test_it_refuses_an_unknown_direction(circle, owner, document):
    entry = reading_list.reading_list_add(circle=circle, actor=owner, document=document)

    refused("direction", reading_list.reading_list_move, entry=entry, actor=owner, direction="left")


def test_it_removes_an_entry_and_keeps_the_order(circle, owner, document, other_document):
    reading_list.reading_list_add(circle=circle, actor=owner, document=document)
    middle = reading_list.reading_list_add(circle=circle, actor=owner, document=other_document)
    reading_list.reading_list_add(circle=circle, actor=owner, document=document, section_order=1)

    reading_list.reading_list_remove(entry=middle, actor=owner)
    reading_list.reading_list_add(circle=circle, actor=owner, document=other_document)

    assert entries(circle) == [("nep", None, 0), ("nep", 1, 2), ("other", None, 3)]


# Reactions


@pytest.mark.parametrize("who", ["owner", "moderator", "member"])
def test_members_react_once_of_each_kind(shared, request, who):
    user = request.getfixturevalue(who)

    for kind in ("agree", "question", "agree"):
        moderation.reaction_add(annotation=shared, user=user, kind=kind)

    assert sorted(Reaction.objects.values_list("kind", flat=True)) == ["agree", "question"]
    assert reaction_counts([shared.pk]) == {shared.pk: {"agree": 1, "disagree": 0, "question": 1}}


def test_taking_back_a_reaction_is_idempotent(shared, owner):
    moderation.reaction_add(annotation=shared, user=owner, kind="disagree")

    moderation.reaction_remove(annotation=shared, user=owner, kind="disagree")
    moderation.reaction_remove(annotation=shared, user=owner, kind="disagree")

    assert Reaction.objects.count() == 0


@pytest.mark.parametrize("kind", ["like", "", None, "Agree"])
def test_it_refuses_an_unknown_reaction(shared, owner, kind):
    refused("kind", moderation.reaction_add, annotation=shared, user=owner, kind=kind)
    refused("kind", moderation.reaction_remove, annotation=shared, user=owner, kind=kind)


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_reactions_are_for_circle_annotations(document, member, visibility):
    annotation = highlight(document, member, visibility=visibility)

    error = refused(
        "annotation", moderation.reaction_add, annotation=annotation, user=member, kind="agree"
    )

    assert error.message == "Reactions are for circle annotations."


def test_someone_outside_cannot_react(shared, outsider):
    forbidden(moderation.reaction_add, annotation=shared, user=outsider, kind="agree")
    forbidden(moderation.reaction_remove, annotation=shared, user=outsider, kind="agree")


def test_an_author_who_left_cannot_react(circle, owner, member, shared):
    cs.member_remove(circle=circle, actor=member, user=member)

    forbidden(moderation.reaction_add, annotation=shared, user=member, kind="agree")


# Moderation


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_managers_hide_and_unhide_an_annotation(shared, request, who):
    actor = request.getfixturevalue(who)

    moderation.annotation_hide(annotation=shared, actor=actor)
    assert Annotation.objects.get(pk=shared.pk).hidden is True
    moderation.annotation_hide(annotation=shared, actor=actor)
    assert Annotation.objects.get(pk=shared.pk).hidden is True

    moderation.annotation_unhide(annotation=shared, actor=actor)
    assert Annotation.objects.get(pk=shared.pk).hidden is False


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_managers_hide_and_unhide_a_reply(shared, member, request, who):
    actor = request.getfixturevalue(who)
    reply = Reply.objects.create(annotation=shared, author=member, body="x", body_html="x")

    moderation.reply_hide(reply=reply, actor=actor)
    assert Reply.objects.get().hidden is True
    moderation.reply_unhide(reply=reply, actor=actor)
    assert Reply.objects.get().hidden is False


@pytest.mark.parametrize("who", ["member", "outsider"])
def test_others_cannot_hide(shared, request, who):
    actor = request.getfixturevalue(who)
    reply = Reply.objects.create(annotation=shared, author=actor, body="x", body_html="x")

    forbidden(moderation.annotation_hide, annotation=shared, actor=actor)
    forbidden(moderation.reply_hide, reply=reply, actor=actor)
    Annotation.objects.filter(pk=shared.pk).update(hidden=True)
    forbidden(
        moderation.annotation_unhide, annotation=Annotation.objects.get(pk=shared.pk), actor=actor
    )


def test_moderators_of_another_circle_cannot_hide(shared, outsider):
    cs.circle_create(owner=outsider, name="Theirs")

    forbidden(moderation.annotation_hide, annotation=shared, actor=outsider)


@pytest.mark.parametrize("visibility", ["private", "public"])
def test_only_circle_annotations_are_moderated(document, owner, circle, visibility):
    annotation = highlight(document, owner, visibility=visibility)
    reply = Reply.objects.create(annotation=annotation, author=owner, body="x", body_html="x")

    refused("annotation", moderation.annotation_hide, annotation=annotation, actor=owner)
    refused("annotation", moderation.reply_hide, reply=reply, actor=owner)
