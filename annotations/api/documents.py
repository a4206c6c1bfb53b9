"""The library in the API: documents and their versions' texts (the current one by default)."""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import BAD_INPUT, NOT_ALLOWED, NOT_FOUND, ApiView
from annotations.api.uploads import PARSERS, answer_upload, upload_schema
from annotations.library import library_text_remove
from annotations.queries import get_document_for_user, get_version_for_user, library_for_user
from corpus.models import Document
from corpus.presenters import (
    document_detail_json,
    document_json,
)
from corpus.queries import (
    outline_for,
    paragraphs_between,
)

# A version number as a query parameter: digits only, and few enough for any database.
_NUMBER = re.compile(r"[0-9]{1,9}")


class DocumentListView(ApiView):
    """The library: every document with a text to read that the caller may see (the
    public library's, and their circles'); adding one (``annotations/api/uploads.py``)."""

    throttle_scope = "imports"  # settings.REST_FRAMEWORK: its writes only
    parser_classes = PARSERS

    @extend_schema(
        operation_id="documents_list",
        summary="Every document in the library",
        responses={200: schema.DocumentList},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "results": [
                    document_json(
                        document,
                        paragraph_count=document.paragraph_count,
                        url=_document_url(request, document),
                    )
                    for document in library_for_user(request.user)
                ]
            }
        )

    @upload_schema(
        operation_id="documents_create",
        summary="Add a text (file, pasted text or URL) to a library, or preview it",
    )
    def post(self, request: Request) -> Response:
        return answer_upload(request)


class DocumentDetailView(ApiView):
    """A document's current version, or ``?version=<n>``: its sections and paragraphs with
    their offsets; removing it with everything on it."""

    @extend_schema(
        operation_id="documents_retrieve",
        summary="A document's metadata, sections and paragraphs (current version, or another)",
        parameters=[
            OpenApiParameter(
                "version",
                OpenApiTypes.INT,
                description="A version's number, from 1; the current version without it.",
            )
        ],
        responses={200: schema.DocumentDetail, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        number = _version_number(request.query_params.get("version"))
        if number is None:
            document = get_document_for_user(request.user, slug)
            version = document.current_version
        else:
            try:
                version = get_version_for_user(request.user, slug, number)
            except Http404:
                raise exceptions.NotFound(f"No version {number} of this document.") from None
            document = version.document
        outline = outline_for(version.pk, document_title=document.title)
        paragraphs = paragraphs_between(version.pk, 1, outline.last_ordinal)
        return Response(
            document_detail_json(
                document,
                version=version,
                sections=outline.sections,
                paragraphs=paragraphs,
                url=_document_url(request, document),
            )
        )

    @extend_schema(
        operation_id="documents_destroy",
        summary=(
            "Remove a document with its versions, annotations and replies, for good "
            "(staff for a public text, the circle's owners and moderators for its own)"
        ),
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str) -> Response:
        document = get_document_for_user(request.user, slug)
        library_text_remove(document=document, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _version_number(given: str | None) -> int | None:
    """``?version=``: None when absent; a 400 naming it unless a number from 1."""
    if given is None:
        return None
    if not _NUMBER.fullmatch(given) or int(given) < 1:
        raise exceptions.ValidationError({"version": ["A version's number: 1, 2, …"]})
    return int(given)


def _document_url(request: Request, document: Document) -> str:
    return request.build_absolute_uri(reverse("api:document-detail", args=[document.slug]))
