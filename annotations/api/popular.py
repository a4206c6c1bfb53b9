"""Popular highlights on demand: the public annotations by other readers over a stretch of
a document's current version, which the reading page draws only as shading
(``annotations/popular.py``) until a reader opens the stretch
(``static/js/annotate/popular.js``)."""

from __future__ import annotations

from django.db.models.functions import Length
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import margin
from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_FOUND, ApiView, valid
from annotations.margin import POPULAR_LIMIT, popular_in_range
from annotations.presenters import popular_annotation_json
from annotations.queries import get_document_for_user
from corpus.models import DocumentVersion

# Offsets as query parameters: few enough digits for any database.
MAX_OFFSET = 2_000_000_000


class StretchSerializer(serializers.Serializer):
    start = serializers.IntegerField(
        min_value=0, max_value=MAX_OFFSET, help_text="Where the stretch begins in the text."
    )
    end = serializers.IntegerField(
        min_value=1, max_value=MAX_OFFSET, help_text="Where it ends (exclusive)."
    )

    def validate(self, data):
        if data["end"] <= data["start"]:
            raise exceptions.ValidationError({"end": ["end must be after start."]})
        return data


class PopularView(ApiView):
    """Other readers' public annotations over ``[start, end)`` of a document's current
    version, as the caller may see them."""

    @extend_schema(
        operation_id="documents_popular",
        summary=(
            "Other readers' public annotations over a stretch of the current version, "
            f"newest first (at most {POPULAR_LIMIT}, with the total)"
        ),
        parameters=[StretchSerializer],
        responses={200: schema.PopularList, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        document = get_document_for_user(request.user, slug)
        stretch = valid(StretchSerializer, request.query_params)
        version_id = document.current_version_id
        length = (
            DocumentVersion.objects.filter(pk=version_id)
            .annotate(length=Length("text"))
            .values_list("length", flat=True)
            .get()
        )
        if stretch["end"] > length:
            raise exceptions.ValidationError(
                {"end": [f"end is past the end of the text ({length} characters)."]}
            )
        total, found = popular_in_range(
            request.user,
            version_id=version_id,
            start=stretch["start"],
            end=stretch["end"],
            limit=margin.POPULAR_LIMIT,
        )
        return Response(
            {
                "count": total,
                "start": stretch["start"],
                "end": stretch["end"],
                "results": [popular_annotation_json(item) for item in found],
            }
        )
