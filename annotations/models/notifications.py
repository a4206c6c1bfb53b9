"""Notifications: what a reader hears about (replies, mentions, new texts and reading-list
items in their circles), their email preferences and the digests sent to them.

Models only; writes are in ``annotations.notifications.services`` (and ``digest``), reads
in ``annotations.notifications.queries``, which shows a notification only while its
recipient may still see what it is about.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class NotificationKind(models.TextChoices):
    REPLY = "reply", "Replies to your annotations"
    THREAD = "thread", "Replies in threads you took part in"
    MENTION = "mention", "Mentions of you"
    LIBRARY_TEXT = "library_text", "New texts in your circles' libraries"
    READING_LIST = "reading_list", "New reading-list items in your circles"


class Notification(models.Model):
    """One thing ``recipient`` hears about, caused by ``actor``.

    What it is about is a foreign key that deletes it with its subject: a reply (reply,
    thread, a mention in a reply), an annotation (a mention in a comment; set for reply
    kinds too), a document (a new text) or a reading-list entry.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    annotation = models.ForeignKey(
        "annotations.Annotation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reply = models.ForeignKey(
        "annotations.Reply", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.ForeignKey(
        "corpus.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    circle = models.ForeignKey(
        "annotations.Circle", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reading_list_entry = models.ForeignKey(
        "annotations.ReadingListEntry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The digest that told the recipient about it by email; null until one does.
    digest = models.ForeignKey(
        "annotations.NotificationDigest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notification_recipient_idx"),
            models.Index(
                fields=["recipient", "read_at"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationSettings(models.Model):
    """What a reader wants by email: the daily digest at all, and each kind in it.
    A reader without a row gets everything (the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    digest = models.BooleanField(default=True)
    email_reply = models.BooleanField(default=True)
    email_thread = models.BooleanField(default=True)
    email_mention = models.BooleanField(default=True)
    email_library_text = models.BooleanField(default=True)
    email_reading_list = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"notification settings of {self.user_id}"

    def wants(self, kind: str) -> bool:
        return self.digest and getattr(self, f"email_{kind}")

    def wanted_kinds(self) -> list[str]:
        return [kind for kind in NotificationKind.values if self.wants(kind)]


class NotificationDigest(models.Model):
    """One email digest sent to ``recipient`` for the day ``period``: at most one a day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    period = models.DateField()
    sent = models.DateTimeField(default=timezone.now)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "period"], name="notification_digest_one_a_period"
            ),
        ]

    def __str__(self) -> str:
        return f"digest of {self.period} for {self.recipient_id}"
