"""The summary a circle (or a reader, for their own guide) writes for one topic.

Imported by ``annotations.models`` so that Django registers it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TopicSummary(models.Model):
    # "me:<user id>" for a reader's own guide, "circle:<slug>" for a circle's.
    scope = models.CharField(max_length=160)
    tag = models.CharField(max_length=100)  # the tag's name, lower-cased
    body = models.TextField(blank=True)  # Markdown, as written
    body_html = models.TextField(blank=True)  # rendered and sanitised
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "annotations"
        constraints = [
            models.UniqueConstraint(fields=["scope", "tag"], name="topic_summary_unique_tag"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} / {self.tag}"
