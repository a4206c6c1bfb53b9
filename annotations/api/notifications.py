"""The caller's notifications (read, mark read) and who they may mention."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_FOUND, NOT_SIGNED_IN, ApiView, valid
from annotations.api.serializers import MentionQuerySerializer, NotificationQuerySerializer
from annotations.notifications.presenters import notification_json
from annotations.notifications.queries import (
    get_notification_for_user,
    mentionable_users,
    notifications_for_user,
    unread_count,
)
from annotations.notifications.services import (
    notification_mark_read,
    notifications_mark_all_read,
)
from annotations.queries import get_circle_for_member, get_document_for_user


class NotificationListView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_list",
        summary="The caller's notifications, newest first, and how many are unread",
        parameters=[
            NotificationQuerySerializer,
            OpenApiParameter("page", OpenApiTypes.INT, description="A page of 50, from 1."),
        ],
        responses={
            200: schema.NotificationPage,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        filters = valid(NotificationQuerySerializer, request.query_params)
        notifications = notifications_for_user(request.user)
        if filters.get("unread"):
            notifications = notifications.filter(read_at__isnull=True)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(notifications, request, view=self)
        response = paginator.get_paginated_response([notification_json(n) for n in page])
        response.data["unread"] = unread_count(request.user)
        return response


class NotificationReadView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_read",
        summary="Mark one of the caller's notifications read",
        request=None,
        responses={200: schema.Notification, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        notification = get_notification_for_user(request.user, pk)
        notification_mark_read(notification=notification, user=request.user)
        return Response(notification_json(notifications_for_user(request.user).get(pk=pk)))


class NotificationReadAllView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="notifications_read_all",
        summary="Mark every notification of the caller's read",
        request=None,
        responses={200: schema.NotificationsMarked, 403: NOT_SIGNED_IN},
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_all_read(user=request.user)})


class MentionListView(ApiView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="mentions_list",
        summary=(
            "Who the caller may @mention in a note on a document: members of the circle "
            "it is shared with (or of any of the caller's circles) who may read it"
        ),
        parameters=[MentionQuerySerializer],
        responses={
            200: schema.MentionList,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request) -> Response:
        query = valid(MentionQuerySerializer, request.query_params)
        document = get_document_for_user(request.user, query["document"])
        circle_id = None
        if query.get("circle"):
            circle_id = get_circle_for_member(request.user, query["circle"])[0].pk
        users = mentionable_users(
            request.user, document=document, circle_id=circle_id, query=query.get("q", "")
        )
        return Response({"results": [{"username": user.get_username()} for user in users]})
