"""A notification as a list shows it and as the API sends it: what happened, in words,
and where to see it in place."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags

from annotations.models import Notification, NotificationKind

EXCERPT = 160


def notification_summary(notification: Notification) -> str:
    """What happened, in one sentence without the excerpt ("ana replied to your
    highlight in Essay")."""
    actor = notification.actor.get_username()
    kind = notification.kind
    if kind in (NotificationKind.REPLY, NotificationKind.THREAD, NotificationKind.MENTION):
        title = notification.annotation.document.title
        if kind == NotificationKind.REPLY:
            return f"{actor} replied to your highlight in {title}"
        if kind == NotificationKind.THREAD:
            return f"{actor} replied in a thread you took part in, in {title}"
        where = "a reply" if notification.reply_id else "a note"
        return f"{actor} mentioned you in {where} in {title}"
    circle = notification.circle.name if notification.circle else "your circle"
    title = notification.document.title
    if kind == NotificationKind.LIBRARY_TEXT:
        return f"{actor} added “{title}” to the library of {circle}"
    return f"{actor} added “{title}” to the reading list of {circle}"


def notification_excerpt(notification: Notification) -> str:
    """The words it is about: the reply, the comment, or the reading-list note."""
    if notification.reply_id:
        html = notification.reply.body_html
    elif notification.annotation_id:
        html = notification.annotation.comment_html or notification.annotation.exact
    elif notification.reading_list_entry_id:
        html = notification.reading_list_entry.note
    else:
        html = ""
    text = " ".join(strip_tags(html).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def notification_path(notification: Notification) -> str:
    """Where to see it in place: the highlight (and the reply) in its paragraph, the new
    text, or the section the reading list names."""
    if notification.annotation_id:
        annotation = notification.annotation
        target = f"#annotation-{annotation.pk}"
        if notification.reply_id:
            target += f"-reply-{notification.reply_id}"
        ordinal = getattr(notification, "ordinal", None)
        slug = annotation.document.slug
        if ordinal is None:
            return reverse("reader:document", args=[slug]) + target
        return reverse("reader:paragraph", args=[slug, ordinal]) + target
    slug = notification.document.slug
    entry = notification.reading_list_entry
    if entry is not None and entry.section_order is not None:
        return reverse("reader:section", args=[slug, entry.section_order])
    return reverse("reader:document", args=[slug])


def notification_json(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "actor": notification.actor.get_username(),
        "summary": notification_summary(notification),
        "excerpt": notification_excerpt(notification),
        "url": notification_path(notification),
        "annotation": notification.annotation_id,
        "reply": notification.reply_id,
        "document": notification.document.slug if notification.document_id else None,
        "circle": notification.circle.slug if notification.circle_id else None,
        "created": notification.created.isoformat(),
        "read": notification.read_at is not None,
    }
