"""One paragraph per line: text copied out of a web page."""

from __future__ import annotations

import re

from .. import hyphens, notes
from ..blocks import BlockKind
from ..text import ends_sentence, starts_lowercase, starts_uppercase
from .base import Chunk, Parser, join_lines
from .patterns import (
    BULLET,
    DIVISION,
    FRONT_MATTER,
    NUMBERED_HEADING,
    NUMBERED_ITEM,
    is_short_title,
)

_ATTRIBUTION = re.compile(r"\([A-Z][^()]{2,80}\)\.?$")
_OPENING_QUOTE = re.compile(r"^[\"“]")

_MAX_NUMBERED_HEADING = 110
# Line text: a paragraph this long proves the article body has begun.
_BODY_STARTS = 150


class LineParser(Parser):
    """One paragraph per line: text copied out of a web page."""

    def chunks(self) -> list[Chunk]:
        paragraphs: list[Chunk] = []
        blank = 0
        for line in self.lines:
            if line is None:
                blank += 1
                continue
            previous = paragraphs[-1] if paragraphs else None
            # A page break (blank lines, furniture) does not end a sentence it cuts.
            carries_on = blank == 0 or line.page_start
            if previous is not None and carries_on and _continues_line(previous, line.text):
                previous.lines.append(line)
            else:
                paragraphs.append(Chunk([line], blank_before=blank))
            blank = 0
        paragraphs = self.take_title(paragraphs)
        vocabulary = hyphens.Vocabulary(line.text for line in self.lines if line is not None)
        for chunk in paragraphs:
            chunk.text = join_lines([line.text for line in chunk.lines], vocabulary)
        endnotes = notes.find_notes([("body", chunk.text) for chunk in paragraphs])
        # Numbered section headings ("4. Capitalism breaking…") rule out unnumbered ones.
        self.numbered_headings = (
            sum(
                1
                for index, chunk in enumerate(paragraphs)
                if index not in endnotes and NUMBERED_HEADING.match(chunk.text)
            )
            >= 3
        )
        body_started = False
        for index, chunk in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            chunk.kind, chunk.level = self.classify(chunk.text, following, body_started)
            if chunk.kind == "list_item":
                bullet = BULLET.match(chunk.text)
                if bullet:
                    chunk.text = chunk.text[bullet.end() :]
            body_started = body_started or len(chunk.text) >= _BODY_STARTS
        self.mark_attributions(paragraphs)
        return paragraphs

    def classify(
        self, text: str, following: Chunk | None, body_started: bool
    ) -> tuple[BlockKind, int]:
        if BULLET.match(text) or NUMBERED_ITEM.match(text):
            return "list_item", 0
        if _is_quotation(text):
            return "quote", 0
        if not body_started or following is None:
            return "body", 0
        if NUMBERED_HEADING.match(text) and len(text) <= _MAX_NUMBERED_HEADING:
            return "heading", 1
        if self.numbered_headings:
            return "body", 0
        if is_short_title(text) and starts_uppercase(text) and not text.endswith(":"):
            return "heading", 1
        return "body", 0

    def mark_attributions(self, chunks: list[Chunk]) -> None:
        """'(Leon Trotsky, Three Conceptions…, 1939)' on its own line: it and its quote."""
        for index, chunk in enumerate(chunks):
            if chunk.text.startswith("(") and _attribution_start(chunk.text) is not None and index:
                chunk.kind, chunk.level = "quote", 0
                if chunks[index - 1].kind == "body":
                    chunks[index - 1].kind = "quote"

    def take_title(self, chunks: list[Chunk]) -> list[Chunk]:
        """A short first line that is not a sentence is the document's title."""
        if not chunks:
            return chunks
        first = chunks[0]
        candidate = first.first.text
        if (
            len(candidate) <= 150
            and not candidate.rstrip("”’\"'").endswith(".")
            and not DIVISION.fullmatch(candidate)
            and not FRONT_MATTER.fullmatch(candidate)
            and not NUMBERED_HEADING.match(candidate)
        ):
            self.title = candidate.lstrip("# ").strip()
            self.drop(first.first, "title (kept as the document's title)")
            first.lines = first.lines[1:]
            if not first.lines:
                chunks = chunks[1:]
                if chunks:
                    chunks[0].blank_before = max(chunks[0].blank_before, first.blank_before)
        return chunks


def _continues_line(previous: Chunk, text: str) -> bool:
    """In line text, a line that carries on the one before (a broken list item, '”.')."""
    if BULLET.match(text) or NUMBERED_ITEM.match(text):
        return False
    if text[0] in ",.;:!?)]”’" and len(text) <= 3:
        return True
    return starts_lowercase(text) and not ends_sentence(previous.last.text)


def _is_quotation(text: str) -> bool:
    """A paragraph that quotes someone: in quotation marks, or ending in an attribution."""
    attribution = _attribution_start(text)
    if _OPENING_QUOTE.match(text):
        return attribution is not None or text.rstrip(".")[-1:] in '"”'
    if attribution is None or len(text) <= 80:
        return False
    head = text[:attribution].rstrip().rstrip(".")
    introduced = re.search(r"[:,]\s*[\"“]", head)
    return introduced is None and head.endswith(("”", '"'))


def _attribution_start(text: str) -> int | None:
    """Where a closing "(Leon Trotsky, …, 1939)" starts; only the tail is searched."""
    tail_start = max(0, len(text) - 90)
    match = _ATTRIBUTION.search(text, tail_start)
    return match.start() if match else None
