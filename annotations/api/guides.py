"""Study guides in the API: a scope's topics, and one topic's guide.

A thin layer over ``annotations.guides.queries``; a scope the caller may not read is 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.base import NOT_FOUND
from annotations.guides.guide import Guide, GuidePassage, guide
from annotations.guides.queries import topics


class ScopeQuery(serializers.Serializer):
    scope = serializers.CharField(
        required=False, default="me", help_text='"me", "public" or "circle:<slug>"'
    )


class TopicAnswer(serializers.Serializer):
    tag = serializers.CharField()
    name = serializers.CharField()
    passages = serializers.IntegerField()
    members = serializers.IntegerField()
    documents = serializers.IntegerField()


class TopicList(serializers.Serializer):
    scope = serializers.CharField()
    results = TopicAnswer(many=True)


class ReplyAnswer(serializers.Serializer):
    author = serializers.CharField()
    body_html = serializers.CharField()
    created = serializers.DateTimeField()


class AnnotationAnswer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    comment_html = serializers.CharField()
    hidden = serializers.BooleanField(help_text="Hidden by a moderator (seen by moderators).")
    tags = serializers.ListField(child=serializers.CharField())
    replies = ReplyAnswer(many=True)


class PassageAnswer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    members = serializers.IntegerField()
    paragraph = serializers.IntegerField(allow_null=True)
    annotations = AnnotationAnswer(many=True)
    reactions = serializers.DictField(child=serializers.IntegerField())


class KeyPassageAnswer(PassageAnswer):
    document = serializers.CharField()


class SectionAnswer(serializers.Serializer):
    section = serializers.IntegerField(allow_null=True)
    title = serializers.CharField()
    passages = PassageAnswer(many=True)


class DocumentAnswer(serializers.Serializer):
    document = serializers.CharField()
    title = serializers.CharField()
    sections = SectionAnswer(many=True)


class SummaryAnswer(serializers.Serializer):
    body = serializers.CharField()
    body_html = serializers.CharField()
    edited_by = serializers.CharField(allow_null=True)
    edited_at = serializers.DateTimeField()


class RelatedAnswer(serializers.Serializer):
    tag = serializers.CharField()
    passages = serializers.IntegerField()


class GuideAnswer(serializers.Serializer):
    topic = serializers.CharField()
    scope = serializers.CharField()
    summary = SummaryAnswer(allow_null=True)
    documents = DocumentAnswer(many=True)
    key_passages = KeyPassageAnswer(many=True)
    related = RelatedAnswer(many=True)


def _scope(request: Request) -> str:
    query = ScopeQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data["scope"]


class GuideListView(APIView):
    @extend_schema(
        operation_id="guides_list",
        summary="The topics (tags) in a scope, with their passages, members and documents",
        parameters=[ScopeQuery],
        responses={200: TopicList, 404: NOT_FOUND},
    )
    def get(self, request: Request) -> Response:
        index = topics(request.user, _scope(request))
        return Response(
            {
                "scope": index.scope.name,
                "results": [
                    {
                        "tag": topic.key,
                        "name": topic.name,
                        "passages": topic.passages,
                        "members": topic.members,
                        "documents": topic.documents,
                    }
                    for topic in index.topics
                ],
            }
        )


class GuideDetailView(APIView):
    @extend_schema(
        operation_id="guides_retrieve",
        summary="One topic's guide: its passages by document and section, in reading order",
        parameters=[ScopeQuery],
        responses={200: GuideAnswer, 404: NOT_FOUND},
    )
    def get(self, request: Request, tag: str) -> Response:
        return Response(guide_answer(guide(request.user, _scope(request), tag)))


def guide_answer(found: Guide) -> dict:
    summary = found.summary
    return {
        "topic": found.name,
        "scope": found.scope.name,
        "summary": summary
        and {
            "body": summary.body,
            "body_html": summary.body_html,
            "edited_by": summary.edited_by.get_username() if summary.edited_by else None,
            "edited_at": summary.edited_at,
        },
        "documents": [
            {
                "document": document.slug,
                "title": document.title,
                "sections": [
                    {
                        "section": section.order,
                        "title": section.title,
                        "passages": [_passage(passage) for passage in section.passages],
                    }
                    for section in document.sections
                ],
            }
            for document in found.documents
        ],
        "key_passages": [
            {"document": passage.document_slug, **_passage(passage)}
            for passage in found.key_passages
        ],
        "related": [{"tag": name, "passages": count} for name, count in found.related],
    }


def _passage(passage: GuidePassage) -> dict:
    return {
        "start": passage.start,
        "end": passage.end,
        "text": passage.text,
        "members": passage.member_count,
        "paragraph": passage.ordinal,
        "annotations": [
            {
                "id": annotation.id,
                "author": annotation.author,
                "comment_html": annotation.comment_html,
                "hidden": annotation.hidden,
                "tags": annotation.tags,
                "replies": [
                    {"author": r.author, "body_html": r.body_html, "created": r.created}
                    for r in annotation.replies
                ],
            }
            for annotation in passage.annotations
        ],
        "reactions": passage.reactions,
    }
