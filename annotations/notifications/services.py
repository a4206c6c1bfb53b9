"""Who hears about what, decided when it happens; marking notifications read.

The annotations, circles and library services call the ``notify_...`` hooks after their
write. Each recipient is checked with the same conditions the pages read through
(``permissions.reply_filter``, ``audience_filter``): nobody is told about what they may
not see, and nobody about their own action. Each recipient gets one notification an
event, the most personal kind: a mention, then a reply to their annotation, then a reply
in a thread they took part in. (``queries`` checks again when the list is read.)
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from annotations.models import (
    Annotation,
    LibraryText,
    Membership,
    Notification,
    NotificationKind,
    NotificationSettings,
    ReadingListEntry,
    Reply,
)
from annotations.notifications.mentions import mentioned_usernames
from annotations.permissions import User, audience_filter, circles_of, reply_filter


def notify_reply_created(*, reply: Reply) -> list[Notification]:
    """Tell the annotation's author (reply), the others who replied on it (thread) and
    whoever the reply mentions (mention), if they may read the reply.

    Side effects: creates the notifications. The thread is the annotation's: its author
    and everyone who replied on it (a reply to a reply keeps to the same thread)."""
    annotation = reply.annotation
    wanted: dict[int, str] = {}
    repliers = (
        Reply.objects.filter(annotation=annotation.pk)
        .exclude(pk=reply.pk)
        .values_list("author_id", flat=True)
        .distinct()
    )
    for author_id in repliers:
        wanted[author_id] = NotificationKind.THREAD
    wanted[annotation.author_id] = NotificationKind.REPLY
    for user_id in _mentionable(reply.author, reply.body):
        wanted[user_id] = NotificationKind.MENTION
    wanted.pop(reply.author_id, None)
    recipients = [
        (user_id, kind) for user_id, kind in wanted.items() if _may_read_reply(user_id, reply)
    ]
    return _create(
        [
            Notification(
                recipient_id=user_id,
                actor_id=reply.author_id,
                kind=kind,
                annotation_id=annotation.pk,
                reply=reply,
                circle_id=annotation.circle_id,
                document_id=annotation.document_id,
            )
            for user_id, kind in recipients
        ]
    )


def notify_reply_changed(*, reply: Reply) -> list[Notification]:
    """Tell whoever an edited reply newly mentions (not those told of it already).
    Side effects: creates the notifications."""
    told = set(Notification.objects.filter(reply=reply.pk).values_list("recipient_id", flat=True))
    return _create(
        [
            Notification(
                recipient_id=user_id,
                actor_id=reply.author_id,
                kind=NotificationKind.MENTION,
                annotation_id=reply.annotation_id,
                reply=reply,
                circle_id=reply.annotation.circle_id,
                document_id=reply.annotation.document_id,
            )
            for user_id in _mentionable(reply.author, reply.body)
            if user_id not in told
            and user_id != reply.author_id
            and _may_read_reply(user_id, reply)
        ]
    )


def notify_annotation_saved(*, annotation: Annotation) -> list[Notification]:
    """Tell whoever the comment mentions and may read the annotation, once each (a
    comment edited to mention someone new, or shared with them later, tells them then).
    Side effects: creates the notifications."""
    candidates = _mentionable(annotation.author, annotation.comment)
    if not candidates:
        return []
    told = set(
        Notification.objects.filter(
            annotation=annotation.pk, reply__isnull=True, kind=NotificationKind.MENTION
        ).values_list("recipient_id", flat=True)
    )
    return _create(
        [
            Notification(
                recipient_id=user_id,
                actor_id=annotation.author_id,
                kind=NotificationKind.MENTION,
                annotation=annotation,
                circle_id=annotation.circle_id,
                document_id=annotation.document_id,
            )
            for user_id in candidates
            if user_id not in told
            and user_id != annotation.author_id
            and _may_read_annotation(user_id, annotation)
        ]
    )


def notify_library_text_added(*, library_text: LibraryText) -> list[Notification]:
    """Tell the circle's other members about a new text in its library (all of them may
    read it). Side effects: creates the notifications."""
    members = Membership.objects.filter(circle=library_text.circle_id).exclude(
        user=library_text.added_by_id
    )
    return _create(
        [
            Notification(
                recipient_id=user_id,
                actor_id=library_text.added_by_id,
                kind=NotificationKind.LIBRARY_TEXT,
                document_id=library_text.document_id,
                circle_id=library_text.circle_id,
            )
            for user_id in members.values_list("user_id", flat=True)
        ]
    )


def notify_reading_list_added(*, entry: ReadingListEntry) -> list[Notification]:
    """Tell the circle's other members about a new reading-list item (a text every
    member may read: the reading list holds no other). Side effects: creates them."""
    members = Membership.objects.filter(circle=entry.circle_id).exclude(user=entry.added_by_id)
    return _create(
        [
            Notification(
                recipient_id=user_id,
                actor_id=entry.added_by_id,
                kind=NotificationKind.READING_LIST,
                reading_list_entry=entry,
                document_id=entry.document_id,
                circle_id=entry.circle_id,
            )
            for user_id in members.values_list("user_id", flat=True)
        ]
    )


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of ``user``'s notifications read (fetched through
    ``queries.get_notification_for_user``). Side effects: sets ``read_at`` once."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied("Only its recipient marks a notification read.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of ``user``'s read; how many were. Side effects:
    one UPDATE."""
    return Notification.objects.filter(recipient=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notification_settings_for(user: User) -> NotificationSettings:
    """``user``'s email preferences: their row, or the defaults (everything), unsaved."""
    found = NotificationSettings.objects.filter(user=user.pk).first()
    return found or NotificationSettings(user_id=user.pk)


def notification_settings_update(*, user: User, **choices: bool) -> NotificationSettings:
    """Save ``user``'s email preferences: ``digest`` and ``email_<kind>`` booleans (others
    are refused with ValueError). Side effects: creates or updates their row."""
    allowed = {"digest", *(f"email_{kind}" for kind in NotificationKind.values)}
    unknown = set(choices) - allowed
    if unknown:
        raise ValueError(f"Unknown notification settings: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        found, _ = NotificationSettings.objects.select_for_update().get_or_create(user_id=user.pk)
        for name, value in choices.items():
            setattr(found, name, bool(value))
        found.save()
    return found


def _create(notifications: list[Notification]) -> list[Notification]:
    if not notifications:
        return []
    return Notification.objects.bulk_create(notifications)


def _mentionable(writer, text: str) -> list[int]:
    """The ids of the active readers ``text`` mentions who share a circle with
    ``writer`` (whether they may read it is checked by the caller)."""
    names = mentioned_usernames(text)
    if not names:
        return []
    shared = Membership.objects.filter(circle__in=circles_of(writer)).values("user_id")
    return list(
        get_user_model()
        .objects.filter(username__in=names, is_active=True, pk__in=shared)
        .values_list("pk", flat=True)
    )


def _reader(user_id: int):
    """A stand-in for the reader ``user_id`` for the permission conditions, which need
    only the id and that they are signed in (no query)."""
    return get_user_model()(pk=user_id)


def _may_read_reply(user_id: int, reply: Reply) -> bool:
    return Reply.objects.filter(reply_filter(_reader(user_id)), pk=reply.pk).exists()


def _may_read_annotation(user_id: int, annotation: Annotation) -> bool:
    return Annotation.objects.filter(audience_filter(_reader(user_id)), pk=annotation.pk).exists()
