"""Deleting with Undo: a deleted annotation comes back as it was, for its author only.

The choice (issue 16): a delete really deletes. The annotation and everything that
went with it (replies, tag links, reactions, hides) leave the tables at once, so no
other reader, list, guide, export, search or feed can see them from that moment, and
no query needs a "not deleted" filter. What was deleted is kept here as serialized
rows (``DeletedAnnotation``) for ``KEPT_FOR``; ``annotation_restore`` puts the same
rows back (same ids, times, tags, replies), and only when that shows nobody anything
they would not have seen before: its author still belongs to its circle, and still
reads its text. Rows that point at something gone since (a replier's deleted account)
stay out. Expired ones are purged on each delete and by ``manage.py purge_deleted``.
"""

from __future__ import annotations

import datetime

from django.core import serializers
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.http import Http404
from django.utils import timezone

from annotations import permissions
from annotations.models import Annotation, DeletedAnnotation, Visibility
from annotations.permissions import AudienceConflict, User
from corpus.models import Document

KEPT_FOR = datetime.timedelta(hours=24)


def rows_deleted_with(annotation: Annotation) -> list:
    """Every row a delete of ``annotation`` removes, the annotation first."""
    collector = Collector(using=router.db_for_write(Annotation))
    collector.collect([annotation])
    rows: list = [annotation]
    for instances in collector.data.values():
        rows.extend(row for row in instances if row is not annotation)
    for queryset in collector.fast_deletes:
        rows.extend(queryset)
    return rows


def annotation_trash(*, annotation: Annotation) -> DeletedAnnotation:
    """Keep what deleting ``annotation`` removes, for ``annotation_restore``. Call it
    inside the transaction that deletes. Side effects: purges expired ones."""
    rows = serializers.serialize("python", rows_deleted_with(annotation))
    trash_purge()
    return DeletedAnnotation.objects.create(
        annotation_id=annotation.pk,
        author_id=annotation.author_id,
        document_id=annotation.document_id,
        rows=rows,
    )


def trash_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the deleted annotations kept longer than ``KEPT_FOR``; how many."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _ = DeletedAnnotation.objects.filter(deleted__lt=cutoff).delete()
    return deleted


def annotation_restore(*, pk: int, actor: User) -> Annotation:
    """Put back annotation ``pk`` that ``actor`` deleted less than ``KEPT_FOR`` ago, with
    its id, times, tags, replies, reactions and hides.

    Http404 when there is none (someone else's, too old, already back). AudienceConflict
    when it would come back to readers it may no longer reach: its author left its circle
    or can no longer read its text. Side effects: one transaction; the kept rows go.
    """
    if not actor.is_authenticated:
        raise Http404("No such deleted annotation")
    cutoff = timezone.now() - KEPT_FOR
    with transaction.atomic():
        kept = (
            DeletedAnnotation.objects.select_for_update()
            .filter(annotation_id=pk, author=actor.pk, deleted__gte=cutoff)
            .first()
        )
        if kept is None:
            raise Http404("No such deleted annotation")
        objects = list(serializers.deserialize("python", kept.rows))
        annotation = objects[0].object
        _check_still_allowed(actor, annotation)
        kept_rows = {id(row) for row in _rows_whose_references_exist(objects)}
        try:
            with transaction.atomic():
                for deserialized in objects:
                    if id(deserialized.object) in kept_rows:
                        deserialized.save()  # raw: the stored values, ids and times as they were
        except IntegrityError:
            raise AudienceConflict("This highlight can no longer be restored.") from None
        kept.delete()
    return Annotation.objects.get(pk=annotation.pk)


def _check_still_allowed(actor: User, annotation: Annotation) -> None:
    if Annotation.objects.filter(pk=annotation.pk).exists():
        raise Http404("No such deleted annotation")
    readable = Document.objects.filter(permissions.document_filter(actor))
    if not readable.filter(pk=annotation.document_id).exists():
        raise AudienceConflict("You can no longer read this text, so the highlight stays deleted.")
    if annotation.visibility == Visibility.CIRCLE and (
        annotation.circle_id is None or permissions.role_in(actor, annotation.circle_id) is None
    ):
        raise AudienceConflict(
            "You are no longer in the circle it was shared with, so it stays deleted."
        )


def _rows_whose_references_exist(objects: list) -> list:
    """The rows to put back: each whose foreign keys point at a row that exists, or at
    one put back with it (a reply of a replier whose account is gone stays out)."""
    rows = [deserialized.object for deserialized in objects]
    while True:
        back = {(type(row)._meta.concrete_model, row.pk) for row in rows}
        missing = set()
        for model, pks in _references(rows).items():
            outside = {pk for pk in pks if (model, pk) not in back}
            if outside:
                existing = model._base_manager.filter(pk__in=outside)
                found = set(existing.values_list("pk", flat=True))
                missing |= {(model, pk) for pk in outside - found}
        keep = [row for row in rows if not any(ref in missing for ref in _row_references(row))]
        if rows[0] not in keep:
            raise AudienceConflict("This highlight can no longer be restored.")
        if len(keep) == len(rows):
            return rows
        rows = keep


def _row_references(row) -> list:
    refs = []
    for field in row._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one):
            value = getattr(row, field.attname)
            if value is not None:
                refs.append((field.related_model._meta.concrete_model, value))
    return refs


def _references(rows: list) -> dict:
    found: dict = {}
    for row in rows:
        for model, pk in _row_references(row):
            found.setdefault(model, set()).add(pk)
    return found
