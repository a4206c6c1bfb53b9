"""Snippets: where the database marked the matches, and which stretch of a paragraph to show.

Plain data, no HTML: ``reader/snippets.py`` turns a ``Snippet`` into markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SNIPPET_LENGTH = 280  # characters of paragraph text around the matches
SNIPPET_LEAD = 60  # characters of context kept before the first match shown
MAX_WORD_CUT = 30  # a snippet ends mid-word only if a "word" is longer than this

# Noncharacters, reserved by Unicode for a program's internal use: the database wraps
# matches in them, and they are checked for in the text before they are trusted.
MARK_START = "\ufdd0"
MARK_END = "\ufdd1"
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")


@dataclass(frozen=True)
class Snippet:
    """Up to SNIPPET_LENGTH characters of a paragraph, in whole words, around its matches."""

    text: str
    spans: tuple[tuple[int, int], ...]  # [start, end) of each match in ``text``; sorted, apart
    cut_before: bool  # the paragraph goes on before ``text``
    cut_after: bool  # the paragraph goes on after ``text``


def marked_spans(text: str, marked: str | None) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets in ``text`` that ``marked`` wraps in MARK_START/MARK_END.

    ``marked`` must be ``text`` with the marks inserted; if it is not, or if ``text``
    itself holds a mark character, no span is trusted and none is returned.
    """
    if not marked or MARK_START in text or MARK_END in text:
        return []
    spans = []
    position = 0
    opened = None
    plain = []
    for piece in _MARKS.split(marked):
        if piece == MARK_START:
            opened = position
        elif piece == MARK_END:
            if opened is not None and opened < position:
                spans.append((opened, position))
            opened = None
        else:
            plain.append(piece)
            position += len(piece)
    if "".join(plain) != text:
        return []
    return spans


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], length: int) -> tuple[int, int]:
    """The stretch of ``text``, about ``length`` long, that shows the most spans, in whole words."""
    if len(text) <= length:
        return 0, len(text)
    best_start, best_count = 0, 0
    for first, _ in spans:
        start = max(0, first - SNIPPET_LEAD)
        count = sum(1 for s, e in spans if s >= start and e <= start + length)
        if count > best_count:
            best_start, best_count = start, count
    start = min(best_start, len(text) - length)
    end = start + length
    # Back to the start of the word cut, forward to the end of the word cut.
    for _ in range(MAX_WORD_CUT):
        if start == 0 or text[start - 1].isspace():
            break
        start -= 1
    for _ in range(MAX_WORD_CUT):
        if end == len(text) or text[end].isspace():
            break
        end += 1
    return start, end


def snippet_around(text: str, spans: Iterable[tuple[int, int]]) -> Snippet:
    """The stretch of ``text`` that shows the most of ``spans``, with the spans inside it."""
    merged = _merge((max(0, s), min(len(text), e)) for s, e in spans if s < e)
    start, end = _window(text, merged, SNIPPET_LENGTH)
    shown = []
    for span_start, span_end in merged:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start < span_end:
            shown.append((span_start - start, span_end - start))
    return Snippet(
        text=text[start:end],
        spans=tuple(shown),
        cut_before=start > 0,
        cut_after=end < len(text),
    )
