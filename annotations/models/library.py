"""Circle libraries: a document a circle added for itself, read by its members only.

A document with no ``LibraryText`` is in the public library. The rules are in
``annotations.permissions`` (``document_filter``); writes in ``annotations.library``.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotations.models.circles import Circle


class LibraryText(models.Model):
    document = models.OneToOneField(
        "corpus.Document", on_delete=models.CASCADE, related_name="library_entry"
    )
    # PROTECT: a circle's texts go before the circle does (circle_dissolve deletes them);
    # a text left without its circle would otherwise turn public.
    circle = models.ForeignKey(Circle, on_delete=models.PROTECT, related_name="library_texts")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["circle"], name="annotations_library_circle_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} in {self.circle_id}"
