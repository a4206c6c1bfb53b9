"""A circle's reading list: what it reads, in order, with due dates and notes (owners
and moderators keep it). One transaction each, keyword-only arguments."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from annotations import permissions
from annotations.circles.services import check_text, lock_circle
from annotations.errors import AnnotationError
from annotations.models import Circle, ReadingListEntry
from annotations.notifications import services as notifications
from annotations.services import _UNSET
from corpus.models import Document, Section

MAX_NOTE = 2_000


def reading_list_add(
    *,
    circle: Circle,
    actor,
    document: Document,
    section_order: int | None = None,
    due: datetime.date | None = None,
    note: str = "",
) -> ReadingListEntry:
    """Add a document, or one of its sections, at the end of the reading list (owners and
    moderators); only a document every member may read: a public one or the circle's
    own. Side effects: creates the entry."""
    permissions.require(
        actor,
        circle.pk,
        permissions.can_manage,
        "Only owners and moderators keep the reading list.",
    )
    if not isinstance(document, Document):
        raise AnnotationError("document", "document must be a document of the library.")
    permissions.check_document_for_circle(document, circle.pk)
    if section_order is not None:
        if isinstance(section_order, bool) or not isinstance(section_order, int):
            raise AnnotationError("section_order", "section_order must be a whole number.")
        known = Section.objects.filter(
            version_id=document.current_version_id, order=section_order
        ).exists()
        if not known:
            raise AnnotationError("section_order", f"This document has no section {section_order}.")
    due = _check_due(due)
    note = check_text("note", note, MAX_NOTE)
    with transaction.atomic():
        lock_circle(circle)  # so that two additions cannot take the same position
        last = ReadingListEntry.objects.filter(circle=circle).aggregate(m=Max("position"))["m"]
        entry = ReadingListEntry.objects.create(
            circle=circle,
            document=document,
            section_order=section_order,
            position=0 if last is None else last + 1,
            due=due,
            note=note,
            added_by=actor,
        )
        notifications.notify_reading_list_added(entry=entry)
        return entry


def reading_list_update(
    *, entry: ReadingListEntry, actor, due: datetime.date | None = _UNSET, note: str = _UNSET
) -> ReadingListEntry:
    """Change an entry's due date or note (owners and moderators). Side effects: saves it."""
    permissions.require(
        actor, entry.circle_id, permissions.can_manage, "Only owners and moderators keep the list."
    )
    fields = []
    if due is not _UNSET:
        entry.due = _check_due(due)
        fields.append("due")
    if note is not _UNSET:
        entry.note = check_text("note", note, MAX_NOTE)
        fields.append("note")
    if fields:
        entry.save(update_fields=fields)
    return entry


def reading_list_move(*, entry: ReadingListEntry, actor, direction: str) -> None:
    """Swap an entry with the one before ("up") or after ("down") it (owners and
    moderators); at either end nothing moves. Side effects: renumbers the list's
    positions where they changed."""
    permissions.require(
        actor, entry.circle_id, permissions.can_manage, "Only owners and moderators keep the list."
    )
    if direction not in ("up", "down"):
        raise AnnotationError("direction", 'direction must be "up" or "down".')
    with transaction.atomic():
        lock_circle(entry.circle)
        entries = list(
            ReadingListEntry.objects.filter(circle_id=entry.circle_id).order_by("position", "id")
        )
        index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(entries):
            return
        entries[index], entries[other] = entries[other], entries[index]
        changed = []
        for position, item in enumerate(entries):
            if item.position != position:
                item.position = position
                changed.append(item)
        ReadingListEntry.objects.bulk_update(changed, ["position"])
        entry.position = next(e.position for e in entries if e.pk == entry.pk)


def reading_list_remove(*, entry: ReadingListEntry, actor) -> None:
    """Take an entry off the reading list (owners and moderators). Side effects: deletes it."""
    permissions.require(
        actor, entry.circle_id, permissions.can_manage, "Only owners and moderators keep the list."
    )
    entry.delete()


def _check_due(due: Any) -> datetime.date | None:
    if due is None:
        return None
    # A datetime is a date too, but a due date has no time of day.
    if isinstance(due, datetime.datetime) or not isinstance(due, datetime.date):
        raise AnnotationError("due", "due must be a date, such as 2025-03-01.")
    return due
