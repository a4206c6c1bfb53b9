"""Annotations: list what the caller may see, create, read, change, delete."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from annotations import services, trash
from annotations.api import schema
from annotations.api.base import BAD_INPUT, CONFLICT, NOT_FOUND, NOT_SIGNED_IN, ApiView, valid
from annotations.api.importing import JSONLDRenderer, annotation_jsonld_answer
from annotations.api.serializers import (
    AnnotationCreateSerializer,
    AnnotationFilterSerializer,
    AnnotationUpdateSerializer,
)
from annotations.errors import AnnotationError
from annotations.models import (
    Annotation,
    TaggedAnnotation,
    Visibility,
)
from annotations.presenters import (
    annotation_json,
)
from annotations.queries import (
    annotations_filtered,
    annotations_visible_to,
    documents_visible_to,
    get_annotation_for_user,
    get_own_annotation,
    my_reactions,
    reaction_counts,
    review_requested,
)
from corpus.models import Document


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
        filters = valid(AnnotationFilterSerializer, request.query_params)
        annotations = annotations_filtered(annotations_visible_to(request.user), **filters)
        annotations = annotations.order_by("-created", "-id")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(_for_presenting(annotations), request, view=self)
        counts, mine = reactions_of(request, page)
        return paginator.get_paginated_response(
            [
                annotation_json(
                    annotation,
                    _prefetched_tags(annotation),
                    reactions=counts.get(annotation.pk),
                    my_reactions=mine.get(annotation.pk, ()),
                )
                for annotation in page
            ]
        )

    @extend_schema(
        operation_id="annotations_create",
        summary="Highlight [start, end) of a document's current version",
        request=AnnotationCreateSerializer,
        responses={201: schema.Annotation, 400: BAD_INPUT, 403: NOT_SIGNED_IN},
    )
    def post(self, request: Request) -> Response:
        data = valid(AnnotationCreateSerializer, request.data)
        document = _document_to_annotate(request.user, data.pop("document"))
        created = services.annotation_create(author=request.user, document=document, **data)
        tags = stored_tags(created) if data.get("tags") else []
        # Read back as every answer reads it: its version's number, without the version's text.
        annotation = get_own_annotation(request.user, created.pk)
        return Response(annotation_json(annotation, tags), status=status.HTTP_201_CREATED)


class AnnotationDetailView(ApiView):
    """One annotation: read it if it is yours or public; change or delete it if yours.

    As W3C JSON-LD with ``Accept: application/ld+json`` or ``?format=jsonld``.
    """

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, JSONLDRenderer]

    @extend_schema(
        operation_id="annotations_retrieve",
        summary="One annotation; as a W3C Web Annotation with ?format=jsonld",
        responses={
            (200, "application/json"): schema.Annotation,
            (200, JSONLDRenderer.media_type): OpenApiResponse(
                OpenApiTypes.OBJECT, description="A W3C Web Annotation (JSON-LD)."
            ),
            404: NOT_FOUND,
        },
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        if request.accepted_renderer.format == JSONLDRenderer.format:
            return Response(annotation_jsonld_answer(request, annotation))
        return Response(annotation_answer(request, annotation))

    @extend_schema(
        operation_id="annotations_partial_update",
        summary=(
            "Change an annotation's colour, comment, tags, visibility or circle (its author only)"
        ),
        request=AnnotationUpdateSerializer,
        responses={
            200: schema.Annotation,
            400: BAD_INPUT,
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
            409: CONFLICT,
        },
    )
    def patch(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        data = valid(AnnotationUpdateSerializer, request.data)
        if data.get("visibility", Visibility.CIRCLE) != Visibility.CIRCLE:
            # Leaving a circle for private or public: the old circle goes unless one is sent.
            data.setdefault("circle", None)
        annotation = services.annotation_update(annotation=annotation, actor=request.user, **data)
        return Response(annotation_answer(request, annotation))

    @extend_schema(
        operation_id="annotations_destroy",
        summary=(
            "Delete an annotation and its replies (its author only); "
            "annotations_restore undoes it for 24 hours"
        ),
        responses={204: None, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        services.annotation_delete(annotation=annotation, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnotationRestoreView(ApiView):
    """Undo a delete: the caller's own annotation back as it was (annotations/trash.py)."""

    @extend_schema(
        operation_id="annotations_restore",
        summary=(
            "Put back an annotation its author deleted in the last 24 hours, with its id, "
            "times, tags and replies (its author only)"
        ),
        request=None,
        responses={201: schema.Annotation, 403: NOT_SIGNED_IN, 404: NOT_FOUND, 409: CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        trash.annotation_restore(pk=pk, actor=request.user)
        annotation = get_annotation_for_user(request.user, pk)
        return Response(annotation_answer(request, annotation), status=status.HTTP_201_CREATED)


def _document_to_annotate(user, slug: str) -> Document:
    """A document ``user`` may see; one they may not is answered as an unknown one."""
    try:
        return documents_visible_to(user).only("id", "slug", "current_version_id").get(slug=slug)
    except Document.DoesNotExist:
        raise AnnotationError("document", f"There is no document {slug[:200]!r}.") from None


def _for_presenting(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """What the presenter reads, loaded in two queries whatever the number of annotations."""
    return (
        annotations.select_related("author", "document", "circle", "version")
        .defer("version__text", "version__report")
        .annotate(review_requested=review_requested())
        .prefetch_related(
            Prefetch("tagged_items", queryset=TaggedAnnotation.objects.select_related("tag"))
        )
    )


def _prefetched_tags(annotation: Annotation) -> list[str]:
    return [item.tag.name for item in annotation.tagged_items.all()]


def stored_tags(annotation: Annotation) -> list[str]:
    return list(annotation.tagged_items.values_list("tag__name", flat=True))


def reactions_of(request: Request, annotations) -> tuple[dict, dict]:
    """The reactions to those of ``annotations`` shared with a circle: two queries when
    there are any, none otherwise."""
    ids = [a.pk for a in annotations if a.visibility == Visibility.CIRCLE and a.circle_id]
    if not ids:
        return {}, {}
    return reaction_counts(ids), my_reactions(request.user, ids)


def annotation_answer(request: Request, annotation: Annotation) -> dict:
    counts, mine = reactions_of(request, [annotation])
    return annotation_json(
        annotation,
        stored_tags(annotation),
        reactions=counts.get(annotation.pk),
        my_reactions=mine.get(annotation.pk, ()),
    )
