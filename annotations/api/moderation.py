"""Moderation: a circle's owners and moderators hide and unhide what is shared with it;
the author of a hidden annotation asks for it to be looked at again.

One view serves hiding and unhiding annotations and replies: what it acts on and how
comes from ``as_view(target=..., action=...)`` in the URLs, and so does its schema.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import moderation
from annotations.api import schema
from annotations.api.annotations import annotation_answer
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, ApiView
from annotations.presenters import reply_json
from annotations.queries import get_annotation_for_user, get_reply_for_user

ANNOTATION, REPLY = "annotation", "reply"
ACTIONS = {
    (ANNOTATION, "hide"): moderation.annotation_hide,
    (ANNOTATION, "unhide"): moderation.annotation_unhide,
    (REPLY, "hide"): moderation.reply_hide,
    (REPLY, "unhide"): moderation.reply_unhide,
}
SUMMARIES = {
    "hide": "Hide a circle {target} from its circle (its owners and moderators)",
    "unhide": "Show a hidden circle {target} again (its circle's owners and moderators)",
}


class _ModerationSchema(AutoSchema):
    """Each (target, action) its own operation: annotations_hide, replies_unhide…"""

    def get_operation_id(self) -> str:
        return (
            f"{'annotations' if self.view.target == ANNOTATION else 'replies'}_{self.view.action}"
        )

    def get_summary(self) -> str:
        return SUMMARIES[self.view.action].format(target=self.view.target)

    def get_response_serializers(self):
        return {
            200: schema.Annotation if self.view.target == ANNOTATION else schema.Reply,
            400: BAD_INPUT,
            403: NOT_ALLOWED,
            404: NOT_FOUND,
        }


class ModerationView(ApiView):
    target = ANNOTATION  # or REPLY
    action = "hide"  # or "unhide"
    schema = _ModerationSchema()

    @extend_schema(request=None)
    def post(self, request: Request, pk: int) -> Response:
        change = ACTIONS[self.target, self.action]
        if self.target == ANNOTATION:
            annotation = get_annotation_for_user(request.user, pk)
            change(annotation=annotation, actor=request.user)
            # Read back: hiding and unhiding change whether a review is requested.
            return Response(annotation_answer(request, get_annotation_for_user(request.user, pk)))
        reply = get_reply_for_user(request.user, pk)
        change(reply=reply, actor=request.user)
        return Response(reply_json(reply))


class ReviewRequestView(ApiView):
    """The author of a hidden circle annotation asks to have it looked at again."""

    @extend_schema(
        operation_id="annotations_request_review",
        summary="Ask the circle's moderators to look at a hidden annotation again (its author)",
        request=None,
        responses={200: schema.Annotation, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        moderation.annotation_request_review(annotation=annotation, actor=request.user)
        return Response(annotation_answer(request, get_annotation_for_user(request.user, pk)))
