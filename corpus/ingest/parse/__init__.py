"""Raw text to blocks.

Three dialects reach us, each read by its own module. *Wrapped* text (a PDF
extraction) breaks lines at a fixed measure (``wrapped.py``). *Line* text (a web page
copied out) holds one paragraph per line (``lines.py``). *Markdown* has ATX headings,
'>' quotes and lists (``markdown.py``). The dialect is read off the text; ``base.py``
holds what the dialects share, ``patterns.py`` the line shapes they look for.
"""

from __future__ import annotations

import re

from .. import notes
from ..blocks import DroppedLine, ParsedDocument, SourcePage
from ..boilerplate import find_boilerplate
from ..chrome import DISCUSSION_NOTICE, chrome_reason
from ..pages import (
    Page,
    find_furniture,
    split_glued_furniture,
    split_pages,
    strip_margin_numbers,
)
from ..text import collapse, normalise_source
from .base import Line
from .lines import LineParser
from .markdown import MarkdownParser, is_markdown
from .patterns import DIVISION
from .wrapped import WrappedParser, is_wrapped

__all__ = ["parse_pages", "parse_text"]


def parse_text(text: str) -> ParsedDocument:
    """Parse one document's raw text into blocks (see ``blocks.py``).

    Pages are looked for in the text itself (form feeds, steady runs of blank lines).
    """
    source = normalise_source(text)
    # Form feeds part a PDF's pages (pdftotext): its lines are wrapped, though pdftotext
    # runs a line ending in a hyphen on into the next, so more of them run long.
    return _parse(split_pages(source), [], paged="\f" in source)


def parse_pages(
    pages: list[SourcePage], *, dropped: list[DroppedLine] | None = None
) -> ParsedDocument:
    """Parse a paged source (a PDF reader's pages); ``dropped`` is what the reader left out.

    Lines are numbered through the pages from 1, as if the pages were one text.
    """
    numbered: list[Page] = []
    no = 0
    for source_page in pages:
        page = Page(source_page.number, [])
        for raw in source_page.lines:
            for piece in normalise_source(raw).replace("\f", "").split("\n"):
                no += 1
                page.lines.append((no, piece))
        numbered.append(page)
    # Line numbers only: _parse rewrites the pages' lines (margin numbers, glued heads).
    bounds = [(page.lines[0][0], page.lines[-1][0]) if page.lines else None for page in numbered]
    parsed = _parse(numbered, list(dropped or []))
    if any(source_page.notes for source_page in pages):
        # Footnotes taken off the pages' feet by the reader: set after their paragraphs.
        parsed.blocks = notes.place_page_notes(
            parsed.blocks, _spans(numbered, bounds, pages, parsed)
        )
    return parsed


def _spans(
    numbered: list[Page],
    bounds: list[tuple[int, int] | None],
    pages: list[SourcePage],
    parsed: ParsedDocument,
) -> list[notes.PageSpan]:
    dropped = {line.line for line in parsed.dropped}
    spans: list[notes.PageSpan] = []
    last = 0
    for page, bound, source_page in zip(numbered, bounds, pages, strict=True):
        first, last = bound or (last + 1, last)
        kept = (collapse(raw) for no, raw in page.lines if raw.strip() and no not in dropped)
        spans.append((first, last, next(kept, ""), source_page.notes))
    return spans


def _parse(pages: list[Page], dropped: list[DroppedLine], *, paged: bool = False) -> ParsedDocument:
    margin = strip_margin_numbers(pages)
    dropped = dropped + [DroppedLine(no, text, "line number") for no, text in margin]
    source = [line for page in pages for line in page.lines]
    # Each line collapsed once, for every step that reads it (in step with ``source``).
    texts = [collapse(raw) for _, raw in source]
    boilerplate = find_boilerplate(source, texts)
    furniture = find_furniture(pages, skip=set(boilerplate.dropped), texts=texts)
    glued = split_glued_furniture(pages, furniture)
    if glued:
        dropped += [DroppedLine(no, text, reason) for no, text, reason in glued]
        source = [line for page in pages for line in page.lines]
        texts = [collapse(raw) for _, raw in source]
    furniture = _keep_titles(source, texts, furniture)
    removed = {**boilerplate.dropped, **furniture}
    page_starts = _page_starts(pages, removed)
    lines, dropped = _read_lines(source, texts, removed, page_starts, dropped)
    non_blank = [line for line in lines if line is not None]
    if not non_blank:
        parsed = ParsedDocument(blocks=[], dropped=dropped)
    elif is_markdown(non_blank):
        parsed = MarkdownParser(lines, dropped).parse()
    elif paged or is_wrapped(non_blank):
        parsed = WrappedParser(lines, dropped).parse()
    else:
        parsed = LineParser(lines, dropped).parse()
    parsed.title = boilerplate.title or parsed.title
    parsed.author = boilerplate.author
    parsed.published = boilerplate.published
    return parsed


