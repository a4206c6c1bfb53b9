"""What readers create, one module per idea: annotations and replies, circles (members,
invites, reading lists, reactions, moderators' hides), study-guide summaries.

Writes go through the service modules; reads that depend on who is asking through
``annotations.queries``, under the rules of ``annotations.permissions``.
"""

from annotations.models.annotations import (
    Anchor,
    Annotation,
    Color,
    DeletedAnnotation,
    Reply,
    TaggedAnnotation,
    Visibility,
)
from annotations.models.circles import (
    Circle,
    CircleHide,
    Invite,
    Membership,
    Reaction,
    ReactionKind,
    ReadingListEntry,
    Role,
    new_invite_token,
)
from annotations.models.guides import TopicSummary
from annotations.models.imports import ImportJob
from annotations.models.jobs import Job, JobState
from annotations.models.library import LibraryText
from annotations.models.notifications import (
    Notification,
    NotificationDigest,
    NotificationKind,
    NotificationSettings,
)
from annotations.models.throttles import ThrottleCount
from annotations.models.uploads import IngestJob, PendingUpload

__all__ = [
    "Annotation",
    "Circle",
    "CircleHide",
    "Anchor",
    "Color",
    "DeletedAnnotation",
    "ImportJob",
    "IngestJob",
    "Invite",
    "Job",
    "JobState",
    "LibraryText",
    "Membership",
    "Notification",
    "NotificationDigest",
    "NotificationKind",
    "NotificationSettings",
    "PendingUpload",
    "Reaction",
    "ReactionKind",
    "ReadingListEntry",
    "Reply",
    "Role",
    "TaggedAnnotation",
    "ThrottleCount",
    "TopicSummary",
    "Visibility",
    "new_invite_token",
]
