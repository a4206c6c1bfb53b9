"""Reviewing a highlight a new version of its text moved (fuzzy) or left behind (orphaned)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.annotations import annotation_answer
from annotations.api.base import BAD_INPUT, NOT_FOUND, NOT_SIGNED_IN, ApiView, valid
from annotations.api.serializers import ReviewSerializer
from annotations.queries import get_annotation_for_user
from annotations.revisions import annotation_review


class ReviewView(ApiView):
    @extend_schema(
        operation_id="annotations_review",
        summary=(
            "Accept the passage a new version placed it on, reselect the right one, or detach "
            "it with its old words (its author only)"
        ),
        request=ReviewSerializer,
        responses={200: schema.Annotation, 400: BAD_INPUT, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        data = valid(ReviewSerializer, request.data)
        annotation_review(annotation=annotation, actor=request.user, **data)
        return Response(annotation_answer(request, get_annotation_for_user(request.user, pk)))
