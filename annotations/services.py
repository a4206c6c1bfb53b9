"""Writes to annotations and replies: one transaction each, keyword-only arguments.

Each function checks the input and the actor's right to act, then writes. Bad
input raises ``AnnotationError`` naming the field; acting on what one may see but
not change raises ``PermissionDenied`` (``annotations.permissions`` decides); widening
what others replied to raises ``AudienceConflict``. Nothing is written when any is raised.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models.functions import Length, Lower, Substr
from django.utils import timezone
from taggit.models import Tag

from annotations import anchoring, moderation, permissions, trash
from annotations.errors import AnnotationError
from annotations.inserts import rows_insert
from annotations.limits import (
    MAX_COMMENT,
    MAX_HIGHLIGHT,
    MAX_OFFSET,
    MAX_REPLY,
    MAX_TAG_LENGTH,
    MAX_TAGS,
)
from annotations.models import (
    Anchor,
    Annotation,
    Circle,
    Color,
    Reply,
    TaggedAnnotation,
    Visibility,
)
from annotations.notifications import services as notifications
from annotations.rendering import render_markdown
from corpus.models import Document, DocumentVersion

CHOOSABLE_VISIBILITIES = (Visibility.PRIVATE, Visibility.CIRCLE, Visibility.PUBLIC)


_UNSET: Any = object()
# Rows a bulk statement carries (bulk_update, bulk_create): within SQLite's variables.
BULK_BATCH = 500


def annotation_create(
    *,
    author,
    document: Document,
    start: int,
    end: int,
    exact: str,
    color: str = Color.YELLOW,
    comment: str = "",
    tags: Iterable[str] = (),
    visibility: str = Visibility.PRIVATE,
    circle: str | None = None,
    previous_exact: str = "",
) -> Annotation:
    """Highlight ``[start, end)`` of the document's current version.

    ``circle`` (a slug) is required with visibility "circle": one the author belongs to.
    ``previous_exact`` (an import's quote, found only approximately) places it fuzzy,
    for its author to review, as a new version of the text does.

    Whitespace at either end of the selection is trimmed off. Side effects: creates the
    annotation, any new tags, and the tag links.
    """
    _check_offsets(start, end)
    window = _text_at(document, start, end)
    prepared = _prepare(
        author=author,
        document=document,
        window=window,
        start=start,
        end=end,
        exact=exact,
        color=color,
        comment=comment,
        tags=tags,
        visibility=visibility,
        circle=circle,
        previous_exact=previous_exact,
    )
    with transaction.atomic():
        annotation = prepared.annotation
        annotation.save(force_insert=True)
        _set_tags(annotation, prepared.tags)
        notifications.notify_annotation_saved(annotation=annotation)
    return annotation


@dataclass
class PreparedAnnotation:
    """An annotation checked as ``annotation_create`` checks it, not yet saved, and the
    names of its tags."""

    annotation: Annotation
    tags: list[str]


def annotation_prepare(
    *,
    author,
    document: Document,
    text: str,
    start: int,
    end: int,
    exact: str,
    color: str = Color.YELLOW,
    comment: str = "",
    tags: Iterable[str] = (),
    created: datetime.datetime | None = None,
    updated: datetime.datetime | None = None,
    source_id: str | None = None,
) -> PreparedAnnotation:
    """Check a private annotation as ``annotation_create`` does, against ``text`` (the
    document's current text, read once by the caller), for ``annotations_bulk_create``.
    ``created`` and ``updated`` (an import's times) default to now. No side effects."""
    if document.current_version_id is None:
        raise AnnotationError("document", "This document has no text to annotate.")
    _check_offsets(start, end)
    if end > len(text):
        raise AnnotationError(
            "end", f"end is beyond the document's text, which has {len(text)} characters."
        )
    prepared = _prepare(
        author=author,
        document=document,
        window=_TextWindow(document.current_version_id, len(text), 0, text),
        start=start,
        end=end,
        exact=exact,
        color=color,
        comment=comment,
        tags=tags,
        visibility=Visibility.PRIVATE,
        circle=None,
    )
    annotation = prepared.annotation
    annotation.created = created or annotation.created
    annotation.updated = updated or annotation.created
    annotation.source_id = source_id
    return prepared


def annotations_bulk_create(prepared: list[PreparedAnnotation]) -> list[Annotation]:
    """Save annotations ``annotation_prepare`` checked, with their tags, in a few queries
    whatever their number. Side effects: creates the annotations, any new tags and the
    tag links, in one transaction."""
    annotations = [entry.annotation for entry in prepared]
    with transaction.atomic():
        rows_insert(Annotation, annotations)
        tags = _tags_named({name for entry in prepared for name in entry.tags})
        rows_insert(
            TaggedAnnotation,
            [
                TaggedAnnotation(
                    content_object_id=entry.annotation.pk, tag_id=tags[name.lower()].pk
                )
                for entry in prepared
                for name in entry.tags
            ],
        )
    return annotations


def reply_prepare(
    *,
    annotation: Annotation,
    author,
    body: str,
    created: datetime.datetime | None = None,
    updated: datetime.datetime | None = None,
    parent: Reply | None = None,
) -> Reply:
    """A reply checked as ``reply_create`` checks it, not yet saved (``replies_bulk_create``
    saves it). ``annotation`` may be unsaved: the caller saves it first; so may ``parent``,
    a reply to the same annotation the caller checked. No side effects."""
    if parent is not None and not _same_annotation(parent, annotation):
        raise AnnotationError("parent", "A reply answers a reply to the same annotation.")
    if annotation.author_id != author.pk:
        # The author may always reply to their own annotation, whoever else may.
        permissions.check_can_reply(author, annotation)
    body = _check_body(body)
    now = timezone.now()
    return Reply(
        annotation=annotation,
        parent=parent,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created=created or now,
        updated=updated or created or now,
    )


def _same_annotation(reply: Reply, annotation: Annotation) -> bool:
    """Whether ``reply`` (saved, or planned with the same unsaved annotation) is on it."""
    if reply.pk is None:
        return reply.annotation is annotation
    return annotation.pk is not None and reply.annotation_id == annotation.pk


def replies_bulk_create(replies: list[Reply]) -> list[Reply]:
    """Save replies ``reply_prepare`` checked (their annotations saved). Side effects:
    creates them, in one statement a batch, a generation at a time: the replies to
    replies after the replies they answer."""
    waiting = list(replies)
    while waiting:
        ready = [r for r in waiting if r.parent is None or r.parent.pk is not None]
        if not ready:
            raise AnnotationError("parent", "A reply answers a reply that is not saved.")
        for reply in ready:
            reply.annotation_id = reply.annotation.pk  # set once the annotation was saved
            reply.parent_id = reply.parent.pk if reply.parent is not None else None
        rows_insert(Reply, ready)
        saved = {id(reply) for reply in ready}
        waiting = [reply for reply in waiting if id(reply) not in saved]
    return replies


def _prepare(
    *,
    author,
    document: Document,
    window: _TextWindow,
    start: int,
    end: int,
    exact: str,
    color: str,
    comment: str,
    tags: Iterable[str],
    visibility: str,
    circle: str | None,
    previous_exact: str = "",
) -> PreparedAnnotation:
    """Every check of a new annotation, and the annotation, unsaved."""
    _check_offsets(start, end)
    _check_exact(exact)
    color = _check_color(color)
    comment = _check_comment(comment)
    tag_names = normalise_tags(tags)
    visibility = _check_visibility(visibility)
    shared_with = _check_circle(author, visibility, circle)
    _check_quote(window, start, end, exact)
    exact, start, end = anchoring.trim(exact, start, end)
    if not exact:
        raise AnnotationError("exact", "The selection is only whitespace.")
    now = timezone.now()
    annotation = Annotation(
        author=author,
        document=document,
        version_id=window.version_id,
        start=start,
        end=end,
        exact=exact,
        prefix=window.slice(start - anchoring.CONTEXT, start),
        suffix=window.slice(end, end + anchoring.CONTEXT),
        color=color,
        comment=comment,
        comment_html=render_markdown(comment),
        visibility=visibility,
        circle=shared_with,
        anchor=Anchor.FUZZY if previous_exact else Anchor.EXACT,
        previous_exact=previous_exact,
        created=now,
        updated=now,
    )
    return PreparedAnnotation(annotation, tag_names)


def annotation_update(
    *,
    annotation: Annotation,
    actor,
    color: str = _UNSET,
    comment: str = _UNSET,
    tags: Iterable[str] = _UNSET,
    visibility: str = _UNSET,
    circle: str | None = _UNSET,
) -> Annotation:
    """Change what the author may change. Side effects: saves the annotation, re-links tags.

    Moving between private, a circle and public: visibility "circle" needs ``circle``.
    Only its author, while they belong to the circle it is shared with; an annotation
    others replied to is never shared more widely (``AudienceConflict``). A moderator's
    hide in a circle holds whatever changes (``moderation.sync_hidden``).
    """
    permissions.check_can_change_annotation(actor, annotation)
    fields = ["updated"]
    if color is not _UNSET:
        annotation.color = _check_color(color)
        fields.append("color")
    if comment is not _UNSET:
        annotation.comment = _check_comment(comment)
        annotation.comment_html = render_markdown(annotation.comment)
        fields += ["comment", "comment_html"]
    tag_names = normalise_tags(tags) if tags is not _UNSET else None
    if visibility is not _UNSET or circle is not _UNSET:
        new_visibility = annotation.visibility if visibility is _UNSET else visibility
        new_visibility = _check_visibility(new_visibility)
        if circle is _UNSET:
            # Still shared with a circle: the same one; no longer: none.
            keep = new_visibility == Visibility.CIRCLE and annotation.circle_id
            circle = annotation.circle.slug if keep else None
        shared_with = _check_circle(actor, new_visibility, circle)
        if shared_with is not None and shared_with.pk != annotation.circle_id:
            permissions.check_circle_for_text(annotation.document_id, shared_with.pk)
        permissions.check_audience_change(
            annotation, new_visibility, shared_with.pk if shared_with else None
        )
        annotation.circle = shared_with
        annotation.visibility = new_visibility
        moderation.sync_hidden(annotation)
        fields += ["visibility", "circle", "hidden"]
    annotation.updated = timezone.now()
    with transaction.atomic():
        annotation.save(update_fields=fields)
        if tag_names is not None:
            TaggedAnnotation.objects.filter(content_object=annotation).delete()
            _set_tags(annotation, tag_names)
        notifications.notify_annotation_saved(annotation=annotation)
    return annotation


def annotation_delete(*, annotation: Annotation, actor) -> None:
    """Delete an annotation (its author, even after leaving its circle). Side effects: its
    replies, reactions, hides and tag links go with it, kept for a while so that its
    author can undo (``trash.annotation_restore``)."""
    permissions.check_can_delete_annotation(actor, annotation)
    with transaction.atomic():
        trash.annotation_trash(annotation=annotation)
        annotation.delete()


def reply_create(*, annotation: Annotation, author, body: str, parent: Any = None) -> Reply:
    """Reply to an annotation, as one of the readers it is shared with; with ``parent`` (a
    reply or its id), to a reply to it that ``author`` may see, else ``AnnotationError``
    naming "parent"."""
    permissions.check_can_reply(author, annotation)
    body = _check_body(body)
    parent_reply = _check_parent(author, annotation, parent)
    now = timezone.now()
    reply = Reply.objects.create(
        annotation=annotation,
        parent=parent_reply,
        author=author,
        body=body,
        body_html=render_markdown(body),
        created=now,
        updated=now,
    )
    notifications.notify_reply_created(reply=reply)
    return reply


def reply_update(*, reply: Reply, actor, body: str) -> Reply:
    permissions.check_can_change_reply(actor, reply)
    reply.body = _check_body(body)
    reply.body_html = render_markdown(reply.body)
    reply.updated = timezone.now()
    reply.save(update_fields=["body", "body_html", "updated"])
    notifications.notify_reply_changed(reply=reply)
    return reply


@transaction.atomic
def reply_delete(*, reply: Reply, actor) -> None:
    """Delete a reply (its author). Side effects: the replies to it move up to the reply
    it answered (or to the annotation), so the thread under it stays readable."""
    permissions.check_can_delete_reply(actor, reply)
    Reply.objects.filter(parent=reply.pk).update(parent=reply.parent_id)
    reply.delete()


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Trimmed, at most 50 characters, at most 20, one of each whatever the case."""
    if isinstance(tags, str) or not isinstance(tags, list | tuple):
        raise AnnotationError("tags", "tags must be a list of strings.")
    names: list[str] = []
    seen: set[str] = set()
    for tag in tags:
        if not isinstance(tag, str):
            raise AnnotationError("tags", "Each tag must be a string.")
        name = " ".join(tag.split())
        if not name:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise AnnotationError(
                "tags", f"A tag is at most {MAX_TAG_LENGTH} characters: {name[:60]!r} is longer."
            )
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    if len(names) > MAX_TAGS:
        raise AnnotationError("tags", f"At most {MAX_TAGS} tags; {len(names)} were given.")
    return names


def _set_tags(annotation: Annotation, names: list[str]) -> None:
    if not names:
        return
    tags = [_tag_named(name) for name in names]
    TaggedAnnotation.objects.bulk_create(
        [TaggedAnnotation(content_object=annotation, tag=tag) for tag in tags]
    )


def _tags_named(names: set[str]) -> dict[str, Tag]:
    """Lower-cased name -> tag, for ``names``: the existing ones in one query (the oldest
    of each name, as ``_tag_named``), then one for each new one."""
    wanted = {name.lower(): name for name in names}
    found: dict[str, Tag] = {}
    if wanted:
        existing = (
            Tag.objects.annotate(lowered=Lower("name"))
            .filter(lowered__in=list(wanted))
            .order_by("-id")
        )
        for tag in existing:
            found[tag.name.lower()] = tag
    for lowered, name in wanted.items():
        if lowered not in found:
            found[lowered] = _tag_named(name)
    return found


def _tag_named(name: str) -> Tag:
    existing = Tag.objects.filter(name__iexact=name).order_by("id").first()
    if existing is not None:
        return existing
    try:
        # In a savepoint: a reader creating the same new tag at the same moment wins the
        # unique name, and this request takes their tag instead of failing.
        with transaction.atomic():
            tag = Tag(name=name)
            tag.save()  # taggit makes a unique slug on save
            return tag
    except IntegrityError:
        return Tag.objects.get(name=name)


def _check_offsets(start: Any, end: Any) -> None:
    for field, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnnotationError(field, f"{field} must be an integer.")
        if value < 0:
            raise AnnotationError(field, f"{field} must not be negative.")
        if value > MAX_OFFSET:
            raise AnnotationError(field, f"{field} is beyond any document's text.")
    if start >= end:
        raise AnnotationError("end", "end must be greater than start.")
    if end - start > MAX_HIGHLIGHT:
        raise AnnotationError(
            "end", f"A highlight is at most {MAX_HIGHLIGHT:,} characters; this has {end - start:,}."
        )


def _check_exact(exact: Any) -> None:
    if not isinstance(exact, str) or not exact:
        raise AnnotationError("exact", "exact must be the selected text.")


def _check_quote(window: _TextWindow, start: int, end: int, exact: str) -> None:
    """``exact`` is what the text says at [start, end)."""
    found = window.slice(start, end)
    if found != exact:
        raise AnnotationError(
            "exact",
            f"exact does not match the document's text at [{start}, {end}): "
            f"the text there is {found[:80]!r}.",
        )


@dataclass
class _TextWindow:
    """The current version's text around a range: enough for the quote and its context."""

    version_id: int
    length: int
    offset: int  # where ``text`` starts in the version's text
    text: str

    def slice(self, start: int, end: int) -> str:
        return self.text[max(0, start - self.offset) : max(0, end - self.offset)]


def _text_at(document: Document, start: int, end: int) -> _TextWindow:
    """The text at [start, end) and 32 characters either side, not the whole text."""
    if document.current_version_id is None:
        raise AnnotationError("document", "This document has no text to annotate.")
    offset = max(0, start - anchoring.CONTEXT)
    length, window = (
        DocumentVersion.objects.filter(pk=document.current_version_id)
        .annotate(
            length=Length("text"),
            window=Substr("text", offset + 1, end + anchoring.CONTEXT - offset),
        )
        .values_list("length", "window")
        .get()
    )
    if end > length:
        raise AnnotationError(
            "end", f"end is beyond the document's text, which has {length} characters."
        )
    return _TextWindow(document.current_version_id, length, offset, window)


def _check_color(color: Any) -> str:
    if color not in Color.values:
        raise AnnotationError(
            "color", f"Unknown colour {color!r}; choose one of {', '.join(Color.values)}."
        )
    return color


def _check_visibility(visibility: Any) -> str:
    if visibility not in CHOOSABLE_VISIBILITIES:
        raise AnnotationError(
            "visibility",
            f"Unknown visibility {visibility!r}; choose one of "
            f"{', '.join(CHOOSABLE_VISIBILITIES)}.",
        )
    return visibility


def _check_circle(author, visibility: str, circle: Any) -> Circle | None:
    """The circle an annotation is shared with: one of the author's, only for "circle"."""
    if visibility != Visibility.CIRCLE:
        if circle not in (None, ""):
            raise AnnotationError("circle", 'A circle is only given with visibility "circle".')
        return None
    if not isinstance(circle, str) or not circle:
        raise AnnotationError("circle", 'Visibility "circle" needs the circle\'s slug.')
    found = Circle.objects.filter(slug=circle, memberships__user=author.pk).first()
    if found is None:
        raise AnnotationError("circle", f"You are not a member of a circle {circle!r}.")
    return found


def _check_comment(comment: Any) -> str:
    if not isinstance(comment, str):
        raise AnnotationError("comment", "comment must be a string.")
    if len(comment) > MAX_COMMENT:
        raise AnnotationError(
            "comment",
            f"A comment is at most {MAX_COMMENT:,} characters; this has {len(comment):,}.",
        )
    return comment


def _check_parent(author, annotation: Annotation, parent: Any) -> Reply | None:
    """The reply a reply answers: one on the same annotation that ``author`` may see."""
    if parent is None:
        return None
    pk = parent.pk if isinstance(parent, Reply) else parent
    if isinstance(pk, bool) or not isinstance(pk, int):
        raise AnnotationError("parent", "parent must be the id of a reply, or null.")
    visible = Reply.objects.filter(permissions.reply_filter(author))
    found = visible.filter(pk=pk, annotation=annotation.pk).first()
    if found is None:
        raise AnnotationError("parent", f"There is no reply {pk} to this annotation.")
    return found


def _check_body(body: Any) -> str:
    if not isinstance(body, str) or not body.strip():
        raise AnnotationError("body", "A reply needs some text.")
    if len(body) > MAX_REPLY:
        raise AnnotationError(
            "body", f"A reply is at most {MAX_REPLY:,} characters; this has {len(body):,}."
        )
    return body
