"""The JSON API: a thin layer over ``annotations.services`` and ``annotations.queries``.

Each view reads through a permission-checking query (what the caller may not see is
a 404), checks the request's shape with a serializer, calls a service, and answers
with a presenter's dict. The services decide what is valid and who may change what:
their ``AnnotationError`` becomes a 400 naming the field, ``PermissionDenied`` a 403.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from annotations import circle_services, moderation, permissions, services
from annotations.api import schema
from annotations.api.export_views import JSONLDRenderer, annotation_jsonld_answer
from annotations.api.serializers import (
    AnnotationCreateSerializer,
    AnnotationFilterSerializer,
    AnnotationUpdateSerializer,
    CircleCreateSerializer,
    CircleUpdateSerializer,
    InviteCreateSerializer,
    MemberRoleSerializer,
    ReactionSerializer,
    ReplyBodySerializer,
    TagQuerySerializer,
)
from annotations.circle_queries import get_invite_of, get_member_of
from annotations.circle_services import InviteError
from annotations.errors import AnnotationError
from annotations.models import (
    Annotation,
    Circle,
    Invite,
    Membership,
    Role,
    TaggedAnnotation,
    Visibility,
)
from annotations.permissions import AudienceConflict
from annotations.presenters import (
    annotation_json,
    circle_json,
    document_detail_json,
    document_json,
    invite_json,
    member_json,
    reactions_json,
    reply_json,
)
from annotations.queries import (
    annotations_filtered,
    annotations_visible_to,
    circles_for_user,
    get_annotation_for_user,
    get_circle_for_member,
    get_reply_for_user,
    get_reply_for_writing,
    my_reactions,
    reaction_counts,
    replies_visible_to,
    tag_suggestions,
)
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
CONFLICT = OpenApiResponse(
    schema.Error,
    description="Others replied to it: it cannot be shared more widely (narrowing is allowed).",
)
NOT_ALLOWED = OpenApiResponse(
    schema.Error, description="Not signed in, a missing CSRF token, or not allowed to do this."
)


class ApiView(APIView):
    """JSON in, JSON out; the services' errors become DRF's."""

    parser_classes = [JSONParser]

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
        annotations = annotations_filtered(annotations_visible_to(request.user), **filters)
        annotations = annotations.order_by("-created", "-id")
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(_for_presenting(annotations), request, view=self)
        counts, mine = _reactions_of(request, page)
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
        data = _valid(AnnotationCreateSerializer, request.data)
        document = _document_to_annotate(data.pop("document"))
        annotation = services.annotation_create(author=request.user, document=document, **data)
        tags = _stored_tags(annotation) if data.get("tags") else []
        return Response(annotation_json(annotation, tags), status=status.HTTP_201_CREATED)


class AnnotationDetailView(ApiView):
    """One annotation: read it if it is yours or public; change or delete it if yours.

    As W3C JSON-LD with ``Accept: application/ld+json`` or ``?format=jsonld``.
    """

    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, JSONLDRenderer]

    @extend_schema(
        operation_id="annotations_retrieve",
        summary="One annotation",
        responses={200: schema.Annotation, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        if request.accepted_renderer.format == JSONLDRenderer.format:
            return Response(annotation_jsonld_answer(request, annotation))
        return Response(_annotation_answer(request, annotation))

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
        data = _valid(AnnotationUpdateSerializer, request.data)
        if data.get("visibility", Visibility.CIRCLE) != Visibility.CIRCLE:
            # Leaving a circle for private or public: the old circle goes unless one is sent.
            data.setdefault("circle", None)
        annotation = services.annotation_update(annotation=annotation, actor=request.user, **data)
        return Response(_annotation_answer(request, annotation))

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
        summary="An annotation's replies, oldest first (the readers it is shared with)",
        responses={200: schema.ReplyList, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def get(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        # Its author outside its audience (they left the circle) reads no thread.
        permissions.check_can_reply(request.user, annotation)
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
        reply = get_reply_for_writing(request.user, pk)
        data = _valid(ReplyBodySerializer, request.data)
        reply = services.reply_update(reply=reply, actor=request.user, **data)
        return Response(reply_json(reply))

    @extend_schema(
        operation_id="replies_destroy",
        summary="Delete a reply (its author only)",
        responses={204: None, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_writing(request.user, pk)
        services.reply_delete(reply=reply, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnnotationHideView(ApiView):
    """Moderation: a circle's owners and moderators hide an annotation shared with it."""

    @extend_schema(
        operation_id="annotations_hide",
        summary="Hide a circle annotation from its circle (its owners and moderators)",
        request=None,
        responses={200: schema.Annotation, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        moderation.annotation_hide(annotation=annotation, actor=request.user)
        return Response(_annotation_answer(request, annotation))


class AnnotationUnhideView(ApiView):
    """Moderation: show a hidden circle annotation to its circle again."""

    @extend_schema(
        operation_id="annotations_unhide",
        summary="Show a hidden circle annotation again (its circle's owners and moderators)",
        request=None,
        responses={200: schema.Annotation, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        moderation.annotation_unhide(annotation=annotation, actor=request.user)
        return Response(_annotation_answer(request, annotation))


class AnnotationReviewRequestView(ApiView):
    """Moderation: the author of a hidden circle annotation asks to have it looked at again."""

    @extend_schema(
        operation_id="annotations_request_review",
        summary="Ask the circle's moderators to look at a hidden annotation again (its author)",
        request=None,
        responses={200: schema.Annotation, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        moderation.annotation_request_review(annotation=annotation, actor=request.user)
        return Response(_annotation_answer(request, annotation))


class ReplyHideView(ApiView):
    """Moderation: hide a reply to an annotation shared with a circle."""

    @extend_schema(
        operation_id="replies_hide",
        summary="Hide a reply in a circle (its circle's owners and moderators)",
        request=None,
        responses={200: schema.Reply, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_user(request.user, pk)
        moderation.reply_hide(reply=reply, actor=request.user)
        return Response(reply_json(reply))


class ReplyUnhideView(ApiView):
    """Moderation: show a hidden reply to its circle again."""

    @extend_schema(
        operation_id="replies_unhide",
        summary="Show a hidden reply again (its circle's owners and moderators)",
        request=None,
        responses={200: schema.Reply, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        reply = get_reply_for_user(request.user, pk)
        moderation.reply_unhide(reply=reply, actor=request.user)
        return Response(reply_json(reply))


class ReactionView(ApiView):
    """A member's agree, disagree or question on a circle annotation: one of each, toggled."""

    @extend_schema(
        operation_id="annotations_reactions_create",
        summary="Mark a circle annotation (members of its circle; marking twice is harmless)",
        request=ReactionSerializer,
        responses={200: schema.Reactions, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, pk: int) -> Response:
        return self._react(request, pk, moderation.reaction_add)

    @extend_schema(
        operation_id="annotations_reactions_destroy",
        summary="Take back a mark (members of its circle; taking back none is harmless)",
        request=ReactionSerializer,
        parameters=[OpenApiParameter("kind", OpenApiTypes.STR, description="Instead of the body.")],
        responses={200: schema.Reactions, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, pk: int) -> Response:
        return self._react(request, pk, moderation.reaction_remove)

    def _react(self, request: Request, pk: int, change) -> Response:
        annotation = get_annotation_for_user(request.user, pk)
        # Some clients cannot send a body with DELETE: ?kind= does as well.
        body = request.data or {"kind": request.query_params.get("kind")}
        kind = _valid(ReactionSerializer, body)["kind"]
        change(annotation=annotation, user=request.user, kind=kind)
        counts, mine = _reactions_of(request, [annotation])
        return Response(reactions_json(counts.get(annotation.pk), mine.get(annotation.pk, ())))


class TagListView(ApiView):
    """Tag suggestions from the caller's own tags and those used in their circles."""

    @extend_schema(
        operation_id="tags_list",
        summary=(
            "The caller's tags and their circles' tags, most used first "
            "(none for anonymous callers)"
        ),
        parameters=[TagQuerySerializer],
        responses={200: schema.TagList},
    )
    def get(self, request: Request) -> Response:
        query = _valid(TagQuerySerializer, request.query_params).get("q", "")
        return Response({"results": tag_suggestions(request.user, query)})


class CircleListView(ApiView):
    """The caller's circles; any signed-in reader creates one and becomes its owner."""

    @extend_schema(
        operation_id="circles_list",
        summary="The circles the caller belongs to, by name (none for anonymous callers)",
        responses={200: schema.CircleList},
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "results": [
                    _circle_answer(request, circle, circle.role, circle.member_count)
                    for circle in circles_for_user(request.user)
                ]
            }
        )

    @extend_schema(
        operation_id="circles_create",
        summary="Create a circle, with the caller as its owner",
        request=CircleCreateSerializer,
        responses={201: schema.Circle, 400: BAD_INPUT, 403: NOT_SIGNED_IN},
    )
    def post(self, request: Request) -> Response:
        data = _valid(CircleCreateSerializer, request.data)
        circle = circle_services.circle_create(owner=request.user, **data)
        return Response(
            _circle_answer(request, circle, Role.OWNER, 1), status=status.HTTP_201_CREATED
        )


class CircleDetailView(ApiView):
    """One of the caller's circles: a circle is seen only by its members."""

    @extend_schema(
        operation_id="circles_retrieve",
        summary="A circle the caller belongs to",
        responses={200: schema.Circle, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        circle, membership = get_circle_for_member(request.user, slug)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))

    @extend_schema(
        operation_id="circles_partial_update",
        summary="Rename or redescribe a circle (owners); the slug stays",
        request=CircleUpdateSerializer,
        responses={200: schema.Circle, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def patch(self, request: Request, slug: str) -> Response:
        circle, membership = get_circle_for_member(request.user, slug)
        data = _valid(CircleUpdateSerializer, request.data)
        circle = circle_services.circle_update(circle=circle, actor=request.user, **data)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))

    @extend_schema(
        operation_id="circles_destroy",
        summary="Delete a circle (owners); annotations shared with it become private",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        circle_services.circle_delete(circle=circle, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(ApiView):
    """A circle's members, for its members."""

    @extend_schema(
        operation_id="circles_members_list",
        summary="A circle's members, in the order they joined",
        responses={200: schema.MemberList, 404: NOT_FOUND},
    )
    def get(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        members = Membership.objects.filter(circle=circle).select_related("user")
        return Response({"results": [member_json(member) for member in members]})


class MemberDetailView(ApiView):
    """One member: owners change roles; owners and moderators remove; anyone leaves."""

    @extend_schema(
        operation_id="circles_members_partial_update",
        summary="Change a member's role (owners; the last owner stays an owner)",
        request=MemberRoleSerializer,
        responses={200: schema.Member, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        member = get_member_of(circle, username=username)
        role = _valid(MemberRoleSerializer, request.data)["role"]
        member = circle_services.member_set_role(
            circle=circle, actor=request.user, user=member.user, role=role
        )
        return Response(member_json(member))

    @extend_schema(
        operation_id="circles_members_destroy",
        summary=(
            "Remove a member (owners: anyone; moderators: plain members), or leave "
            "(your own username; not the last owner)"
        ),
        responses={204: None, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str, username: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        member = get_member_of(circle, username=username)
        circle_services.member_remove(circle=circle, actor=request.user, user=member.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteListView(ApiView):
    """Invite links to a circle."""

    @extend_schema(
        operation_id="circles_invites_create",
        summary="Create an invite link (owners and moderators), optionally expiring or limited",
        request=InviteCreateSerializer,
        responses={201: schema.Invite, 400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def post(self, request: Request, slug: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        data = _valid(InviteCreateSerializer, request.data)
        invite = circle_services.invite_create(circle=circle, actor=request.user, **data)
        return Response(_invite_answer(request, invite), status=status.HTTP_201_CREATED)


class InviteDetailView(ApiView):
    """One invite link of a circle."""

    @extend_schema(
        operation_id="circles_invites_destroy",
        summary="Revoke an invite link (owners and moderators)",
        responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND},
    )
    def delete(self, request: Request, slug: str, token: str) -> Response:
        circle, _membership = get_circle_for_member(request.user, slug)
        invite = get_invite_of(circle, token=token)
        circle_services.invite_revoke(invite=invite, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InviteAcceptView(ApiView):
    """Following an invite link: join its circle."""

    @extend_schema(
        operation_id="invites_accept",
        summary="Join the circle of an invite (already a member: nothing changes)",
        request=None,
        responses={
            200: schema.Circle,
            400: OpenApiResponse(
                schema.Error, description="The invite has expired, been revoked or used up."
            ),
            403: NOT_SIGNED_IN,
            404: NOT_FOUND,
        },
    )
    def post(self, request: Request, token: str) -> Response:
        try:
            membership = circle_services.invite_accept(token=token, user=request.user)
        except InviteError as error:
            if error.status == "unknown":
                raise Http404("No such invite") from None
            raise exceptions.ValidationError({"token": [error.message]}) from None
        circle, membership = get_circle_for_member(request.user, membership.circle.slug)
        return Response(_circle_answer(request, circle, membership.role, circle.member_count))


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


def _for_presenting(annotations: QuerySet[Annotation]) -> QuerySet[Annotation]:
    """What the presenter reads, loaded in two queries whatever the number of annotations."""
    return annotations.select_related("author", "document", "circle").prefetch_related(
        Prefetch("tagged_items", queryset=TaggedAnnotation.objects.select_related("tag"))
    )


def _prefetched_tags(annotation: Annotation) -> list[str]:
    return [item.tag.name for item in annotation.tagged_items.all()]


def _stored_tags(annotation: Annotation) -> list[str]:
    return list(annotation.tagged_items.values_list("tag__name", flat=True))


def _reactions_of(request: Request, annotations) -> tuple[dict, dict]:
    """The reactions to those of ``annotations`` shared with a circle: two queries when
    there are any, none otherwise."""
    ids = [a.pk for a in annotations if a.visibility == Visibility.CIRCLE and a.circle_id]
    if not ids:
        return {}, {}
    return reaction_counts(ids), my_reactions(request.user, ids)


def _annotation_answer(request: Request, annotation: Annotation) -> dict:
    counts, mine = _reactions_of(request, [annotation])
    return annotation_json(
        annotation,
        _stored_tags(annotation),
        reactions=counts.get(annotation.pk),
        my_reactions=mine.get(annotation.pk, ()),
    )


def _circle_answer(request: Request, circle: Circle, role: str, member_count: int) -> dict:
    url = request.build_absolute_uri(reverse("api:circle-detail", args=[circle.slug]))
    return circle_json(circle, role=role, member_count=member_count, url=url)


def _invite_answer(request: Request, invite: Invite) -> dict:
    # The HTML invite page (reader:invite) is where a link leads, signed in or not.
    return invite_json(invite, url=request.build_absolute_uri(f"/invite/{invite.token}/"))


def _document_url(request: Request, document: Document) -> str:
    return request.build_absolute_uri(reverse("api:document-detail", args=[document.slug]))
