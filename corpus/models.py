"""The stored corpus: documents, their versions, and each version's sections and paragraphs.

Text coordinates: a version's ``text`` is its paragraphs' texts joined by ``"\\n\\n"``, and
every paragraph records its offsets in it, so ``version.text[p.start:p.end] == p.text``.
Writes go through ``corpus.services``.
"""

from django.db import models
from django.utils import timezone

from corpus.ingest.blocks import NOTE_LABEL_MAX


class Document(models.Model):
    """A work, e.g. one article, whatever its revisions; readers read its current version."""

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    # ISO partial dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the source is.
    published = models.CharField(max_length=10, blank=True)
    updated = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    current_version = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One ingested text of a document; older versions stay for comparison and re-anchoring."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()  # 1, 2, ... within the document
    content_hash = models.CharField(max_length=64)  # sha256 hex of ``text`` as UTF-8
    text = models.TextField()
    source_name = models.CharField(max_length=255, blank=True)
    ingested_at = models.DateTimeField(default=timezone.now)
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
    )
    # What the parser left out or warned about: {"dropped": [...], "warnings": [...]}.
    report = models.JSONField(default=dict, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    # How many times the public annotations on it changed (added, removed, moved, shared or
    # withdrawn): bumped by database triggers (annotations migrations 0016, and 0017: on
    # PostgreSQL at the writing transaction's commit), whichever code writes them; a save
    # from a copy loaded earlier cannot take it back. The popular layer's cache key
    # (annotations/margin.py).
    public_changes = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="corpus_version_unique_number"
            ),
        ]
        indexes = [
            models.Index(fields=["document", "content_hash"], name="corpus_version_hash_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.document.slug} v{self.number}"


class Section(models.Model):
    """A heading and the paragraphs up to the next heading of any level.

    Paragraphs before a version's first heading form an implicit first section
    (titled with the document's title, ``heading_ordinal`` None).
    """

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()  # 1-based
    level = models.PositiveSmallIntegerField()  # 1 = top level
    title = models.TextField()
    heading_ordinal = models.PositiveIntegerField(null=True, blank=True)
    # Inclusive paragraph ordinal range, starting with the heading paragraph itself.
    first_ordinal = models.PositiveIntegerField()
    last_ordinal = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="corpus_section_unique_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        HEADING = "heading"
        BODY = "body"
        QUOTE = "quote"
        LIST_ITEM = "list_item", "list item"
        NOTE = "note"

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="paragraphs"
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    ordinal = models.PositiveIntegerField()  # 1-based within the version
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.TextField()
    # Offsets in version.text: version.text[start:end] == text.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    note_number = models.PositiveIntegerField(null=True, blank=True)  # notes only
    # Notes only: the marker as printed where it is no number ('*', '†'), else empty.
    note_label = models.CharField(max_length=NOTE_LABEL_MAX, blank=True, default="")
    # Note markers in ``text``: [start, end, note_ordinal], start/end relative to ``text``,
    # note_ordinal the ordinal of the note paragraph in the same version.
    note_refs = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "ordinal"]
        constraints = [
            # Its index is the (version, ordinal) lookup index too.
            models.UniqueConstraint(
                fields=["version", "ordinal"], name="corpus_paragraph_unique_ordinal"
            ),
        ]

    def __str__(self) -> str:
        return f"¶{self.ordinal} {self.text[:60]}"
