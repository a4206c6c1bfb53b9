"""The JSON API: a thin layer over ``annotations.services`` and ``annotations.queries``.

Each view reads through a permission-checking query (what the caller may not see is
a 404), checks the request's shape with a serializer, calls a service, and answers
with a presenter's dict. The services decide what is valid and who may change what:
their ``AnnotationError`` becomes a 400 naming the field, ``PermissionDenied`` a 403.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import services
from annotations.api import schema
from annotations.api.serializers import (
    AnnotationCreateSerializer,
    AnnotationFilterSerializer,
    AnnotationUpdateSerializer,
    ReplyBodySerializer,
    TagQuerySerializer,
)
from annotations.models import Annotation, TaggedAnnotation
from annotations.presenters import (
    annotation_json,
    document_detail_json,
    document_json,
    reply_json,
)
from annotations.queries import (
    annotations_visible_to,
    get_annotation_for_user,
    get_reply_for_user,
    replies_visible_to,
    tag_suggestions,
)
from annotations.services import AnnotationError
from corpus.models import Document
from corpus.queries import (
    documents_for_library,
    get_document_for_reading,
    outline_for,
    paragraphs_between,
)

BAD_INPUT = OpenApiResponse(schema.Error, description="Bad input: the field is the key.")
NOT_SIGNED_IN = OpenApiResponse(
    schema.Error, description="Not signed in, a missing CSRF token, or not the author."
)
NOT_FOUND = OpenApiResponse(schema.Error, description="No such thing the caller may see.")


class ApiView(APIView):
    """JSON in, JSON out; the services' errors become DRF's."""

    parser_classes = [JSONParser]

    def handle_exception(self, exc):
        # DRF's usual shape, {"<field>": ["<message>"]}, so the field is the key.
        if isinstance(exc, AnnotationError):
            exc = exceptions.ValidationError({exc.field: [exc.message]})
        return super().handle_exception(exc)


class AnnotationListView(ApiView):
    """Annotations: list what the caller may see, filtered; create one."""

    @extend_schema(
        operation_id="annotations_list",
        summary="The annotations the caller may see, newest first",
        parameters=[
            AnnotationFilterSerializer,
            OpenApiParameter("page", OpenApiTypes.INT, description="A page of 50, from 1."),
        ],
        responses={200: schema.AnnotationPage, 400: BAD_INPUT, 404: NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        filters = _valid(AnnotationFilterSerializer, request.query_params)
        annotations = _filtered(annotations_visible_to(request.user), filters)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(_for_presenting(annotations), request, view=self)
        return paginator.get_paginated_response(
            [annotation_json(annotation, _prefetched_tags(annotation)) for annotation in page]
        )

    @extend_schema(
        operation_id="annotations_create",
        summary="Highlight [start, end) of a document's current version",
        request=AnnotationCreateSerializer,
        responses={201: schema.Annotation, 400: BAD_INPUT, 403: NOT_SIGNED_IN},
    )
    def post(self, request: Request) -> Response:
        data = _valid(AnnotationCreateSerializer, request.data)
        document = _document_to_annotate(data.pop("document"))
        annotation = services.annotation_create(author=request.user, document=document, **data)
        tags = _stored_tags(annotation) if data.get("tags") else []
        return Response(annotation_json(annotation, tags), status=status.HTTP_201_CREATED)


class AnnotationDetailView(ApiView):
    """One annotation: read it if it is yours or public; change or delete it if yours."""

    @extend_schema(
        operation_id="annotations_retrieve",
        summary="One annotation",
        responses={200: schema.Annotation, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        return Response(annotation_json(annotation, _stored_tags(annotation)))

    @extend_schema(
        operation_id="annotations_partial_update",
        summary="Change an annotation's colour, comment, tags or visibility (its author only)",
        request=AnnotationUpdateSerializer,
        responses={
            200: schema.Annotation,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        data = _valid(AnnotationUpdateSerializer, request.data)
        annotation = services.annotation_update(annotation=annotation, actor=request.user, **data)
        return Response(annotation_json(annotation, _stored_tags(annotation)))

    @extend_schema(
        operation_id="annotations_destroy",
        summary="Delete an annotation and its replies (its author only)",
        responses={204: None, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        services.annotation_delete(annotation=annotation, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReplyListView(ApiView):
    """The replies to an annotation the caller may see."""

    @extend_schema(
        operation_id="annotations_replies_list",
        summary="An annotation's replies, oldest first",
        responses={200: schema.ReplyList, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        replies = (
            replies_visible_to(request.user)
            .filter(annotation=annotation)
            .select_related("author")
            .order_by("created", "id")
        )
        return Response({"results": [reply_json(reply) for reply in replies]})

    @extend_schema(
        operation_id="annotations_replies_create",
        summary="Reply to an annotation the caller may see",
        request=ReplyBodySerializer,
        responses={
            201: schema.Reply,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        data = _valid(ReplyBodySerializer, request.data)
        reply = services.reply_create(annotation=annotation, author=request.user, **data)
        return Response(reply_json(reply), status=status.HTTP_201_CREATED)


class ReplyDetailView(ApiView):
    """One reply: change or delete it if yours."""

    @extend_schema(
        operation_id="replies_partial_update",
        summary="Change a reply's body (its author only)",
        request=ReplyBodySerializer,
        responses={
            200: schema.Reply,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_user(request.user, pk)
        data = _valid(ReplyBodySerializer, request.data)
        reply = services.reply_update(reply=reply, actor=request.user, **data)
        return Response(reply_json(reply))

    @extend_schema(
        operation_id="replies_destroy",
        summary="Delete a reply (its author only)",
        responses={204: None, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_user(request.user, pk)
        services.reply_delete(reply=reply, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TagListView(ApiView):
    """Tag suggestions from the caller's own tags."""

    @extend_schema(
        operation_id="tags_list",
        summary="The caller's own tags, most used first (none for anonymous callers)",
        parameters=[TagQuerySerializer],
        responses={200: schema.TagList},
    )
    def get(self, request: Request) -> Response:
        query = _valid(TagQuerySerializer, request.query_params).get("q", "")
        return Response({"results": tag_suggestions(request.user, query)})


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


