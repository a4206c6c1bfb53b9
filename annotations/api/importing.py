"""Import of W3C JSON-LD, and the JSON-LD form of one annotation for the detail view."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.export import jsonld
from annotations.export.importer import MAX_IMPORT_BYTES, ImportFileError, import_jsonld
from annotations.export.links import Links
from annotations.export.rows import export_rows
from annotations.models import Annotation

TOO_BIG = f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it."


class JSONLDRenderer(JSONRenderer):
    """``Accept: application/ld+json`` or ``?format=jsonld``."""

    media_type = jsonld.MEDIA_TYPE
    format = "jsonld"


class _RawBody(BaseParser):
    """Any non-multipart body, left unread: the view reads it with a size limit."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream


def annotation_jsonld_answer(request: Request, annotation: Annotation) -> dict:
    """One visible annotation (the caller has checked) as a W3C Web Annotation."""
    row = next(export_rows(Annotation.objects.filter(pk=annotation.pk)))
    return jsonld.annotation_jsonld(row, Links(request.build_absolute_uri("/")))


class ImportView(APIView):
    """Re-create annotations from this project's JSON-LD as the caller's private ones."""

    parser_classes = [MultiPartParser, _RawBody]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="annotations_import",
        summary=(
            "Import W3C Web Annotation JSON-LD (multipart field 'file', or the JSON body) "
            "as the caller's private annotations"
        ),
        request={
            "multipart/form-data": OpenApiTypes.BINARY,
            "application/ld+json": OpenApiTypes.OBJECT,
        },
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description="The import report."),
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="Nothing could be imported."),
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Not JSON, or the wrong shape."),
            413: OpenApiResponse(OpenApiTypes.OBJECT, description="Over 20 MB."),
        },
    )
    def post(self, request: Request) -> Response:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > MAX_IMPORT_BYTES + 64 * 1024:
            return _error(TOO_BIG, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if request.content_type.startswith("multipart/"):
            upload = request.FILES.get("file")
            if upload is None:
                return _error("Send the JSON-LD file in the multipart field 'file'.")
            if upload.size > MAX_IMPORT_BYTES:
                return _error(TOO_BIG, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
            data = upload.read()
        else:
            stream = request.stream
            data = stream.read(MAX_IMPORT_BYTES + 1) if stream is not None else b""
            if len(data) > MAX_IMPORT_BYTES:
                return _error(TOO_BIG, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        try:
            report = import_jsonld(user=request.user, data=data)
        except ImportFileError as error:
            return _error(str(error))
        answer = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(report.as_json(), status=answer)


def _error(message: str, code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    return Response({"file": [message]}, status=code)
