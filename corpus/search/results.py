"""What a search returns, and the rows each engine hands back to make it from."""

from __future__ import annotations

from dataclasses import dataclass

from .query import SearchQuery
from .snippets import Snippet


@dataclass(frozen=True)
class SearchHit:
    paragraph_id: int
    document_slug: str
    document_title: str
    ordinal: int
    section_title: str
    kind: str
    rank: float  # higher is better; comparable only within one search
    in_document: int  # the document's matches, when the search is grouped by document
    snippet: Snippet  # reader/snippets.py makes it HTML


@dataclass(frozen=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit]
    total: int  # every matching paragraph
    documents: int = 0  # every document matched, when the search is grouped by document


@dataclass(frozen=True)
class Row:
    """One hit as the database returns it, before the snippet is made."""

    paragraph_id: int
    rank: float
    total: int
    in_document: int
    documents: int
    ordinal: int
    kind: str
    text: str
    document_slug: str
    document_title: str
    section_title: str
    marked: tuple[str | None, ...]  # the text with matches between MARK_START and MARK_END
