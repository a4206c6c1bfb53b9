"""Texts on their way into a library: an upload kept between its preview and its
publication, and the background job that stores a large one (with its progress)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from annotations.models.jobs import Job


class PendingUpload(models.Model):
    """The bytes of a file, pasted text or fetched page, kept (a day) for its owner to
    publish after the preview without sending it again; Discard deletes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.BinaryField()
    filename = models.CharField(max_length=255, blank=True)
    source_url = models.CharField(max_length=2000, blank=True)
    library = models.CharField(max_length=200)  # "public" or "circle:<slug>"
    # A new version of this document, or (null) a new document.
    supersedes = models.ForeignKey(
        "corpus.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.CharField(max_length=10, blank=True)
    report = models.JSONField(default=dict)  # the preview, as upload_preview made it
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires"], name="annotations_upload_expires_idx")]

    def __str__(self) -> str:
        return f"{self.filename or self.source_url or 'pasted text'} for {self.library}"


class IngestJob(Job):
    """A large text being stored by a task (``tasks.ingest_upload``): how far it got."""

    upload = models.ForeignKey(
        PendingUpload, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    document = models.ForeignKey(
        "corpus.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unchanged = models.BooleanField(default=False)  # the text was there already