_HEADS = ("running header", "running footer")
_ROMAN_ALONE = re.compile(r"[IVXLC]{1,7}\.?")


def _keep_titles(
    source: list[tuple[int, str]], texts: list[str], furniture: dict[int, str]
) -> dict[int, str]:
    """A running head repeats its chapter's title, so the title itself looks like furniture.
    Keep it where a title stands: right after 'LECTURE I.' or a numeral alone, and in
    capitals at the top of the text, before any line of it and with no page number beside
    it ('CERTAIN SYMPTOMS' on an article's first page)."""
    kept = dict(furniture)
    lines = [(no, text) for (no, _), text in zip(source, texts, strict=True) if text]
    previous = ""
    text_begun = False
    for index, (no, text) in enumerate(lines):
        if kept.get(no) in _HEADS:
            after_number = _is_division_line(previous) or bool(_ROMAN_ALONE.fullmatch(previous))
            beside = lines[max(0, index - 1) : index + 2]
            numbered = any(furniture.get(other) == "page number" for other, _ in beside)
            if after_number or not text_begun and not numbered and _in_capitals(text):
                del kept[no]
        if no not in kept:
            previous = text
            text_begun = text_begun or _is_text_line(text)
    return kept


def _is_division_line(text: str) -> bool:
    return len(text) <= 40 and bool(DIVISION.fullmatch(text))


def _in_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return (
        len(letters) >= 4
        and not any(ch.isdigit() for ch in text)
        and sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)
    )


def _is_text_line(text: str) -> bool:
    """A line of running text: a few words, mostly in small letters."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(text.split()) >= 4 and sum(ch.islower() for ch in letters) >= 0.6 * len(letters)


def _page_starts(pages: list[Page], removed: dict[int, str]) -> set[int]:
    """The first kept line of every page but the first; where pages are unseen, the
    first line after furniture."""
    starts: set[int] = set()
    if len(pages) >= 2:
        for page in pages[1:]:
            first = next((no for no, raw in page.lines if raw.strip() and no not in removed), None)
            if first is not None:
                starts.add(first)
        return starts
    after_furniture = False
    for no, raw in pages[0].lines if pages else []:
        if not raw.strip():
            continue
        reason = removed.get(no)
        if reason in ("page number", "running header", "running footer", "line number"):
            after_furniture = True
        elif reason is None:
            if after_furniture:
                starts.add(no)
            after_furniture = False
    return starts


# A line printed twice in a row is a caption (a web page's image text, then its caption)
# when it is this long; a shorter one may be a refrain ("HURRY UP PLEASE ITS TIME").
MIN_DUPLICATE_WORDS = 10


def _is_sentence_long(text: str) -> bool:
    return len(text.split()) >= MIN_DUPLICATE_WORDS


def _read_lines(
    source: list[tuple[int, str]],
    texts: list[str],
    removed: dict[int, str],
    page_starts: set[int],
    dropped: list[DroppedLine],
) -> tuple[list[Line | None], list[DroppedLine]]:
    """The source's lines, collapsed (``texts``), with None for a blank or a dropped line."""
    lines: list[Line | None] = []
    previous_text = ""
    previous_reason: str | None = None
    for (no, raw), collapsed in zip(source, texts, strict=True):
        if not collapsed:
            lines.append(None)
            continue
        reason = removed.get(no) or chrome_reason(collapsed)
        if reason is None and collapsed == previous_text and _is_sentence_long(collapsed):
            reason = "duplicate line (a caption printed twice)"
        if reason is None and previous_reason == DISCUSSION_NOTICE:
            reason = f"{DISCUSSION_NOTICE} (its text)"
        previous_text, previous_reason = collapsed, reason
        if reason:
            dropped.append(DroppedLine(no, collapsed, reason))
            lines.append(None)
            continue
        lines.append(Line(no, collapsed, raw[:1].isspace(), page_start=no in page_starts))
    return lines, dropped
