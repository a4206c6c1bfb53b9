"""Imports: W3C JSON-LD (``/api/import/``), highlights from Kindle, Hypothesis and
Readwise (``/api/imports/``), and the JSON-LD form of one annotation for the detail view."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api import schema
from annotations.api.base import NOT_ALLOWED, NOT_FOUND, NOT_SIGNED_IN, ApiView
from annotations.export import jsonld
from annotations.export.import_jobs import (
    get_import_job_for_user,
    import_job_json,
    import_job_queue,
)
from annotations.export.importer import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_jsonld,
    items_in,
)
from annotations.export.links import Links
from annotations.export.rows import export_rows
from annotations.imports.documents import get_document_for_user
from annotations.imports.highlights import import_highlights
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

    throttle_scope = "imports"  # settings.REST_FRAMEWORK: its writes only
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
            202: OpenApiResponse(
                schema.ImportTask,
                description="A large file (over 2,000 items), queued: poll its url "
                "(GET /api/import/<id>/) for its progress, then its report.",
            ),
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
            if items_in(data) > settings.MARGINALIA_IMPORT_INLINE_MAX:
                job = import_job_queue(actor=request.user, data=bytes(data))
                task = import_job_json(job, build_url=request.build_absolute_uri)
                return Response(
                    task, status=status.HTTP_202_ACCEPTED, headers={"Location": task["url"]}
                )
            report = import_jsonld(user=request.user, data=data)
        except ImportFileError as error:
            return _error(str(error))
        answer = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(report.as_json(), status=answer)


class ImportTaskView(ApiView):
    """How far a large import has got, then its report; only its sender sees it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="import_tasks_retrieve",
        summary="A queued import's state and progress, then its report",
        responses={200: schema.ImportTask, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk) -> Response:
        job = get_import_job_for_user(request.user, pk)
        return Response(import_job_json(job, build_url=request.build_absolute_uri))


def _error(
    message: str, code: int = status.HTTP_400_BAD_REQUEST, *, field: str = "file"
) -> Response:
    return Response({field: [message]}, status=code)


class HighlightsImportView(APIView):
    """Highlights from Kindle, Hypothesis or Readwise, as the caller's private ones."""

    throttle_scope = "imports"  # settings.REST_FRAMEWORK: its writes only
    parser_classes = [MultiPartParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="highlights_import",
        summary=(
            "Import highlights from Kindle (My Clippings.txt), Hypothesis (JSON) or Readwise "
            "(CSV) as the caller's private annotations"
        ),
        description=(
            "Multipart fields: `file`; `format` (kindle, hypothesis or readwise; detected "
            "from the content when left out); `document` (a slug; when left out, each "
            "highlight goes to the document its book's title names). Each quote is found "
            "in the document's current text: exact, fuzzy (created for its author's "
            "review) or not found. A second import of the same file creates nothing and "
            "reports each highlight as already imported."
        ),
        request={"multipart/form-data": schema.HighlightsImportRequest},
        responses={
            201: OpenApiResponse(schema.ImportReport, description="The import report."),
            200: OpenApiResponse(
                schema.ImportReport, description="The report: nothing new was created."
            ),
            400: OpenApiResponse(
                schema.Error, description="No file, not the format, or an unknown document."
            ),
            403: NOT_SIGNED_IN,
            413: OpenApiResponse(OpenApiTypes.OBJECT, description="Over 20 MB."),
        },
    )
    def post(self, request: Request) -> Response:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        # Too big is a 413 here as on /api/import/: the same limit, the same answer.
        if declared.isdigit() and int(declared) > MAX_IMPORT_BYTES + 64 * 1024:
            return _error(TOO_BIG, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        upload = request.FILES.get("file")
        if upload is None:
            return _error("Send the file to import in the multipart field 'file'.")
        if upload.size > MAX_IMPORT_BYTES:
            return _error(TOO_BIG, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        slug = request.data.get("document") or ""
        document = None
        if slug:
            document = get_document_for_user(request.user, slug)
            if document is None:
                return _error(f"No document {slug!r} in your library.", field="document")
        try:
            report = import_highlights(
                user=request.user,
                data=upload.read(),
                format=request.data.get("format") or "",
                document=document,
            )
        except ImportFileError as error:
            return _error(str(error), field=error.field)
        answer = status.HTTP_201_CREATED if report.created else status.HTTP_200_OK
        return Response(report.as_json(), status=answer)
