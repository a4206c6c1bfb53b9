"""Replies: an annotation's thread, for the readers it is shared with."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import permissions, services
from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, NOT_SIGNED_IN, ApiView, valid
from annotations.api.serializers import (
    ReplyBodySerializer,
    ReplyCreateSerializer,
)
from annotations.presenters import (
    reply_json,
    thread_json,
)
from annotations.queries import (
    get_annotation_for_user,
    get_reply_for_writing,
    replies_visible_to,
)


class ReplyListView(ApiView):
    """The replies to an annotation the caller may see."""

    @extend_schema(
        operation_id="annotations_replies_list",
        summary="An annotation's replies in thread order (the readers it is shared with)",
        responses={200: schema.ReplyList, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        # Its author outside its audience (they left the circle) reads no thread.
        permissions.check_can_reply(request.user, annotation)
        replies = (
            replies_visible_to(request.user)
            .filter(annotation=annotation)
            .select_related("author")
            .order_by("created", "id")
        )
        return Response({"results": thread_json(list(replies))})

    @extend_schema(
        operation_id="annotations_replies_create",
        summary="Reply to an annotation the caller may see, or to one of its replies",
        request=ReplyCreateSerializer,
        responses={
            201: schema.Reply,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        data = valid(ReplyCreateSerializer, request.data)
        reply = services.reply_create(annotation=annotation, author=request.user, **data)
        return Response(reply_json(reply), status=status.HTTP_201_CREATED)


class ReplyDetailView(ApiView):
    """One reply: change or delete it if yours."""

    @extend_schema(
        operation_id="replies_partial_update",
        summary="Change a reply's body (its author only)",
        request=ReplyBodySerializer,
        responses={
            200: schema.Reply,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_writing(request.user, pk)
        data = valid(ReplyBodySerializer, request.data)
        reply = services.reply_update(reply=reply, actor=request.user, **data)
        return Response(reply_json(reply))

    @extend_schema(
        operation_id="replies_destroy",
        summary="Delete a reply (its author only)",
        responses={204: None, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_writing(request.user, pk)
        services.reply_delete(reply=reply, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
