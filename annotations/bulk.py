"""Writes to many of a reader's annotations at once (the notebook's selection).

One service call per action, in one transaction, in a fixed number of queries whatever
the number of annotations. Each annotation is checked on its own by the rules of
``annotations.permissions`` (the same as a single change: only its author, only while
they belong to its circle, never widening what others replied to, a circle text's
annotations to that circle only); what may not change is left as it was and reported
with the reason, and the rest is done. An annotation the reader may not see is
counted as missing, never named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotations import permissions, services
from annotations.errors import AnnotationError
from annotations.limits import MAX_TAGS
from annotations.models import (
    Annotation,
    CircleHide,
    LibraryText,
    Reply,
    TaggedAnnotation,
)

# More than any page shows: a selection is one page of the notebook.
MAX_SELECTION = 500


@dataclass
class Refusal:
    id: int
    exact: str
    reason: str


@dataclass
class BulkReport:
    """What a bulk action did: the ids it changed, those already as asked, those it
    refused (each with why), and how many it could not find."""

    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    missing: int = 0


def annotations_bulk_tag(*, actor, ids: Iterable[int], tag: str) -> BulkReport:
    """Add ``tag`` to each annotation of ``ids``. Side effects: links the tag (creating it
    if new) to those without it, and marks them updated. At most ``MAX_TAGS`` a highlight."""
    name = _one_tag(tag)
    with transaction.atomic():
        annotations, report = _changeable(actor, ids)
        tagged = Counter()
        has_it = set()
        for annotation_id, tag_name in TaggedAnnotation.objects.filter(
            content_object__in=[a.pk for a in annotations]
        ).values_list("content_object_id", "tag__name"):
            tagged[annotation_id] += 1
            if tag_name.casefold() == name.casefold():
                has_it.add(annotation_id)
        wanted = []
        for annotation in annotations:
            if annotation.pk in has_it:
                report.unchanged.append(annotation.pk)
            elif tagged[annotation.pk] >= MAX_TAGS:
                report.refused.append(
                    _refusal(annotation, f"It has {MAX_TAGS} tags already, the most it can have.")
                )
            else:
                wanted.append(annotation)
        if wanted:
            found = services._tags_named({name})[name.lower()]
            TaggedAnnotation.objects.bulk_create(
                [TaggedAnnotation(content_object=a, tag=found) for a in wanted],
                batch_size=services.BULK_BATCH,
            )
            report.changed = [a.pk for a in wanted]
            _touch(report.changed)
    return report


def annotations_bulk_untag(*, actor, ids: Iterable[int], tag: str) -> BulkReport:
    """Take ``tag`` (any case) off each annotation of ``ids``. Side effects: deletes those
    tag links and marks those annotations updated."""
    name = _one_tag(tag)
    with transaction.atomic():
        annotations, report = _changeable(actor, ids)
        links = TaggedAnnotation.objects.filter(
            content_object__in=[a.pk for a in annotations], tag__name__iexact=name
        )
        tagged = set(links.values_list("content_object_id", flat=True))
        links.delete()
        for annotation in annotations:
            (report.changed if annotation.pk in tagged else report.unchanged).append(annotation.pk)
        _touch(report.changed)
    return report


def annotations_bulk_share(
    *, actor, ids: Iterable[int], visibility: str, circle: str | None = None
) -> BulkReport:
    """Share each annotation of ``ids`` as ``visibility`` ("private", "public", or
    "circle" with ``circle``, a slug of one of the reader's circles). Side effects: saves
    their visibility and circle, and whether a moderator's hide holds in the new circle."""
    visibility = services._check_visibility(visibility)
    target = services._check_circle(actor, visibility, circle)
    target_id = target.pk if target else None
    with transaction.atomic():
        annotations, report = _changeable(actor, ids)
        pks = [a.pk for a in annotations]
        libraries = dict(
            LibraryText.objects.filter(
                document__in={a.document_id for a in annotations}
            ).values_list("document_id", "circle_id")
        )
        replied = set(
            Reply.objects.filter(annotation__in=pks)
            .exclude(author=F("annotation__author"))
            .values_list("annotation_id", flat=True)
        )
        hidden_there = set()
        if target_id is not None:
            hidden_there = set(
                CircleHide.objects.filter(annotation__in=pks, circle=target_id).values_list(
                    "annotation_id", flat=True
                )
            )
        now = timezone.now()
        changed = []
        for annotation in annotations:
            if annotation.visibility == visibility and annotation.circle_id == target_id:
                report.unchanged.append(annotation.pk)
                continue
            refusal = permissions.sharing_refusal(
                annotation,
                visibility,
                target_id,
                library_circle_id=libraries.get(annotation.document_id),
                others_replied=annotation.pk in replied,
            )
            if refusal:
                report.refused.append(_refusal(annotation, refusal))
                continue
            annotation.visibility = visibility
            annotation.circle_id = target_id
            annotation.hidden = annotation.pk in hidden_there
            annotation.updated = now
            changed.append(annotation)
        Annotation.objects.bulk_update(
            changed, ["visibility", "circle", "hidden", "updated"], batch_size=services.BULK_BATCH
        )
        report.changed = [a.pk for a in changed]
    return report


def annotations_bulk_delete(*, actor, ids: Iterable[int]) -> BulkReport:
    """Delete each annotation of ``ids`` (its author's to delete, even in a circle they
    left). Side effects: their replies, reactions, hides and tag links go with them."""
    with transaction.atomic():
        annotations, report = _visible(actor, ids)
        deletable = []
        for annotation in annotations:
            refusal = permissions.delete_refusal(actor, annotation)
            if refusal:
                report.refused.append(_refusal(annotation, refusal))
            else:
                deletable.append(annotation.pk)
        if deletable:
            Annotation.objects.filter(pk__in=deletable).delete()
        report.changed = deletable
    return report


def selection(values: Iterable[str]) -> list[int]:
    """Annotation ids from a form's values; AnnotationError for anything else."""
    values = list(values)
    if not values:
        raise AnnotationError("id", "Select at least one annotation.")
    if len(values) > MAX_SELECTION or not all(
        isinstance(v, str) and v.isascii() and v.isdigit() and len(v) <= 18 for v in values
    ):
        raise AnnotationError("id", f"Select up to {MAX_SELECTION} annotations by number.")
    return sorted({int(value) for value in values})


def _visible(actor, ids: Iterable[int]) -> tuple[list[Annotation], BulkReport]:
    """The annotations of ``ids`` the reader may see (locked for the transaction), and a
    report counting the others as missing."""
    ids = set(ids)
    annotations = list(
        Annotation.objects.filter(permissions.visibility_filter(actor), pk__in=ids)
        .select_for_update(of=("self",))
        .only("author_id", "document_id", "visibility", "circle_id", "hidden", "exact")
        .order_by("pk")
    )
    return annotations, BulkReport(missing=len(ids) - len(annotations))


def _changeable(actor, ids: Iterable[int]) -> tuple[list[Annotation], BulkReport]:
    """The annotations of ``ids`` the reader may change, and a report of the others."""
    annotations, report = _visible(actor, ids)
    circle_ids = set(permissions.circles_of(actor).values_list("circle_id", flat=True))
    allowed = []
    for annotation in annotations:
        refusal = permissions.change_refusal(actor, annotation, circle_ids=circle_ids)
        if refusal:
            report.refused.append(_refusal(annotation, refusal))
        else:
            allowed.append(annotation)
    return allowed, report


def _one_tag(tag: str) -> str:
    names = services.normalise_tags([tag] if isinstance(tag, str) else tag)
    if len(names) != 1:
        raise AnnotationError("tag", "Give one tag.")
    return names[0]


def _touch(ids: list[int]) -> None:
    if ids:
        Annotation.objects.filter(pk__in=ids).update(updated=timezone.now())


def _refusal(annotation: Annotation, reason: str) -> Refusal:
    return Refusal(annotation.pk, annotation.exact, reason)
