"""Reads of the corpus that pages share: one place that knows what to load and what not to."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from corpus.models import Document, DocumentVersion, Paragraph, Section
from corpus.outline import Outline


def documents_for_library() -> QuerySet[Document]:
    """Every document with a current version, with its paragraph count; no texts loaded."""
    return (
        Document.objects.filter(current_version__isnull=False)
        .select_related("current_version")
        .defer("current_version__text", "current_version__report")
        .annotate(paragraph_count=Count("current_version__paragraphs"))
        # Meta.ordering does not apply to aggregating queries.
        .order_by("title")
    )


def get_document_for_reading(slug: str) -> Document:
    """The document and its current version (without the version's full text), or 404."""
    document = (
        Document.objects.select_related("current_version")
        .defer("current_version__text", "current_version__report")
        .filter(slug=slug, current_version__isnull=False)
        .first()
    )
    if document is None:
        raise Http404("No such document")
    return document


def outline_for(document: Document) -> Outline:
    sections = list(
        Section.objects.filter(version=document.current_version_id).only(
            "order", "level", "title", "heading_ordinal", "first_ordinal", "last_ordinal"
        )
    )
    return Outline(sections, document_title=document.title)


def paragraphs_between(document: Document, first: int, last: int) -> list[Paragraph]:
    return list(
        Paragraph.objects.filter(
            version=document.current_version_id, ordinal__gte=first, ordinal__lte=last
        )
        .only("ordinal", "kind", "text", "start", "end", "note_number", "note_refs")
        .order_by("ordinal")
    )


def versions_of(document: Document) -> list[DocumentVersion]:
    return list(
        document.versions.defer("text", "report")
        .annotate(paragraph_count=Count("paragraphs"))
        .order_by("-number")
    )


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
