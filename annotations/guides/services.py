"""The writes of study guides: a topic's summary."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from annotations.errors import AnnotationError
from annotations.guides.queries import tag_key
from annotations.limits import MAX_TAG_LENGTH
from annotations.models import TopicSummary
from annotations.permissions import CIRCLE, Scope
from annotations.rendering import render_markdown

MAX_SUMMARY = 20_000


def topic_summary_update(*, scope: Scope, tag: str, body: str, editor) -> TopicSummary:
    """Write the summary of ``tag`` in ``scope`` (Markdown, rendered and sanitised).

    Only those ``scope`` allows (a circle's owners and moderators, a reader in their
    own scope) may; anyone else gets PermissionDenied. Records who edited it and when.
    """
    if not scope.can_edit_summary or scope.summary_filter is None:
        raise PermissionDenied("You may not edit this summary.")
    if len(tag) > MAX_TAG_LENGTH:
        raise AnnotationError(
            "tag", f"A tag is at most {MAX_TAG_LENGTH} characters: there is no topic {tag[:60]!r}."
        )
    body = body.strip()
    if len(body) > MAX_SUMMARY:
        raise AnnotationError(
            "body", f"A summary is at most {MAX_SUMMARY:,} characters; this has {len(body):,}."
        )
    with transaction.atomic():
        key = {"circle": scope.circle} if scope.kind == CIRCLE else {"owner": scope.user}
        summary, _ = TopicSummary.objects.update_or_create(
            **key,
            tag=tag_key(tag),
            defaults={
                "body": body,
                "body_html": render_markdown(body),
                "edited_by": editor,
                "edited_at": timezone.now(),
            },
        )
    return summary
