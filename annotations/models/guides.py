"""The summary a circle (or a reader, for their own guide) writes for one topic."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class TopicSummary(models.Model):
    """Keyed by the circle itself, or by the reader for their own guide: deleted with
    either, and never found again by a circle that reuses a deleted one's name."""

    circle = models.ForeignKey(
        "annotations.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="topic_summaries",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="topic_summaries",
    )
    tag = models.CharField(max_length=100)  # the tag's name, lower-cased
    body = models.TextField(blank=True)  # Markdown, as written
    body_html = models.TextField(blank=True)  # rendered and sanitised
    # Who wrote it last; None once their account is deleted ("a former member").
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "tag"],
                condition=Q(circle__isnull=False),
                name="topic_summary_unique_circle_tag",
            ),
            models.UniqueConstraint(
                fields=["owner", "tag"],
                condition=Q(owner__isnull=False),
                name="topic_summary_unique_owner_tag",
            ),
            models.CheckConstraint(
                condition=Q(circle__isnull=True, owner__isnull=False)
                | Q(circle__isnull=False, owner__isnull=True),
                name="topic_summary_one_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle_id or self.owner_id} / {self.tag}"
