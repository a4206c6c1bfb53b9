"""The library in the API: documents and their current version's text."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import schema
from annotations.api.base import NOT_FOUND, ApiView
from corpus.models import Document
from corpus.presenters import (
    document_detail_json,
    document_json,
)
from corpus.queries import (
    documents_for_library,
    get_document_for_reading,
    outline_for,
    paragraphs_between,
)


class DocumentListView(ApiView):
    """The library: every document with a text to read, open to everyone."""

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
                    for document in documents_for_library()
                ]
            }
        )


class DocumentDetailView(ApiView):
    """A document's current version: its sections and paragraphs with their offsets."""

    @extend_schema(
        operation_id="documents_retrieve",
        summary="A document's metadata, sections and paragraphs (current version)",
        responses={200: schema.DocumentDetail, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        document = get_document_for_reading(slug)
        outline = outline_for(document)
        paragraphs = paragraphs_between(document, 1, outline.last_ordinal)
        return Response(
            document_detail_json(
                document,
                sections=outline.sections,
                paragraphs=paragraphs,
                url=_document_url(request, document),
            )
        )


def _document_url(request: Request, document: Document) -> str:
    return request.build_absolute_uri(reverse("api:document-detail", args=[document.slug]))
