"""Reads of the corpus that pages share: one place that knows what to load and what not to."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404

from corpus.models import Document, DocumentVersion, Paragraph, Section
from corpus.outline import Outline, OutlineSection


def documents_for_library(documents: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Every document with a current version (of ``documents``, when the caller narrows
    them: who may see which is not the corpus's to know), with its paragraph count; no
    texts loaded."""
    return (
        _among(documents)
        .filter(current_version__isnull=False)
        .select_related("current_version")
        .defer("current_version__text", "current_version__report")
        .annotate(paragraph_count=Count("current_version__paragraphs"))
        # Meta.ordering does not apply to aggregating queries.
        .order_by("title")
    )


def get_document_for_reading(slug: str, documents: QuerySet[Document] | None = None) -> Document:
    """The document (one of ``documents``, when given) and its current version (without
    the version's full text), or 404."""
    document = (
        _among(documents)
        .select_related("current_version")
        .defer("current_version__text", "current_version__report")
        .filter(slug=slug, current_version__isnull=False)
        .first()
    )
    if document is None:
        raise Http404("No such document")
    return document


def get_version_for_reading(
    slug: str, number: int, documents: QuerySet[Document] | None = None
) -> DocumentVersion:
    """Version ``number`` of the document (one of ``documents``, when given), with its
    document and the document's current version (no full texts), in one query; or 404."""
    version = (
        _versions_among(documents)
        .select_related("document", "document__current_version")
        .defer(
            "text", "report", "document__current_version__text", "document__current_version__report"
        )
        .filter(document__slug=slug, number=number, document__current_version__isnull=False)
        .first()
    )
    if version is None:
        raise Http404("No such version")
    return version


def _among(documents: QuerySet[Document] | None) -> QuerySet[Document]:
    return Document.objects.all() if documents is None else documents


def _versions_among(documents: QuerySet[Document] | None) -> QuerySet[DocumentVersion]:
    if documents is None:
        return DocumentVersion.objects.all()
    return DocumentVersion.objects.filter(document__in=documents.values("pk"))


def outline_for(version_id: int, *, document_title: str = "") -> Outline:
    """A version's outline; ``document_title`` names an implicit first section's unit."""
    sections = [
        OutlineSection(*row)
        for row in Section.objects.filter(version=version_id).values_list(
            "order", "level", "title", "heading_ordinal", "first_ordinal", "last_ordinal"
        )
    ]
    return Outline(sections, document_title=document_title)


# A description is the opening of the first body paragraph of some length among the first
# few: a dedication or a one-line epigraph says little about the text.
DESCRIPTION_SCAN = 40
DESCRIPTION_MIN = 80
DESCRIPTION_MAX = 320


def version_description(version_id: int) -> str:
    """A few sentences that say what a version's text is: the opening of its first body
    paragraph of some length (else its first), cut at a sentence or word. One query."""
    openings = list(
        Paragraph.objects.filter(
            version=version_id, kind=Paragraph.Kind.BODY, ordinal__lte=DESCRIPTION_SCAN
        )
        .order_by("ordinal")
        .annotate(opening=Substr("text", 1, DESCRIPTION_MAX + 1), length=Length("text"))
        .values_list("opening", "length")
    )
    if not openings:
        return ""
    opening = next((text for text, length in openings if length >= DESCRIPTION_MIN), openings[0][0])
    return shortened(opening, DESCRIPTION_MAX)