def _valid(serializer_class, data) -> dict:
    """The request's data if its shape is right; otherwise a 400 naming the fields."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _document_to_annotate(slug: str) -> Document:
    try:
        return Document.objects.only("id", "slug", "current_version_id").get(slug=slug)
    except Document.DoesNotExist:
        raise AnnotationError("document", f"There is no document {slug[:200]!r}.") from None


def _filtered(annotations: QuerySet[Annotation], filters: dict) -> QuerySet[Annotation]:
    if filters.get("document"):
        annotations = annotations.filter(document__slug=filters["document"])
    if filters.get("tag"):
        tagged = TaggedAnnotation.objects.filter(
            content_object=OuterRef("pk"), tag__name__iexact=filters["tag"]
        )
        annotations = annotations.filter(Exists(tagged))
    if filters.get("color"):
        annotations = annotations.filter(color=filters["color"])
    if filters.get("author"):
        annotations = annotations.filter(author__username=filters["author"])
    if filters.get("q"):
        annotations = annotations.filter(
            Q(exact__icontains=filters["q"]) | Q(comment__icontains=filters["q"])
        )
    if filters.get("visibility"):
        annotations = annotations.filter(visibility=filters["visibility"])
    return annotations.order_by("-created", "-id")


def _for_presenting(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """What the presenter reads, loaded in two queries whatever the number of annotations."""
    return annotations.select_related("author", "document").prefetch_related(
        Prefetch("tagged_items", queryset=TaggedAnnotation.objects.select_related("tag"))
    )


def _prefetched_tags(annotation: Annotation) -> list[str]:
    return [item.tag.name for item in annotation.tagged_items.all()]


def _stored_tags(annotation: Annotation) -> list[str]:
    return list(annotation.tagged_items.values_list("tag__name", flat=True))


def _document_url(request: Request, document: Document) -> str:
    return request.build_absolute_uri(reverse("api:document-detail", args=[document.slug]))
