"""Highlights follow their text into a document's new version."""

from __future__ import annotations

from annotations import anchoring
from annotations.models import Annotation
from corpus.models import Document, DocumentVersion


def reanchor_annotations(
    *, document: Document, previous_version_id: int, version: DocumentVersion
) -> int:
    """Move the annotations on the previous version onto ``version`` where their quote is
    found (at the same place, or the nearest occurrence, preferring matching context).

    Side effects: updates version, start, end, prefix and suffix of each annotation found;
    those whose quote is gone stay on the old version (still the author's, in the
    notebook, and exportable). Returns how many moved.
    """
    text = version.text
    moved = []
    annotations = Annotation.objects.filter(document=document, version_id=previous_version_id)
    for annotation in annotations.only("id", "start", "end", "exact", "prefix", "suffix"):
        found = anchoring.anchor(
            text,
            exact=annotation.exact,
            prefix=annotation.prefix,
            suffix=annotation.suffix,
            start=annotation.start,
        )
        if found is None:
            continue
        annotation.start, annotation.end = found
        annotation.prefix, annotation.suffix = anchoring.quote_context(text, *found)
        annotation.version_id = version.pk
        moved.append(annotation)
    Annotation.objects.bulk_update(
        moved, ["version", "start", "end", "prefix", "suffix"], batch_size=1000
    )
    return len(moved)
