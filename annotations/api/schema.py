"""What the responses look like, for the OpenAPI schema only.

The views answer with ``annotations.presenters``' dicts; these serializers describe
them to drf-spectacular and are never used to build a response. A test checks that
each one names the same fields as its presenter.
"""

from __future__ import annotations

from rest_framework import serializers

from annotations.models import Color, Visibility
from corpus.models import Paragraph as ParagraphModel


class Annotation(serializers.Serializer):
    id = serializers.IntegerField()
    document = serializers.CharField(help_text="The document's slug.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    exact = serializers.CharField()
    prefix = serializers.CharField(help_text="Up to 32 characters before the quote.")
    suffix = serializers.CharField(help_text="Up to 32 characters after it.")
    color = serializers.ChoiceField(choices=Color.values)
    comment = serializers.CharField(help_text="Markdown, as written.")
    comment_html = serializers.CharField(help_text="The comment rendered and sanitised.")
    tags = serializers.ListField(child=serializers.CharField())
    visibility = serializers.ChoiceField(choices=Visibility.values)
    author = serializers.CharField(help_text="The author's username.")
    created = serializers.DateTimeField()
    updated = serializers.DateTimeField()


class AnnotationPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = Annotation(many=True)


class Reply(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField(help_text="Markdown, as written.")
    body_html = serializers.CharField(help_text="The body rendered and sanitised.")
    author = serializers.CharField(help_text="The author's username.")
    created = serializers.DateTimeField()


class ReplyList(serializers.Serializer):
    results = Reply(many=True)


class TagList(serializers.Serializer):
    results = serializers.ListField(child=serializers.CharField())


class Document(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    author = serializers.CharField()
    publisher = serializers.CharField()
    published = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD, or empty.")
    updated = serializers.CharField(help_text="YYYY, YYYY-MM or YYYY-MM-DD, or empty.")
    version = serializers.IntegerField(help_text="The current version's number.")
    paragraph_count = serializers.IntegerField()
    url = serializers.URLField(help_text="This document in the API.")


class DocumentList(serializers.Serializer):
    results = Document(many=True)


class Section(serializers.Serializer):
    order = serializers.IntegerField()
    level = serializers.IntegerField()
    title = serializers.CharField()
    first_ordinal = serializers.IntegerField()
    last_ordinal = serializers.IntegerField()


class Paragraph(serializers.Serializer):
    ordinal = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ParagraphModel.Kind.values)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class DocumentDetail(Document):
    sections = Section(many=True)
    paragraphs = Paragraph(many=True)


class Error(serializers.Serializer):
    """``{"<field>": ["<message>"]}`` for bad input, ``{"detail": "..."}`` otherwise."""

    detail = serializers.CharField(required=False)
