"""Documents, their sections and paragraphs as plain JSON-ready dicts, and nothing else."""

from __future__ import annotations

from collections.abc import Iterable

from corpus.models import Document, DocumentVersion, Paragraph
from corpus.outline import SectionLike


def document_json(document: Document, *, paragraph_count: int, url: str) -> dict:
    """A document's metadata; ``document.current_version`` must be loaded."""
    return {
        "slug": document.slug,
        "title": document.title,
        "author": document.author,
        "publisher": document.publisher,
        "published": document.published,
        "updated": document.updated,
        "version": document.current_version.number,
        "paragraph_count": paragraph_count,
        "url": url,
    }


def document_detail_json(
    document: Document,
    *,
    version: DocumentVersion,
    sections: Iterable[SectionLike],
    paragraphs: list[Paragraph],
    url: str,
) -> dict:
    """One version of a document (``version``: the current one, or an older one)."""
    return {
        **document_json(document, paragraph_count=len(paragraphs), url=url),
        "version": version.number,
        "is_current": version.pk == document.current_version_id,
        "sections": [section_json(section) for section in sections],
        "paragraphs": [paragraph_json(paragraph) for paragraph in paragraphs],
    }


def section_json(section: SectionLike) -> dict:
    return {
        "order": section.order,
        "level": section.level,
        "title": section.title,
        "first_ordinal": section.first_ordinal,
        "last_ordinal": section.last_ordinal,
    }


def paragraph_json(paragraph: Paragraph) -> dict:
    return {
        "ordinal": paragraph.ordinal,
        "kind": paragraph.kind,
        "start": paragraph.start,
        "end": paragraph.end,
        "text": paragraph.text,
    }
