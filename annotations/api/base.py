"""The API's shared parts: JSON in and out, the services' errors as HTTP answers,
the responses every view documents."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.views import APIView

from annotations.api import schema
from annotations.api.parsers import GuardedJSONParser
from annotations.errors import AnnotationError
from annotations.permissions import AudienceConflict

BAD_INPUT = OpenApiResponse(schema.Error, description="Bad input: the field is the key.")


NOT_SIGNED_IN = OpenApiResponse(
    schema.Error, description="Not signed in, a missing CSRF token, or not the author."
)


NOT_FOUND = OpenApiResponse(schema.Error, description="No such thing the caller may see.")


CONFLICT = OpenApiResponse(
    schema.Error,
    description="Others replied to it: it cannot be shared more widely (narrowing is allowed).",
)


NOT_ALLOWED = OpenApiResponse(
    schema.Error, description="Not signed in, a missing CSRF token, or not allowed to do this."
)


class ApiView(APIView):
    """JSON in, JSON out; the services' errors become DRF's."""

    parser_classes = [GuardedJSONParser]

    def handle_exception(self, exc):
        # DRF's usual shape, {"<field>": ["<message>"]}, so the field is the key.
        if isinstance(exc, AnnotationError):
            exc = exceptions.ValidationError({exc.field: [exc.message]})
        elif isinstance(exc, AudienceConflict):
            exc = Conflict(exc.message)
        return super().handle_exception(exc)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This change conflicts with the annotation's replies."
    default_code = "conflict"


def valid(serializer_class, data) -> dict:
    """The request's data if its shape is right; otherwise a 400 naming the fields."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
