"""Reading circles: members with roles, invites by link, a reading list.

Models only; writes are in ``annotations.circles.services`` and ``moderation``, reads
in ``annotations.circles.queries`` and ``annotations.queries``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    OWNER = "owner"
    MODERATOR = "moderator"
    MEMBER = "member"


class Circle(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(default=timezone.now)
    # When the member last opened the circle page: what is new is what came after.
    last_visit = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["joined", "id"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="membership_unique_user"),
        ]
        indexes = [models.Index(fields=["user", "circle"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.circle_id} as {self.role}"


def new_invite_token() -> str:
    return secrets.token_urlsafe(24)


class Invite(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=64, unique=True, default=new_invite_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"invite to {self.circle_id}"


class ReadingListEntry(models.Model):
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="reading_list")
    document = models.ForeignKey("corpus.Document", on_delete=models.CASCADE, related_name="+")
    # A section of the document (its order in the current version), or the whole of it.
    section_order = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    due = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.circle_id}: {self.document_id}"


class ReactionKind(models.TextChoices):
    AGREE = "agree"
    DISAGREE = "disagree"
    QUESTION = "question"


class Reaction(models.Model):
    annotation = models.ForeignKey(
        "annotations.Annotation", on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["annotation", "user", "kind"], name="reaction_one_of_each"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.annotation_id}"


class CircleHide(models.Model):
    """A moderator's hiding of an annotation in one circle.

    It belongs to the annotation in that circle, whatever its author does: made private
    or moved to another circle and back, the annotation comes back hidden. The
    annotation's ``hidden`` flag says whether it is hidden in the circle it is shared
    with now; ``annotations.moderation`` keeps the two in step.
    """

    annotation = models.ForeignKey(
        "annotations.Annotation", on_delete=models.CASCADE, related_name="circle_hides"
    )
    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="hides")
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    hidden_at = models.DateTimeField(default=timezone.now)
    # When the author asked the circle's moderators to look at it again.
    review_requested = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["annotation", "circle"], name="circle_hide_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.annotation_id} hidden in {self.circle_id}"
