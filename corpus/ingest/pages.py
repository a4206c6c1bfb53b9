"""Paged sources (a PDF's pages) into blocks.

A stand-in for the text pipeline's ``parse_pages``: the pages are joined with form
feeds between them and read as text. Kept small and apart so the real one replaces it.
"""

from __future__ import annotations

from .blocks import DroppedLine, ParsedDocument, SourcePage
from .parse import parse_text


def parse_pages(
    pages: list[SourcePage], *, dropped: list[DroppedLine] | None = None
) -> ParsedDocument:
    parsed = parse_text("\n\f\n".join("\n".join(page.lines) for page in pages))
    if dropped:
        parsed.dropped = sorted([*dropped, *parsed.dropped], key=lambda d: d.line)
    return parsed
