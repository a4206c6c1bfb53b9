"""Tag suggestions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import ApiView, valid
from annotations.api.serializers import (
    TagQuerySerializer,
)
from annotations.queries import (
    tag_suggestions,
)


class TagListView(ApiView):
    """Tag suggestions: the caller's own tags, their circles', then popular public ones."""

    @extend_schema(
        operation_id="tags_list",
        summary=(
            "The caller's tags and their circles' tags, most used first, then popular "
            "public tags (none for anonymous callers)"
        ),
        parameters=[TagQuerySerializer],
        responses={200: schema.TagList},
    )
    def get(self, request: Request) -> Response:
        query = valid(TagQuerySerializer, request.query_params).get("q", "")
        return Response({"results": tag_suggestions(request.user, query)})
