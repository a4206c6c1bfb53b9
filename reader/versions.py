"""Reading an older version: which version a page reads, and which paragraph of a later
version an older version's paragraph became.

The latter goes through the diff of the two texts (``annotations.alignment.align``,
computed once per call): the old paragraph's ``[start, end)`` maps to the pieces of the
new text its kept characters became, and the new paragraph holding most of them is its
successor.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from django.urls import reverse

from annotations.alignment import align, nearest
from annotations.queries import get_document_for_user, get_version_for_user
from corpus.models import Document, DocumentVersion, Paragraph


@dataclass(frozen=True)
class Reading:
    """The version a page reads: the document's current one, or an older one (read-only,
    its links staying inside it)."""

    document: Document
    version: DocumentVersion

    @property
    def is_old(self) -> bool:
        return self.version.pk != self.document.current_version_id

    @property
    def number(self) -> int | None:
        """The version's number in URLs: None for the current one."""
        return self.version.number if self.is_old else None

    def section_url(self, order: int) -> str:
        if self.is_old:
            return reverse("reader:version_section", args=[self.document.slug, self.number, order])
        return reverse("reader:section", args=[self.document.slug, order])

    def paragraph_url(self, ordinal: int) -> str:
        if self.is_old:
            args = [self.document.slug, self.number, ordinal]
            return reverse("reader:version_paragraph", args=args)
        return reverse("reader:paragraph", args=[self.document.slug, ordinal])

    def contents_url(self) -> str:
        if self.is_old:
            return reverse("reader:version", args=[self.document.slug, self.number])
        return reverse("reader:document", args=[self.document.slug])

    def current_url(self, ordinal: int, *, in_context: bool = False) -> str:
        """The current version's paragraph that this version's ``ordinal`` became (mapped
        when followed: see ``paragraph``'s ``?from=``)."""
        url = reverse("reader:paragraph", args=[self.document.slug, ordinal])
        return f"{url}?from={self.version.number}" + ("&in=context" if in_context else "")

    def template_context(self) -> dict:
        return {
            "document": self.document,
            "old_version": self.version if self.is_old else None,
            "contents_url": self.contents_url(),
        }


def reading_for(user, slug: str, number: int | None) -> Reading:
    """What a page reads for ``user``: the current version, or version ``number`` (404 if
    unknown, or if they may not see the document)."""
    if number is None:
        document = get_document_for_user(user, slug)
        return Reading(document, document.current_version)
    version = get_version_for_user(user, slug, number)
    return Reading(version.document, version)


@dataclass(frozen=True)
class Successor:
    ordinal: int  # in the new version
    removed: bool = False  # every word of it is gone: ``ordinal`` is the nearest paragraph


def paragraph_successor(
    *, old_version_id: int, new_version_id: int, ordinal: int
) -> Successor | None:
    """The new version's paragraph that paragraph ``ordinal`` of the old one became; None
    when the old version has no such paragraph. Three queries."""
    old = (
        Paragraph.objects.filter(version=old_version_id, ordinal=ordinal)
        .values_list("start", "end")
        .first()
    )
    if old is None:
        return None
    texts = dict(
        DocumentVersion.objects.filter(id__in=[old_version_id, new_version_id]).values_list(
            "id", "text"
        )
    )
    layout = list(
        Paragraph.objects.filter(version=new_version_id)
        .order_by("start")
        .values_list("ordinal", "start", "end")
    )
    if not layout:
        return None
    alignment = align(texts[old_version_id], texts[new_version_id])
    start, end = old
    held = _characters_by_paragraph(alignment.kept_pieces(start, end), layout)
    if held:
        # Most of it; on a tie, the first.
        best = max(held.items(), key=lambda item: (item[1], -item[0]))
        return Successor(best[0])
    new_start, _ = nearest(alignment, start, end)
    return Successor(_ordinal_at(layout, new_start), removed=True)


def _characters_by_paragraph(
    pieces: list[tuple[int, int]], layout: list[tuple[int, int, int]]
) -> dict[int, int]:
    """ordinal -> how many of the pieces' characters that paragraph holds."""
    starts = [start for _, start, _ in layout]
    held: dict[int, int] = {}
    for low, high in pieces:
        index = max(bisect_right(starts, low) - 1, 0)
        for paragraph_ordinal, start, end in layout[index:]:
            if start >= high:
                break
            count = min(high, end) - max(low, start)
            if count > 0:
                held[paragraph_ordinal] = held.get(paragraph_ordinal, 0) + count
    return held


def _ordinal_at(layout: list[tuple[int, int, int]], offset: int) -> int:
    """The paragraph holding ``offset``, or the one before it (a separator's offset)."""
    index = max(bisect_right([start for _, start, _ in layout], offset) - 1, 0)
    return layout[index][0]
