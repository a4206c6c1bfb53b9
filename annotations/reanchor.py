"""Highlights follow their text into a document's new version (issue 13)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from annotations import alignment, anchoring
from annotations.models import Anchor, Annotation
from corpus.models import Document, DocumentVersion

BATCH_SIZE = 1000


def reanchor_annotations(
    *,
    document: Document,
    previous_version_id: int,
    version: DocumentVersion,
    background: bool = False,
) -> dict[str, int]:
    """The new-version hook (settings.MARGINALIA_NEW_VERSION_HOOKS): every annotation on
    the previous version placed on ``version`` now, or, when ``background`` is asked for
    and there are more than settings.MARGINALIA_REANCHOR_INLINE_MAX of them, by a task
    queued once the ingest commits (annotations.tasks.reanchor_version).

    Returns how many were exact, fuzzy and orphaned, or ``{"queued": n}``.
    """
    if background:
        waiting = Annotation.objects.filter(document=document, version_id=previous_version_id)
        count = waiting.count()
        if count > settings.MARGINALIA_REANCHOR_INLINE_MAX:
            from annotations.tasks import reanchor_version

            transaction.on_commit(
                lambda: reanchor_version.enqueue(document.pk, previous_version_id, version.pk)
            )
            return {"queued": count}
    return reanchor_version_now(
        document=document, previous_version_id=previous_version_id, version=version
    )


def reanchor_version_now(
    *, document: Document, previous_version_id: int, version: DocumentVersion
) -> dict[str, int]:
    """Place every annotation on the previous version onto ``version``, through the diff
    between the two texts (computed once): exact, fuzzy (on the edited passage, its old
    quote kept in ``previous_exact`` for its author's review) or orphaned (its old quote,
    prefix and suffix kept; ``[start, end)`` only where its words were).

    Side effects: every such annotation moves to ``version``; its replies, reactions, tags
    and sharing are untouched. Returns how many were exact, fuzzy and orphaned.
    """
    previous = DocumentVersion.objects.only("text").get(pk=previous_version_id)
    diff = alignment.align(previous.text, version.text)
    text = version.text
    counts = dict.fromkeys(Anchor.values, 0)
    annotations = Annotation.objects.filter(document=document, version_id=previous_version_id)
    fields = ("id", "start", "end", "exact", "prefix", "suffix", "anchor", "previous_exact")
    moved = []
    for annotation in annotations.only(*fields).order_by("pk").iterator(chunk_size=BATCH_SIZE):
        placed = alignment.place(
            diff,
            start=annotation.start,
            end=annotation.end,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
        )
        _apply(annotation, placed, diff, text)
        annotation.version_id = version.pk
        counts[annotation.anchor] += 1
        moved.append(annotation)
    Annotation.objects.bulk_update(
        moved,
        ["version", "start", "end", "exact", "prefix", "suffix", "anchor", "previous_exact"],
        batch_size=BATCH_SIZE,
    )
    return counts


def _apply(annotation: Annotation, placed: alignment.Placement, diff, text: str) -> None:
    # A fuzzy one keeps the quote its author chose, however many versions it went through.
    original = annotation.previous_exact or annotation.exact
    if placed.anchor == alignment.ORPHANED:
        if annotation.anchor != Anchor.ORPHANED:
            annotation.start, annotation.end = alignment.nearest(
                diff, annotation.start, annotation.end
            )
        annotation.anchor = Anchor.ORPHANED
        annotation.exact = original
        annotation.previous_exact = original
        return
    annotation.start, annotation.end = placed.start, placed.end
    annotation.prefix, annotation.suffix = anchoring.quote_context(text, placed.start, placed.end)
    annotation.exact = text[placed.start : placed.end]
    if placed.anchor == alignment.EXACT and annotation.anchor == Anchor.EXACT:
        return
    # Edited words, or one that was already awaiting review: its author decides.
    annotation.anchor = Anchor.FUZZY
    annotation.previous_exact = original
