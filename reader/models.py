"""What the reader app stores for itself: where each reader is in each document."""

from django.conf import settings
from django.db import models


class ReadingPosition(models.Model):
    """The paragraph a reader last had at the top of the screen in a document.

    ``ordinal`` is a paragraph ordinal in the document's current version at the time
    it was recorded; a later version may have fewer paragraphs, so readers of this
    value clamp it. Writes go through ``reader.services.position_record``.
    """

    # The unique (user, document) index serves lookups by user; no second index needed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reading_positions",
        db_index=False,
    )
    document = models.ForeignKey(
        "corpus.Document", on_delete=models.CASCADE, related_name="reading_positions"
    )
    ordinal = models.PositiveIntegerField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document"], name="reader_position_unique_user_document"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at ¶{self.ordinal} of {self.document_id}"


class SharingChoice(models.Model):
    """Where a reader's quick highlights in a document go: only them, one of their
    circles, or everyone. Read by ``reader.queries.sharing_for``, which falls back to
    only them when the choice is no longer allowed (they left the circle); written by
    ``reader.services.sharing_choose``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sharing_choices",
        db_index=False,  # the unique (user, document) index serves it
    )
    document = models.ForeignKey(
        "corpus.Document", on_delete=models.CASCADE, related_name="sharing_choices"
    )
    visibility = models.CharField(max_length=10)  # annotations' Visibility values
    # The circle for visibility "circle"; a dissolved circle takes the choice with it.
    circle = models.ForeignKey(
        "annotations.Circle",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sharing_choices",
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "document"], name="reader_sharing_unique_user_document"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(visibility="circle", circle__isnull=False)
                    | models.Q(visibility__in=["private", "public"], circle__isnull=True)
                ),
                name="reader_sharing_circle_iff_circle_visibility",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} shares {self.document_id} to {self.visibility}"
