"""What an author does with a highlight a new version moved: accept the new passage,
select the right one, or keep it detached with its old words.

One transaction each, keyword-only arguments; only the annotation's author, while they
may change it (``permissions.check_can_change_annotation``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from annotations import anchoring, permissions
from annotations.errors import AnnotationError
from annotations.models import Anchor, Annotation
from annotations.services import _check_exact, _check_offsets, _check_quote, _text_at

ACTIONS = ("accept", "reselect", "detach")


def annotation_review(
    *,
    annotation: Annotation,
    actor,
    action: Any,
    start: Any = None,
    end: Any = None,
    exact: Any = None,
) -> Annotation:
    """Review a fuzzy or orphaned highlight.

    ``accept``: the passage it was placed on is right (a fuzzy one becomes exact with its
    new quote). ``reselect``: ``[start, end)`` of the document's current text is the right
    passage, ``exact`` its text. ``detach``: it keeps its old words as an orphan.
    Side effects: saves the annotation's place, quote, context and anchor.
    """
    permissions.check_can_change_annotation(actor, annotation)
    if action not in ACTIONS:
        raise AnnotationError(
            "action", f"Unknown action {action!r}; choose one of {', '.join(ACTIONS)}."
        )
    fields = ["anchor", "previous_exact", "updated"]
    if action == "accept":
        if annotation.anchor == Anchor.ORPHANED:
            raise AnnotationError(
                "action",
                "Its words are gone from the current text: there is no passage to accept. "
                "Select the right one (reselect), or keep it as it is (detach).",
            )
        annotation.anchor, annotation.previous_exact = Anchor.EXACT, ""
    elif action == "reselect":
        _reselect(annotation, start, end, exact)
        fields += ["version", "start", "end", "exact", "prefix", "suffix"]
    else:
        old_words = annotation.previous_exact or annotation.exact
        annotation.anchor, annotation.exact, annotation.previous_exact = (
            Anchor.ORPHANED,
            old_words,
            old_words,
        )
        fields.append("exact")
    annotation.updated = timezone.now()
    annotation.save(update_fields=fields)
    return annotation


def _reselect(annotation: Annotation, start: Any, end: Any, exact: Any) -> None:
    _check_offsets(start, end)
    _check_exact(exact)
    window = _text_at(annotation.document, start, end)
    _check_quote(window, start, end, exact)
    annotation.version_id = window.version_id
    annotation.start, annotation.end, annotation.exact = start, end, exact
    annotation.prefix = window.slice(start - anchoring.CONTEXT, start)
    annotation.suffix = window.slice(end, end + anchoring.CONTEXT)
    annotation.anchor, annotation.previous_exact = Anchor.EXACT, ""
