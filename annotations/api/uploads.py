"""Adding texts through the API: a new document (``POST /api/documents/``, answered by
``DocumentListView.post``), a new version of one, and the background task of a large one."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, ApiView
from annotations.errors import AnnotationError
from annotations.models import IngestJob
from annotations.uploads import libraries, services
from annotations.uploads.fetch import size_limit
from annotations.uploads.jobs import get_job_for_user
from annotations.uploads.presenters import job_json, published_json

PARSERS = [MultiPartParser, FormParser, JSONParser]
_TRUE = {"true", "1", "yes", "on"}

UPLOAD_RESPONSES = {
    200: OpenApiResponse(
        schema.UploadReport,
        description="preview=true: what would be stored (nothing is). Or, without preview, "
        "the text was there already: the document that has it (a PublishedDocument).",
    ),
    201: OpenApiResponse(schema.PublishedDocument, description="Stored."),
    202: OpenApiResponse(
        schema.Task, description="A large text, queued: poll its url (GET /api/tasks/<id>/)."
    ),
    400: BAD_INPUT,
    403: NOT_ALLOWED,
}
UPLOAD_REQUEST = {
    "multipart/form-data": schema.DocumentUpload,
    "application/json": schema.DocumentUpload,
}


def upload_schema(*, operation_id: str, summary: str, not_found: bool = False):
    responses = {**UPLOAD_RESPONSES, **({404: NOT_FOUND} if not_found else {})}
    return extend_schema(
        operation_id=operation_id, summary=summary, request=UPLOAD_REQUEST, responses=responses
    )


def answer_upload(request: Request, *, supersedes=None) -> Response:
    """Preview, publish or queue the text the request carries (the views' shared body)."""
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    _refuse_oversized(request)
    fields = {name: _string(request, name) for name in ("title", "author", "published")}
    if supersedes is None:
        library = libraries.library_for(actor=request.user, name=_string(request, "library"))
    else:
        library = libraries.library_of(supersedes)
        given = _string(request, "library")
        if given and given != library.name:
            raise AnnotationError(
                "library", f"A new version stays in its document's library ({library.name})."
            )
    upload = request.FILES.get("file")
    source = services.source_from(
        data=upload.read() if upload is not None else None,
        filename=upload.name if upload is not None else "",
        text=_string(request, "text") or None,
        url=_string(request, "url"),
    )
    arguments = {"actor": request.user, "source": source, "library": library, **fields}
    if _string(request, "preview").lower() in _TRUE:
        return Response(services.upload_preview(supersedes=supersedes, **arguments))
    answer = services.upload_publish(supersedes=supersedes, **arguments)
    if isinstance(answer, IngestJob):
        data = job_json(answer, build_url=request.build_absolute_uri)
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})
    url = request.build_absolute_uri(reverse("api:document-detail", args=[answer.document.slug]))
    return Response(
        published_json(answer, url=url),
        status=status.HTTP_200_OK if answer.unchanged else status.HTTP_201_CREATED,
        headers={"Location": url},
    )


class VersionListView(ApiView):
    """A new version of a document, by whoever may add to its library."""

    throttle_scope = "imports"  # settings.REST_FRAMEWORK: its writes only
    parser_classes = PARSERS
    permission_classes = [IsAuthenticated]

    @upload_schema(
        operation_id="documents_versions_create",
        summary="Add a new version of a document (highlights follow their words into it)",
        not_found=True,
    )
    def post(self, request: Request, slug: str) -> Response:
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return answer_upload(
            request, supersedes=libraries.get_document_to_supersede(request.user, slug)
        )


class TaskDetailView(ApiView):
    """How far a large text's storing has got; only its sender sees it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="tasks_retrieve",
        summary="A queued text's state and progress, then its document",
        responses={200: schema.Task, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk) -> Response:
        job = get_job_for_user(request.user, pk)
        return Response(job_json(job, build_url=request.build_absolute_uri))


def _refuse_oversized(request: Request) -> None:
    limit = settings.MARGINALIA_UPLOAD_MAX_BYTES
    declared = request.META.get("CONTENT_LENGTH") or "0"
    # Room for the form's other fields: the file's own size is checked once read.
    if declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise AnnotationError("file", f"The file is larger than {size_limit()}.")


def _string(request: Request, name: str) -> str:
    value = request.data.get(name, "")
    if isinstance(value, bool):
        return "true" if value else ""
    if not isinstance(value, str):
        raise AnnotationError(name, "A string.")
    return value
