"""The reading views: a section page, and one paragraph at a time."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from annotations.models import Color
from annotations.queries import LAYERS, annotations_for_range
from corpus.models import Paragraph
from corpus.queries import get_document_for_reading, outline_for, paragraphs_between
from reader.presenters import BlockContext, render_blocks, render_single


def _layer(request: HttpRequest) -> str:
    layer = request.GET.get("layer", "all")
    return layer if layer in LAYERS else "all"


def _page_data(request: HttpRequest, document, highlights, layer: str) -> dict:
    """What annotate.js needs to start: who is reading, where to write, what is shown."""
    return {
        "document": document.slug,
        "user": request.user.get_username() if request.user.is_authenticated else None,
        # The API's paths are part of its contract (see annotations/api/urls.py).
        "api": {
            "annotations": "/api/annotations/",
            "replies": "/api/replies/",
            "tags": "/api/tags/",
        },
        "colors": list(Color.values),
        "layer": layer,
        "annotations": [
            {
                "id": h.id,
                "start": h.start,
                "end": h.end,
                "color": h.color,
                "author": h.author,
                "mine": h.mine,
                "visibility": h.visibility,
                "tags": h.tags,
                "has_comment": h.has_comment,
                "reply_count": h.reply_count,
            }
            for h in highlights
        ],
    }


def section(request: HttpRequest, slug: str, order: int) -> HttpResponse:
    document = get_document_for_reading(slug)
    outline = outline_for(document)
    unit = outline.unit_for_order(order)
    if unit is None:
        raise Http404("No such section")
    if unit.order != order:
        # A sub-section is read inside its chapter: send the reader to its heading there.
        heading = next(s for s in outline.sections if s.order == order)
        url = reverse("reader:section", args=[slug, unit.order])
        return redirect(f"{url}#p-{heading.heading_ordinal or heading.first_ordinal}")
    paragraphs = paragraphs_between(document, unit.first_ordinal, unit.last_ordinal)
    layer = _layer(request)
    highlights = (
        annotations_for_range(
            request.user,
            version_id=document.current_version_id,
            start=paragraphs[0].start,
            end=paragraphs[-1].end,
            layer=layer,
        )
        if paragraphs
        else []
    )
    first_section = next(s for s in outline.sections if s.order == unit.order)
    title_ordinal = first_section.heading_ordinal if unit.level else None
    context = BlockContext(
        slug=slug,
        page_ordinals=range(unit.first_ordinal, unit.last_ordinal + 1),
        base_level=unit.level,
        title_ordinal=title_ordinal,
        heading_levels={s.heading_ordinal: s.level for s in outline.sections if s.heading_ordinal},
        highlights=highlights,
    )
    previous, following = outline.neighbours(unit)
    return render(
        request,
        "reader/section.html",
        {
            "document": document,
            "unit": unit,
            "title_in_text": title_ordinal is not None,
            "blocks": render_blocks(paragraphs, context),
            "previous": previous,
            "next": following,
            "layer": layer,
            "layers": LAYERS,
            "page_data": _page_data(request, document, highlights, layer),
        },
    )


def paragraph(request: HttpRequest, slug: str, ordinal: int) -> HttpResponse:
    document = get_document_for_reading(slug)
    outline = outline_for(document)
    unit = outline.unit_for_ordinal(ordinal)
    found = paragraphs_between(document, ordinal, ordinal)
    if unit is None or not found:
        raise Http404("No such paragraph")
    current: Paragraph = found[0]
    layer = _layer(request)
    highlights = annotations_for_range(
        request.user,
        version_id=document.current_version_id,
        start=current.start,
        end=current.end,
        layer=layer,
    )
    context = BlockContext(
        slug=slug, page_ordinals=range(ordinal, ordinal + 1), highlights=highlights
    )
    section = outline.section_for_ordinal(ordinal)
    return render(
        request,
        "reader/paragraph.html",
        {
            "document": document,
            "paragraph": current,
            "section": section,
            "paragraph_html": render_single(current, context),
            "in_context": reverse("reader:section", args=[slug, unit.order]) + f"#p-{ordinal}",
            "previous_ordinal": ordinal - 1 if ordinal > 1 else None,
            "next_ordinal": ordinal + 1 if ordinal < outline.last_ordinal else None,
            "last_ordinal": outline.last_ordinal,
            "layer": layer,
            "layers": LAYERS,
            "page_data": _page_data(request, document, highlights, layer),
        },
    )
