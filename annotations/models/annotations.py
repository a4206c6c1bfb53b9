"""Highlights with their comments and tags, and replies to them."""

import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


class Color(models.TextChoices):
    YELLOW = "yellow"
    GREEN = "green"
    BLUE = "blue"
    PINK = "pink"
    PURPLE = "purple"


class Visibility(models.TextChoices):
    PRIVATE = "private"
    CIRCLE = "circle"
    PUBLIC = "public"


class Anchor(models.TextChoices):
    """How a highlight sits on its version after a new one came in (issue 13)."""

    EXACT = "exact"  # its quote, where the diff says it went
    FUZZY = "fuzzy"  # its words were edited: on the edited passage, for its author to review
    ORPHANED = "orphaned"  # its words are gone: it keeps its old quote


class TaggedAnnotation(TaggedItemBase):
    """The tag links, with a real foreign key so pages can join them in one query."""

    content_object = models.ForeignKey(
        "Annotation", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        indexes = [
            # Both ways round, so that a topic's annotations (by tag) and an annotation
            # list's tags (by annotation) come from an index alone (annotations/guides).
            models.Index(fields=["tag", "content_object"], name="tagged_tag_object_idx"),
            models.Index(fields=["content_object", "tag"], name="tagged_object_tag_idx"),
        ]


class Annotation(models.Model):
    """A highlight of ``[start, end)`` in a document version's text.

    ``exact``, ``prefix`` and ``suffix`` are the W3C TextQuoteSelector, kept so the
    highlight can be found again in a revised text; ``version.text[start:end] == exact``
    unless it is orphaned: then ``exact`` is its old quote and ``[start, end)`` only
    where its words were. ``previous_exact`` is the quote before a fuzzy placement.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="annotations"
    )
    document = models.ForeignKey(
        "corpus.Document", on_delete=models.CASCADE, related_name="annotations"
    )
    version = models.ForeignKey(
        "corpus.DocumentVersion", on_delete=models.CASCADE, related_name="annotations"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    exact = models.TextField()
    prefix = models.CharField(max_length=32, blank=True)
    suffix = models.CharField(max_length=32, blank=True)
    color = models.CharField(max_length=10, choices=Color.choices, default=Color.YELLOW)
    comment = models.TextField(blank=True)  # Markdown, as written
    comment_html = models.TextField(blank=True)  # rendered and sanitised
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    # The circle it is shared with, when visibility is "circle".
    circle = models.ForeignKey(
        "annotations.Circle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annotations",
    )
    anchor = models.CharField(max_length=10, choices=Anchor.choices, default=Anchor.EXACT)
    previous_exact = models.TextField(blank=True)
    # Hidden by a circle's moderator: its author still sees it, marked hidden.
    hidden = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    # The JSON-LD ``id`` it was imported from: a second import of it creates nothing.
    # Null, not "", for the many made here: "no source", never equal to another's.
    source_id = models.CharField(max_length=2000, null=True, blank=True)  # noqa: DJ001

    tags = TaggableManager(through=TaggedAnnotation, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            # A reading page's range, with every column its popular layer and its visibility
            # check read, so that those rows come from the index alone (annotations/margin.py).
            models.Index(
                fields=[
                    "version",
                    "start",
                    "end",
                    "author",
                    "visibility",
                    "anchor",
                    "circle",
                    "hidden",
                    "document",
                    "id",
                ],
                name="annotation_range_idx",
            ),
            models.Index(fields=["author", "-created"], name="annotation_author_created_idx"),
            models.Index(fields=["visibility", "version"], name="annotation_visibility_idx"),
            models.Index(fields=["author", "source_id"], name="annotation_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")), name="annotation_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_id}: {self.exact[:40]}"


class Reply(models.Model):
    """A reply to an annotation, or (``parent``) to another reply on the same annotation.

    Deleting a reply through ``services.reply_delete`` moves its replies up to its own
    parent (or to the annotation), so they stay in the thread; any other deletion (its
    author's account) leaves them as replies to the annotation (``SET_NULL``).
    """

    annotation = models.ForeignKey(Annotation, on_delete=models.CASCADE, related_name="replies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField()  # Markdown, as written
    body_html = models.TextField()  # rendered and sanitised
    hidden = models.BooleanField(default=False)  # hidden by a circle's moderator
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["annotation", "created"], name="reply_annotation_idx")]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.annotation_id}: {self.body[:40]}"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder, except that times keep their microseconds (it cuts them to
    milliseconds): a restored row has the very time it had."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class DeletedAnnotation(models.Model):
    """A deleted annotation, kept for a while so that its author can undo the delete.

    The annotation itself is gone (deleted with its replies, tag links, reactions and
    hides, so that nobody sees it from that moment); ``rows`` holds every row that went
    with it, as Django's serializer wrote them, for ``annotations.trash`` to put back
    with the same ids and times. Purged after ``trash.KEPT_FOR``; an account's go with it.
    """

    annotation_id = models.BigIntegerField(unique=True)  # the id it had, and has again
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("corpus.Document", on_delete=models.CASCADE, related_name="+")
    deleted = models.DateTimeField(default=timezone.now, db_index=True)
    rows = models.JSONField(encoder=ExactJSONEncoder)

    def __str__(self) -> str:
        return f"{self.author_id}'s deleted {self.annotation_id}"
