"""/api/circles/, /api/invites/ and the circle parts of /api/annotations/.

Errors: 400 naming the field, 404 for what the caller may not know exists (a circle
they are not in, and everything in it), 403 for what they may see but not do, and
403 for any write without sign-in.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import moderation
from annotations.circles import services as circle_services
from annotations.models import Annotation, Circle, Invite, Membership, Reaction, Role
from tests.annotations.conftest import highlight, payload
from tests.conftest import THROTTLE

CIRCLES = reverse("api:circle-list")
ANNOTATIONS = reverse("api:annotation-list")
CIRCLE_FIELDS = ["slug", "name", "description", "created", "role", "member_count", "url"]
INVITE_FIELDS = ["token", "url", "expires", "max_uses", "uses", "revoked"]
NO_CIRCLE = {"detail": "No such circle"}


def circle_url(slug: str = "study-group") -> str:
    return reverse("api:circle-detail", args=[slug])


def members_url(slug: str = "study-group", username: str | None = None) -> str:
    if username is None:
        return reverse("api:circle-member-list", args=[slug])
    return reverse("api:circle-member-detail", args=[slug, username])


def invites_url(slug: str = "study-group", token: str | None = None) -> str:
    if token is None:
        return reverse("api:circle-invite-list", args=[slug])
    return reverse("api:circle-invite-detail", args=[slug, token])


def accept_url(token: str) -> str:
    return reverse("api:invite-accept", args=[token])


def role_of(circle, user) -> str | None:
    return (
        Membership.objects.filter(circle=circle, user=user).values_list("role", flat=True).first()
    )


@pytest.fixture
def as_owner(owner, client_as):
    return client_as(owner)


@pytest.fixture
def as_moderator(moderator, client_as):
    return client_as(moderator)


@pytest.fixture
def as_member(member, client_as):
    return client_as(member)


@pytest.fixture
def as_outsider(outsider, client_as):
    return client_as(outsider)


@pytest.fixture
def shared(document, member, circle):
    return highlight(document, member, visibility="circle", circle=circle.slug)


# Listing and creating circles


def test_it_lists_the_callers_circles_with_their_role(circle, as_member, member, outsider):
    circle_services.circle_create(owner=member, name="Another")
    circle_services.circle_create(owner=outsider, name="Not mine")

    response = as_member.get(CIRCLES)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(c["slug"], c["role"], c["member_count"]) for c in results] == [
        ("another", "owner", 1),
        ("study-group", "member", 3),
    ]
    assert list(results[1]) == CIRCLE_FIELDS
    assert results[1]["url"] == "http://testserver/api/circles/study-group/"
    assert results[1]["description"] == "We read Carr."


def test_it_lists_no_circles_for_an_anonymous_caller_or_an_outsider(circle, anonymous, as_outsider):
    assert anonymous.get(CIRCLES).json() == {"results": []}
    assert as_outsider.get(CIRCLES).json() == {"results": []}


@pytest.mark.parametrize("number", [1, 3])
def test_it_lists_circles_in_a_constant_number_of_queries(
    owner, as_owner, django_user_model, number, django_assert_num_queries
):
    for i in range(number):
        made = circle_services.circle_create(owner=owner, name=f"Circle {i}")
        for j in range(2):
            user = django_user_model.objects.create_user(f"u{i}-{j}", password="x" * 20)
            Membership.objects.create(circle=made, user=user)

    # Session, user, the circles with role and member count.
    with django_assert_num_queries(3 + THROTTLE):
        response = as_owner.get(CIRCLES)

    assert [c["member_count"] for c in response.json()["results"]] == [3] * number


def test_any_signed_in_reader_creates_a_circle_and_owns_it(as_outsider, outsider):
    response = as_outsider.post(
        CIRCLES, {"name": "Carr readers", "description": "Tuesdays."}, format="json"
    )

    assert response.status_code == 201
    data = response.json()
    assert list(data) == CIRCLE_FIELDS
    assert (data["slug"], data["name"], data["description"]) == (
        "carr-readers",
        "Carr readers",
        "Tuesdays.",
    )
    assert (data["role"], data["member_count"]) == ("owner", 1)
    assert role_of(Circle.objects.get(), outsider) == "owner"


def test_a_second_circle_of_the_same_name_gets_its_own_slug(circle, as_outsider):
    response = as_outsider.post(CIRCLES, {"name": "Study group"}, format="json")

    assert response.json()["slug"] == "study-group-2"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": 3}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Carr", "description": "x" * 2001}, "description"),
        ({"name": "Carr", "slug": "mine"}, "slug"),
    ],
)
def test_it_refuses_a_bad_circle(as_owner, body, field):
    response = as_owner.post(CIRCLES, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Circle.objects.count() == 0


def test_an_anonymous_caller_cannot_create_a_circle(anonymous, db):
    response = anonymous.post(CIRCLES, {"name": "Carr"}, format="json")

    assert response.status_code == 403
    assert Circle.objects.count() == 0


# One circle


@pytest.mark.parametrize(("who", "role"), [("owner", "owner"), ("member", "member")])
def test_a_member_reads_the_circle(circle, client_as, request, who, role):
    response = client_as(request.getfixturevalue(who)).get(circle_url())

    assert response.status_code == 200
    assert response.json()["role"] == role
    assert response.json()["member_count"] == 3


def test_a_circle_is_not_found_by_anyone_outside_it(circle, as_outsider, anonymous):
    for client in (as_outsider, anonymous):
        response = client.get(circle_url())
        missing = client.get(circle_url("no-such-circle"))
        assert (response.status_code, response.json()) == (404, NO_CIRCLE)
        assert (missing.status_code, missing.json()) == (404, NO_CIRCLE)


def test_an_owner_renames_a_circle(circle, as_owner):
    response = as_owner.patch(circle_url(), {"name": "Seminar"}, format="json")

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["slug"]) == ("Seminar", "study-group")
    assert response.json()["role"] == "owner"
    assert Circle.objects.get().name == "Seminar"


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_only_an_owner_changes_the_circle(circle, client_as, request, who):
    response = client_as(request.getfixturevalue(who)).patch(
        circle_url(), {"name": "Mine"}, format="json"
    )

    assert response.status_code == 403
    assert Circle.objects.get().name == "Study group"


def test_an_outsider_cannot_change_a_circle(circle, as_outsider, anonymous):
    assert as_outsider.patch(circle_url(), {"name": "x"}, format="json").status_code == 404
    assert anonymous.patch(circle_url(), {"name": "x"}, format="json").status_code == 403
    assert Circle.objects.get().name == "Study group"


@pytest.mark.parametrize(("body", "field"), [({"name": ""}, "name"), ({"colour": "x"}, "colour")])
def test_it_refuses_a_bad_change(circle, as_owner, body, field):
    response = as_owner.patch(circle_url(), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_an_owner_deletes_a_circle_and_its_annotations_become_private(
    circle, as_owner, as_member, shared
):
    response = as_owner.delete(circle_url())

    assert response.status_code == 204
    assert Circle.objects.count() == 0
    data = as_member.get(reverse("api:annotation-detail", args=[shared.pk])).json()
    assert (data["visibility"], data["circle"]) == ("private", None)


@pytest.mark.parametrize(
    ("who", "status"), [("moderator", 403), ("member", 403), ("outsider", 404)]
)
def test_only_an_owner_deletes_a_circle(circle, client_as, request, who, status):
    response = client_as(request.getfixturevalue(who)).delete(circle_url())

    assert response.status_code == status
    assert Circle.objects.count() == 1


# Members


def test_a_member_lists_the_members(circle, as_member):
    response = as_member.get(members_url())

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(m["username"], m["role"]) for m in results] == [
        ("alice", "owner"),
        ("dave", "moderator"),
        ("bob", "member"),
    ]
    assert list(results[0]) == ["username", "role", "joined"]


def test_an_outsider_cannot_list_the_members(circle, as_outsider, anonymous):
    assert as_outsider.get(members_url()).json() == NO_CIRCLE
    assert anonymous.get(members_url()).status_code == 404


def test_an_owner_changes_a_role(circle, as_owner, member):
    response = as_owner.patch(members_url(username="bob"), {"role": "moderator"}, format="json")

    assert response.status_code == 200
    assert response.json()["role"] == "moderator"
    assert role_of(circle, member) == "moderator"


def test_the_last_owner_cannot_be_demoted(circle, as_owner, owner):
    response = as_owner.patch(members_url(username="alice"), {"role": "member"}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    assert role_of(circle, owner) == "owner"


@pytest.mark.parametrize(("body", "field"), [({"role": "admin"}, "role"), ({}, "role")])
def test_it_refuses_an_unknown_role(circle, as_owner, body, field):
    response = as_owner.patch(members_url(username="bob"), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_only_owners_change_roles(circle, client_as, request, who, member):
    client = client_as(request.getfixturevalue(who))

    response = client.patch(members_url(username="bob"), {"role": "owner"}, format="json")

    assert response.status_code == 403
    assert role_of(circle, member) == "member"


def test_changing_the_role_of_someone_outside_is_not_found(circle, as_owner, outsider):
    for username in ("carol", "nobody"):
        response = as_owner.patch(members_url(username=username), {"role": "member"}, format="json")
        assert (response.status_code, response.json()) == (404, {"detail": "No such member"})


def test_an_outsider_cannot_change_roles(circle, as_outsider):
    response = as_outsider.patch(members_url(username="bob"), {"role": "owner"}, format="json")

    assert (response.status_code, response.json()) == (404, NO_CIRCLE)


@pytest.mark.parametrize(
    ("who", "username", "status"),
    [
        ("owner", "dave", 204),
        ("owner", "bob", 204),
        ("moderator", "bob", 204),
        ("moderator", "alice", 403),
        ("member", "dave", 403),
        ("member", "bob", 204),  # leaving
        ("moderator", "dave", 204),  # leaving
        ("owner", "alice", 400),  # the last owner cannot leave
        ("outsider", "bob", 404),
        ("owner", "carol", 404),
    ],
)
def test_removing_and_leaving(circle, client_as, request, who, username, status):
    before = Membership.objects.count()

    response = client_as(request.getfixturevalue(who)).delete(members_url(username=username))

    assert response.status_code == status, response.content
    assert Membership.objects.count() == before - (status == 204)
    if status == 204:
        assert not Membership.objects.filter(user__username=username, circle=circle).exists()
    if status == 400:
        assert list(response.json()) == ["user"]


def test_a_member_who_leaves_can_no_longer_see_the_circle(circle, as_member):
    as_member.delete(members_url(username="bob"))

    assert as_member.get(circle_url()).status_code == 404


# Invites


@pytest.mark.parametrize("who", ["owner", "moderator"])
def test_owners_and_moderators_create_an_invite(circle, client_as, request, who):
    expires = (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)

    response = client_as(request.getfixturevalue(who)).post(
        invites_url(), {"expires": expires.isoformat(), "max_uses": 10}, format="json"
    )

    assert response.status_code == 201
    data = response.json()
    invite = Invite.objects.get()
    assert list(data) == INVITE_FIELDS
    assert data == {
        "token": invite.token,
        "url": f"http://testserver/invite/{invite.token}/",
        "expires": expires.isoformat(),
        "max_uses": 10,
        "uses": 0,
        "revoked": None,
    }


def test_an_invite_may_have_no_limits(circle, as_owner):
    data = as_owner.post(invites_url(), {}, format="json").json()

    assert (data["expires"], data["max_uses"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expires": "2000-01-01T00:00:00Z"}, "expires"),
        ({"expires": "next week"}, "expires"),
        ({"max_uses": 0}, "max_uses"),
        ({"max_uses": "5"}, "max_uses"),
        ({"uses": 3}, "uses"),
    ],
)
def test_it_refuses_a_bad_invite(circle, as_owner, body, field):
    response = as_owner.post(invites_url(), body, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Invite.objects.count() == 0


def test_a_member_cannot_invite_and_an_outsider_finds_nothing(circle, as_member, as_outsider):
    assert as_member.post(invites_url(), {}, format="json").status_code == 403
    assert as_outsider.post(invites_url(), {}, format="json").json() == NO_CIRCLE
    assert Invite.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("owner", 204), ("moderator", 204), ("member", 403)])
def test_revoking_an_invite(circle, owner, client_as, request, who, status):
    invite = circle_services.invite_create(circle=circle, actor=owner)

    response = client_as(request.getfixturevalue(who)).delete(invites_url(token=invite.token))

    assert response.status_code == status
    assert (Invite.objects.get().revoked is not None) == (status == 204)


def test_revoking_an_unknown_or_foreign_invite_is_not_found(circle, as_owner, outsider):
    theirs = circle_services.circle_create(owner=outsider, name="Theirs")
    foreign = circle_services.invite_create(circle=theirs, actor=outsider)

    for token in ("no-such-token", foreign.token):
        response = as_owner.delete(invites_url(token=token))
        assert (response.status_code, response.json()) == (404, {"detail": "No such invite"})
    assert Invite.objects.get().revoked is None


def test_following_an_invite_joins_the_circle(circle, owner, as_outsider, outsider):
    invite = circle_services.invite_create(circle=circle, actor=owner, max_uses=2)

    response = as_outsider.post(accept_url(invite.token))

    assert response.status_code == 200
    assert list(response.json()) == CIRCLE_FIELDS
    assert (response.json()["slug"], response.json()["role"]) == ("study-group", "member")
    assert response.json()["member_count"] == 4
    assert role_of(circle, outsider) == "member"
    assert Invite.objects.get().uses == 1


def test_a_member_following_an_invite_stays_as_they_were(circle, owner, as_moderator):
    invite = circle_services.invite_create(circle=circle, actor=owner, max_uses=1)

    response = as_moderator.post(accept_url(invite.token))

    assert response.status_code == 200
    assert response.json()["role"] == "moderator"
    assert Invite.objects.get().uses == 0


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"revoked": timezone.now()}, "withdrawn"),
        ({"expires": timezone.now() - datetime.timedelta(seconds=1)}, "expired"),
        ({"uses": 1}, "used as many times"),
    ],
)
def test_an_unusable_invite_says_so(circle, owner, as_outsider, outsider, change, words):
    invite = circle_services.invite_create(circle=circle, actor=owner, max_uses=1)
    Invite.objects.update(**change)

    response = as_outsider.post(accept_url(invite.token))

    assert response.status_code == 400
    assert list(response.json()) == ["token"]
    assert words in response.json()["token"][0]
    assert role_of(circle, outsider) is None


def test_an_unknown_invite_or_one_to_a_deleted_circle_is_not_found(circle, owner, as_outsider):
    invite = circle_services.invite_create(circle=circle, actor=owner)
    circle_services.circle_delete(circle=circle, actor=owner)

    for token in ("no-such-token", invite.token):
        response = as_outsider.post(accept_url(token))
        assert (response.status_code, response.json()) == (404, {"detail": "No such invite"})


def test_an_anonymous_caller_must_sign_in_to_accept(circle, owner, anonymous):
    invite = circle_services.invite_create(circle=circle, actor=owner)

    assert anonymous.post(accept_url(invite.token)).status_code == 403
    assert Invite.objects.get().uses == 0


# Annotations shared with a circle


def test_it_shares_an_annotation_with_a_circle(circle, document, as_member):
    body = payload(document, visibility="circle", circle="study-group")

    response = as_member.post(ANNOTATIONS, body, format="json")

    assert response.status_code == 201
    data = response.json()
    assert (data["visibility"], data["circle"], data["hidden"]) == ("circle", "study-group", False)
    assert data["reactions"] == {"agree": 0, "disagree": 0, "question": 0}
    assert data["my_reactions"] == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"visibility": "circle"},
        {"visibility": "circle", "circle": "no-such-circle"},
        {"visibility": "circle", "circle": "theirs"},
        {"visibility": "public", "circle": "study-group"},
        {"visibility": "circle", "circle": 3},
    ],
)
def test_it_refuses_a_circle_the_author_is_not_in(circle, document, as_member, outsider, overrides):
    circle_services.circle_create(owner=outsider, name="Theirs")

    response = as_member.post(ANNOTATIONS, payload(document, **overrides), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["circle"]
    assert Annotation.objects.count() == 0


def test_an_author_moves_an_annotation_between_private_circles_and_public(
    circle, document, as_member, member
):
    other = circle_services.circle_create(owner=member, name="Second")
    created = as_member.post(ANNOTATIONS, payload(document), format="json").json()
    detail = reverse("api:annotation-detail", args=[created["id"]])
    moves = [
        ({"visibility": "circle", "circle": "study-group"}, ("circle", "study-group")),
        ({"circle": other.slug}, ("circle", "second")),
        ({"visibility": "public"}, ("public", None)),
        ({"visibility": "circle", "circle": "study-group"}, ("circle", "study-group")),
        ({"visibility": "private"}, ("private", None)),
    ]

    for body, expected in moves:
        response = as_member.patch(detail, body, format="json")
        assert response.status_code == 200, response.content
        assert (response.json()["visibility"], response.json()["circle"]) == expected
        stored = Annotation.objects.select_related("circle").get()
        assert (stored.visibility, stored.circle and stored.circle.slug) == expected


def test_it_lists_one_circles_annotations(circle, document, member, owner, as_owner):
    other = circle_services.circle_create(owner=owner, name="Second")
    in_circle = highlight(document, member, visibility="circle", circle=circle.slug)
    highlight(document, owner, "Private trade", visibility="circle", circle=other.slug)
    highlight(document, owner, "the market", visibility="public")

    response = as_owner.get(ANNOTATIONS, {"circle": "study-group"})

    assert [item["id"] for item in response.json()["results"]] == [in_circle.pk]
    assert response.json()["results"][0]["circle"] == "study-group"


def test_the_circle_filter_shows_an_outsider_nothing(circle, document, member, as_outsider):
    highlight(document, member, visibility="circle", circle=circle.slug)

    assert as_outsider.get(ANNOTATIONS, {"circle": "study-group"}).json()["results"] == []


@pytest.mark.parametrize("number", [1, 3])
def test_it_lists_circle_annotations_in_a_constant_number_of_queries(
    circle, document, member, owner, moderator, as_owner, number, django_assert_num_queries
):
    for _ in range(number):
        annotation = highlight(
            document, member, visibility="circle", circle=circle.slug, tags=["nep"]
        )
        moderation.reaction_add(annotation=annotation, user=owner, kind="agree")
        moderation.reaction_add(annotation=annotation, user=moderator, kind="agree")
        highlight(document, owner, "Private trade", visibility="public", tags=["x"])

    # Session, user, count, page, tags, reaction counts, the caller's reactions.
    with django_assert_num_queries(7 + THROTTLE):
        response = as_owner.get(ANNOTATIONS)

    circle_items = [i for i in response.json()["results"] if i["circle"]]
    assert len(circle_items) == number
    assert all(i["reactions"] == {"agree": 2, "disagree": 0, "question": 0} for i in circle_items)
    assert all(i["my_reactions"] == ["agree"] for i in circle_items)


# Reactions


def react(client, annotation, kind="agree", method="post"):
    url = reverse("api:reaction-list", args=[annotation.pk])
    return getattr(client, method)(url, {"kind": kind}, format="json")


def test_members_mark_a_circle_annotation_once_of_each_kind(shared, as_owner, as_member):
    react(as_owner, shared, "agree")
    react(as_owner, shared, "agree")
    react(as_owner, shared, "question")
    response = react(as_member, shared, "agree")

    assert response.status_code == 200
    assert response.json() == {
        "reactions": {"agree": 2, "disagree": 0, "question": 1},
        "my_reactions": ["agree"],
    }
    detail = as_owner.get(reverse("api:annotation-detail", args=[shared.pk])).json()
    assert detail["reactions"] == {"agree": 2, "disagree": 0, "question": 1}
    assert detail["my_reactions"] == ["agree", "question"]


def test_a_member_takes_a_reaction_back(shared, as_owner):
    react(as_owner, shared, "disagree")

    response = react(as_owner, shared, "disagree", method="delete")
    again = react(as_owner, shared, "disagree", method="delete")

    assert (response.status_code, again.status_code) == (200, 200)
    assert again.json()["reactions"] == {"agree": 0, "disagree": 0, "question": 0}
    assert Reaction.objects.count() == 0


def test_a_reaction_can_be_taken_back_with_a_query_parameter(shared, as_owner):
    react(as_owner, shared, "question")
    url = reverse("api:reaction-list", args=[shared.pk])

    response = as_owner.delete(f"{url}?kind=question")

    assert response.status_code == 200
    assert Reaction.objects.count() == 0


@pytest.mark.parametrize(("kind", "field"), [("like", "kind"), (None, "kind"), ("", "kind")])
def test_it_refuses_an_unknown_reaction(shared, as_owner, kind, field):
    response = react(as_owner, shared, kind)

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert Reaction.objects.count() == 0


def test_reactions_are_for_circle_annotations(document, member, as_owner):
    public = highlight(document, member, visibility="public")

    response = react(as_owner, public)

    assert response.status_code == 400
    assert response.json() == {"annotation": ["Reactions are for circle annotations."]}


def test_an_outsider_cannot_react_to_what_they_cannot_see(shared, as_outsider, anonymous):
    assert react(as_outsider, shared).json() == {"detail": "No such annotation"}
    assert react(anonymous, shared).status_code == 403
    assert Reaction.objects.count() == 0


# Moderation


def hide(client, annotation, action="hide"):
    return client.post(reverse(f"api:annotation-{action}", args=[annotation.pk]))


def test_a_moderator_hides_and_unhides_a_circle_annotation(shared, as_moderator, as_member):
    response = hide(as_moderator, shared)

    assert response.status_code == 200
    assert response.json()["hidden"] is True
    # Its author still sees it, marked hidden.
    detail = as_member.get(reverse("api:annotation-detail", args=[shared.pk]))
    assert detail.json()["hidden"] is True

    response = hide(as_moderator, shared, "unhide")

    assert (response.status_code, response.json()["hidden"]) == (200, False)
    assert Annotation.objects.get().hidden is False


def test_a_hidden_annotation_leaves_the_other_members_list(
    shared, as_owner, as_member, client_as, django_user_model, circle, owner
):
    reader = django_user_model.objects.create_user("gina", password="x" * 20)
    Membership.objects.create(circle=circle, user=reader, role=Role.MEMBER)
    hide(as_owner, shared)

    assert client_as(reader).get(ANNOTATIONS).json()["results"] == []
    assert [i["id"] for i in as_member.get(ANNOTATIONS).json()["results"]] == [shared.pk]
    assert [i["id"] for i in as_owner.get(ANNOTATIONS).json()["results"]] == [shared.pk]


def test_a_member_cannot_hide(shared, as_member):
    assert hide(as_member, shared).status_code == 403
    assert hide(as_member, shared, "unhide").status_code == 403
    assert Annotation.objects.get().hidden is False


def test_only_circle_annotations_are_hidden(document, owner, circle, as_owner):
    public = highlight(document, owner, visibility="public")

    response = hide(as_owner, public)

    assert response.status_code == 400
    assert list(response.json()) == ["annotation"]


def test_replies_say_whether_they_are_hidden(shared, moderator, member, as_member):
    reply = moderation.reply_hide(
        reply=shared.replies.create(author=member, body="x", body_html="x"), actor=moderator
    )

    response = as_member.get(reverse("api:reply-list", args=[shared.pk]))

    assert [(r["id"], r["hidden"]) for r in response.json()["results"]] == [(reply.pk, True)]