def shortened(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters; else up to its last sentence end in
    the limit (if that keeps over a third of it), else its last whole word and "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = max(cut.rfind(end) for end in (". ", "? ", "! "))
    if sentence > limit // 3:
        return cut[: sentence + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…" if " " in cut else cut + "…"


def paragraphs_between(version_id: int, first: int, last: int) -> list[Paragraph]:
    """A version's paragraphs ``first`` to ``last`` (ordinals, inclusive), in order."""
    return list(
        Paragraph.objects.filter(version=version_id, ordinal__gte=first, ordinal__lte=last)
        .only("ordinal", "kind", "text", "start", "end", "note_number", "note_label", "note_refs")
        .order_by("ordinal")
    )


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(
        document.versions.defer("text", "report")
        .annotate(paragraph_count=Count("paragraphs"))
        .order_by("-number")
    )


def get_versions_for_comparison(
    slug: str, numbers: tuple[int, int], documents: QuerySet[Document] | None = None
) -> list[DocumentVersion]:
    """Two versions of a readable document (one of ``documents``, when given), in the
    order of ``numbers``, with their document, without their texts; 404 unless both
    exist."""
    found = {
        version.number: version
        for version in _versions_among(documents)
        .select_related("document")
        .defer("text", "report")
        .filter(
            document__slug=slug,
            document__current_version__isnull=False,
            number__in=numbers,
        )
    }
    if set(found) != set(numbers):
        raise Http404("No such versions")
    return [found[number] for number in numbers]


def paragraphs_by_version(version_ids: list[int]) -> dict[int, list[Paragraph]]:
    """Every paragraph of these versions, in one query: version id -> paragraphs in order."""
    found: dict[int, list[Paragraph]] = {version_id: [] for version_id in version_ids}
    paragraphs = Paragraph.objects.filter(version__in=version_ids).only(
        "version_id", "ordinal", "kind", "text", "start", "end"
    )
    for paragraph in paragraphs.order_by("version_id", "ordinal"):
        found[paragraph.version_id].append(paragraph)
    return found


def section_titles_by_version(
    version_ids: list[int], *, max_level: int
) -> dict[int, list[Section]]:
    """The upper sections of several versions, in one query: version id -> sections."""
    found: dict[int, list[Section]] = {version_id: [] for version_id in version_ids}
    sections = Section.objects.filter(version__in=version_ids, level__lte=max_level).only(
        "version_id", "order", "level", "title"
    )
    for section in sections.order_by("version_id", "order"):
        found[section.version_id].append(section)
    return found


# Which paragraph holds an offset of a version's text: the one lookup every page and
# export shares, in bulk (offsets of whole versions, bisected) or inside a query.


@dataclass(slots=True)
class Placement:
    """Where an offset falls: its paragraph's ordinal and its section (title, level)."""

    ordinal: int | None = None
    section_id: int | None = None
    section_title: str = ""
    section_level: int = 1
    section_order: int | None = None


@dataclass(slots=True)
class VersionLayout:
    """A version's paragraph offsets and sections: a few thousand integers, never text."""

    starts: list[int] = field(default_factory=list)
    ordinals: list[int] = field(default_factory=list)
    section_ids: list[int | None] = field(default_factory=list)
    sections: dict[int, tuple[str, int, int]] = field(default_factory=dict)

    def place(self, offset: int) -> Placement:
        """The paragraph that starts at or before ``offset`` (none before the first)."""
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return Placement()
        section_id = self.section_ids[index]
        title, level, order = self.sections.get(section_id, ("", 1, None))
        return Placement(self.ordinals[index], section_id, title, level, order)


def version_layouts(
    version_ids: Iterable[int], *, with_sections: bool = True
) -> dict[int, VersionLayout]:
    """The layouts of these versions, in two queries (one ``with_sections`` False; none
    for no versions)."""
    version_ids = list(version_ids)
    layouts = {version_id: VersionLayout() for version_id in version_ids}
    if not version_ids:
        return layouts
    sections = {}
    if with_sections:
        sections = {
            pk: (title, level, order)
            for pk, title, level, order in Section.objects.filter(
                version_id__in=version_ids
            ).values_list("id", "title", "level", "order")
        }
    for version_id, start, ordinal, section_id in (
        Paragraph.objects.filter(version_id__in=version_ids)
        .order_by("version_id", "start")
        .values_list("version_id", "start", "ordinal", "section_id")
    ):
        layout = layouts[version_id]
        layout.starts.append(start)
        layout.ordinals.append(ordinal)
        layout.section_ids.append(section_id)
    for layout in layouts.values():
        layout.sections = sections
    return layouts


def paragraph_ordinal_at(version: str = "version", offset: str = "start") -> Subquery:
    """Inside a query: the ordinal of the paragraph holding the outer row's ``offset`` in
    its ``version`` (both field paths of the outer row)."""
    return Subquery(
        Paragraph.objects.filter(
            version=OuterRef(version), start__lte=OuterRef(offset), end__gte=OuterRef(offset)
        ).values("ordinal")[:1]
    )
