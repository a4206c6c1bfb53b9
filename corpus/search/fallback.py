"""Any other database: every word as a substring, unranked and never grouped."""

from __future__ import annotations

import re

from django.db.models import F, QuerySet

from corpus.models import Paragraph

from .query import SearchQuery
from .results import Row
from .snippets import MARK_END, MARK_START


def search(
    parsed: SearchQuery,
    document_slug: str | None,
    limit: int,
    offset: int,
    documents: QuerySet | None = None,
    per_document: int | None = None,
) -> tuple[list[Row], int, int]:
    paragraphs = Paragraph.objects.filter(version__document__current_version=F("version"))
    if documents is not None:
        paragraphs = paragraphs.filter(version__document__in=documents.values("pk"))
    if document_slug is not None:
        paragraphs = paragraphs.filter(version__document__slug=document_slug)
    for term in parsed.terms:
        paragraphs = paragraphs.filter(text__icontains=" ".join(term.words))
    total = paragraphs.count()
    page = paragraphs.select_related("version__document", "section").order_by("id")[
        offset : offset + limit
    ]
    pattern = re.compile(
        "|".join(re.escape(" ".join(term.words)) for term in parsed.terms), re.IGNORECASE
    )
    rows = [
        Row(
            paragraph_id=paragraph.id,
            rank=0.0,
            total=total,
            in_document=0,
            documents=0,
            ordinal=paragraph.ordinal,
            kind=paragraph.kind,
            text=paragraph.text,
            document_slug=paragraph.version.document.slug,
            document_title=paragraph.version.document.title,
            section_title=paragraph.section.title,
            marked=(pattern.sub(lambda m: MARK_START + m.group() + MARK_END, paragraph.text),),
        )
        for paragraph in page
    ]
    return rows, total, 0
