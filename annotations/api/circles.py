"""Circles, their members and invites: a circle is seen only by its members."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, NOT_SIGNED_IN, ApiView, valid
from annotations.api.serializers import (
    CircleCreateSerializer,
    CircleUpdateSerializer,
    InviteCreateSerializer,
    MemberRoleSerializer,
)
from annotations.circles import services as circle_services
from annotations.circles.queries import get_invite_of, get_member_of
from annotations.circles.services import InviteError
from annotations.models import (
    Circle,
    Invite,
    Membership,
    Role,
)
from annotations.presenters import (
    circle_json,
    invite_json,
    member_json,
)
from annotations.queries import (
    circles_for_user,
    get_circle_for_member,
)


class CircleListView(ApiView):
    """The caller's circles; any signed-in reader creates one and becomes its owner."""

    @extend_schema(
        operation_id="circles_list",
        summary="The circles the caller belongs to, by name (none for anonymous callers)",
        responses={200: schema.CircleList},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "results": [
                    _circle_answer(request, circle, circle.role, circle.member_count)
                    for circle in circles_for_user(request.user)
                ]
            }
        )

    @extend_schema(
        operation_id="circles_create",
        summary="Create a circle, with the caller as its owner",
        request=CircleCreateSerializer,
        responses={201: schema.Circle, 400: BAD_INPUT, 403: NOT_SIGNED_IN},
    )
    def post(self, request: Request) -> Response:
        data = valid(CircleCreateSerializer, request.data)
        circle = circle_services.circle_create(owner=request.user, **data)
        return Response(
            _circle_answer(request, circle, Role.OWNER, 1), status=status.HTTP_201_CREATED
        )


class CircleDetailView(ApiView):
    """One of the caller's circles: a circle is seen only by its members."""

    @extend_schema(
        operation_id="circles_retrieve",
        summary="A circle the caller belongs to",
        responses={200: schema.Circle, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        circle, membership = get_circle_for_member(request.user, slug)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))

    @extend_schema(
        operation_id="circles_partial_update",
        summary="Rename or redescribe a circle (owners); the slug stays",
        request=CircleUpdateSerializer,
        responses={200: schema.Circle, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def patch(self, request: Request, slug: str) -> Response:
        circle, membership = get_circle_for_member(request.user, slug)
        data = valid(CircleUpdateSerializer, request.data)
        circle = circle_services.circle_update(circle=circle, actor=request.user, **data)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))

    @extend_schema(
        operation_id="circles_destroy",
        summary="Delete a circle (owners); annotations shared with it become private",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        circle_services.circle_delete(circle=circle, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(ApiView):
    """A circle's members, for its members."""

    @extend_schema(
        operation_id="circles_members_list",
        summary="A circle's members, in the order they joined",
        responses={200: schema.MemberList, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        members = Membership.objects.filter(circle=circle).select_related("user")
        return Response({"results": [member_json(member) for member in members]})


class MemberDetailView(ApiView):
    """One member: owners change roles; owners and moderators remove; anyone leaves."""

    @extend_schema(
        operation_id="circles_members_partial_update",
        summary="Change a member's role (owners; the last owner stays an owner)",
        request=MemberRoleSerializer,
        responses={200: schema.Member, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        member = get_member_of(circle, username=username)
        role = valid(MemberRoleSerializer, request.data)["role"]
        member = circle_services.member_set_role(
            circle=circle, actor=request.user, user=member.user, role=role
        )
        return Response(member_json(member))

    @extend_schema(
        operation_id="circles_members_destroy",
        summary=(
            "Remove a member (owners: anyone; moderators: plain members), or leave "
            "(your own username; not the last owner)"
        ),
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str, username: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        member = get_member_of(circle, username=username)
        circle_services.member_remove(circle=circle, actor=request.user, user=member.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteListView(ApiView):
    """Invite links to a circle."""

    @extend_schema(
        operation_id="circles_invites_create",
        summary="Create an invite link (owners and moderators), optionally expiring or limited",
        request=InviteCreateSerializer,
        responses={201: schema.Invite, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        data = valid(InviteCreateSerializer, request.data)
        invite = circle_services.invite_create(circle=circle, actor=request.user, **data)
        return Response(_invite_answer(request, invite), status=status.HTTP_201_CREATED)


class InviteDetailView(ApiView):
    """One invite link of a circle."""

    @extend_schema(
        operation_id="circles_invites_destroy",
        summary="Revoke an invite link (owners and moderators)",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str, token: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        invite = get_invite_of(circle, token=token)
        circle_services.invite_revoke(invite=invite, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteAcceptView(ApiView):
    """Following an invite link: join its circle."""

    @extend_schema(
        operation_id="invites_accept",
        summary="Join the circle of an invite (already a member: nothing changes)",
        request=None,
        responses={
            200: schema.Circle,
            400: OpenApiResponse(
                schema.Error, description="The invite has expired, been revoked or used up."
            ),
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, token: str) -> Response:
        try:
            membership = circle_services.invite_accept(token=token, user=request.user)
        except InviteError as error:
            if error.status == "unknown":
                raise Http404("No such invite") from None
            raise exceptions.ValidationError({"token": [error.message]}) from None
        circle, membership = get_circle_for_member(request.user, membership.circle.slug)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))


def _circle_answer(request: Request, circle: Circle, role: str, member_count: int) -> dict:
    url = request.build_absolute_uri(reverse("api:circle-detail", args=[circle.slug]))
    return circle_json(circle, role=role, member_count=member_count, url=url)


def _invite_answer(request: Request, invite: Invite) -> dict:
    # The HTML invite page (reader:invite) is where a link leads, signed in or not.
    path = reverse("reader:invite", args=[invite.token])
    return invite_json(invite, url=request.build_absolute_uri(path))
