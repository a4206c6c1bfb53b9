"""Reactions: a member's agree, disagree or question on a circle annotation."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import moderation
from annotations.api import schema
from annotations.api.annotations import reactions_of
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, ApiView, valid
from annotations.api.serializers import (
    ReactionSerializer,
)
from annotations.presenters import (
    reactions_json,
)
from annotations.queries import (
    get_annotation_for_user,
)


class ReactionView(ApiView):
    """A member's agree, disagree or question on a circle annotation: one of each, toggled."""

    @extend_schema(
        operation_id="annotations_reactions_create",
        summary="Mark a circle annotation (members of its circle; marking twice is harmless)",
        request=ReactionSerializer,
        responses={200: schema.Reactions, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._react(request, pk, moderation.reaction_add)

    @extend_schema(
        operation_id="annotations_reactions_destroy",
        summary="Take back a mark (members of its circle; taking back none is harmless)",
        request=ReactionSerializer,
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, description="Instead of the body.")],
        responses={200: schema.Reactions, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        return self._react(request, pk, moderation.reaction_remove)

    def _react(self, request: Request, pk: int, change) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        # Some clients cannot send a body with DELETE: ?kind= does as well.
        body = request.data or {"kind": request.query_params.get("kind")}
        kind = valid(ReactionSerializer, body)["kind"]
        change(annotation=annotation, user=request.user, kind=kind)
        counts, mine = reactions_of(request, [annotation])
        return Response(reactions_json(counts.get(annotation.pk), mine.get(annotation.pk, ())))
