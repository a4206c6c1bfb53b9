"""Moderation and reactions: what a circle does with the annotations shared with it.

Writes, one transaction each, keyword-only arguments; who may is decided by
``annotations.permissions``. A moderator's hide is stored as a ``CircleHide`` of the
annotation in that circle, so it holds whatever the author does afterwards; the
annotation's ``hidden`` flag mirrors it for the circle it is shared with now
(``sync_hidden``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from annotations import permissions
from annotations.errors import AnnotationError
from annotations.models import Annotation, CircleHide, Reaction, ReactionKind, Reply, Visibility


def reaction_add(*, annotation: Annotation, user, kind: str) -> Reaction:
    """Mark a circle annotation agree, disagree or question (members of its circle).

    Marking it twice with the same kind changes nothing. Side effects: creates the
    reaction.
    """
    _check_reaction(annotation, user, kind)
    with transaction.atomic():
        reaction, _created = Reaction.objects.get_or_create(
            annotation=annotation, user=user, kind=kind
        )
    return reaction


def reaction_remove(*, annotation: Annotation, user, kind: str) -> None:
    """Take back a reaction (members of its circle); taking back one that is not there
    changes nothing. Side effects: deletes the reaction."""
    _check_reaction(annotation, user, kind)
    Reaction.objects.filter(annotation=annotation, user=user.pk, kind=kind).delete()


def _check_reaction(annotation: Annotation, user, kind: Any) -> None:
    _check_circle_annotation(annotation, "Reactions are for circle annotations.")
    if permissions.role_in(user, annotation.circle_id) is None:
        raise PermissionDenied("Only members of its circle can react to an annotation.")
    if kind not in ReactionKind.values:
        raise AnnotationError(
            "kind", f"Unknown reaction {kind!r}; choose one of {', '.join(ReactionKind.values)}."
        )


def annotation_hide(*, annotation: Annotation, actor) -> Annotation:
    """Hide a circle annotation from its circle (owners and moderators): its author still
    sees it, marked hidden, whatever they change later. Side effects: records the hide
    in this circle and sets ``hidden``."""
    _check_moderation(annotation, actor)
    with transaction.atomic():
        CircleHide.objects.get_or_create(
            annotation=annotation, circle_id=annotation.circle_id, defaults={"hidden_by": actor}
        )
        _set_flag(annotation, True)
    return annotation


def annotation_unhide(*, annotation: Annotation, actor) -> Annotation:
    """Show a hidden circle annotation again (owners and moderators). Side effects:
    deletes the hide in this circle and clears ``hidden``."""
    _check_moderation(annotation, actor)
    with transaction.atomic():
        CircleHide.objects.filter(annotation=annotation, circle_id=annotation.circle_id).delete()
        _set_flag(annotation, False)
    return annotation


def annotation_request_review(*, annotation: Annotation, actor) -> CircleHide:
    """The author asks the circle's moderators to look at their hidden annotation again
    (only its author, only while it is hidden in the circle it is shared with; asking
    twice changes nothing). Unhiding stays the moderators'. Side effects: sets the
    hide's ``review_requested`` time."""
    permissions.check_can_change_annotation(actor, annotation)
    hide = CircleHide.objects.filter(annotation=annotation, circle_id=annotation.circle_id).first()
    if annotation.visibility != Visibility.CIRCLE or hide is None:
        raise AnnotationError("annotation", "This annotation is not hidden in its circle.")
    if hide.review_requested is None:
        hide.review_requested = timezone.now()
        hide.save(update_fields=["review_requested"])
    return hide


def reply_hide(*, reply: Reply, actor) -> Reply:
    """Hide a reply to a circle annotation (owners and moderators of its circle): its
    author still sees it, marked hidden. Side effects: sets the reply's ``hidden``."""
    _check_moderation(reply.annotation, actor)
    _set_flag(reply, True)
    return reply


def reply_unhide(*, reply: Reply, actor) -> Reply:
    """Show a hidden reply again (owners and moderators). Side effects: clears ``hidden``."""
    _check_moderation(reply.annotation, actor)
    _set_flag(reply, False)
    return reply


def sync_hidden(annotation: Annotation) -> None:
    """Set ``hidden`` (unsaved) from the hides: whether a moderator hid it in the circle it
    is shared with now. Called by every change of an annotation's visibility or circle."""
    annotation.hidden = (
        annotation.visibility == Visibility.CIRCLE
        and annotation.circle_id is not None
        and CircleHide.objects.filter(
            annotation_id=annotation.pk, circle_id=annotation.circle_id
        ).exists()
    )


def _set_flag(item, hidden: bool) -> None:
    if item.hidden != hidden:
        item.hidden = hidden
        item.save(update_fields=["hidden"])


def _check_moderation(annotation: Annotation, actor) -> None:
    _check_circle_annotation(annotation, "Only annotations shared with a circle are moderated.")
    permissions.check_can_moderate(actor, annotation)


def _check_circle_annotation(annotation: Annotation, message: str) -> None:
    if annotation.visibility != Visibility.CIRCLE or annotation.circle_id is None:
        raise AnnotationError("annotation", message)
