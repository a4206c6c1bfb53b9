"""Popular highlights (pure): other readers' public highlights drawn as one layer, how many
distinct readers marked each stretch of text, like Kindle's shading.

A reading page draws the reader's own highlights, their circles' and a chosen member's one
by one; other readers' public ones would drown them (a busy chapter has thousands), so the
page gets only their ``(start, end, author id)`` and draws stretches of the text shaded by
how many readers marked them. The annotations of a stretch are loaded when a reader opens
it (``GET /api/documents/<slug>/popular/``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LEVELS = 4  # pop-1 .. pop-4 in the page's CSS
# Smoothing, so that a busy chapter's layer is a few hundred marks, not thousands: a stretch
# shorter than this (the space between two sentences, a comma) joins the one it touches,
# and two stretches of one level this close are one.
MIN_STRETCH = 8
GAP = 2


@dataclass(frozen=True)
class PopularStretch:
    start: int
    end: int
    readers: int  # the most distinct readers marking any part of it
    level: int  # 1..LEVELS: see ``level_for``


def level_for(readers: int, most: int) -> int:
    """A stretch's shading, from 1 to LEVELS: its readers against the page's most-marked
    stretch, in equal steps. Below LEVELS readers on the page each reader is one step, so
    one reader's highlight is never drawn as dark as a crowd's."""
    scale = max(most, LEVELS)
    return max(1, min(LEVELS, -(-LEVELS * readers // scale)))


def popular_stretches(
    marks: Iterable[tuple[int, int, int]], *, start: int = 0, end: int | None = None
) -> list[PopularStretch]:
    """``marks``: ``(start, end, author id)`` of others' public highlights. The stretches of
    text they cover inside ``[start, end)``, each with how many distinct readers marked it,
    adjacent stretches of the same level merged into one.

    Each reader's highlights are first joined where they overlap or touch, so that a
    plain count of the joined spans over a point is how many readers marked it. Then the
    layer is smoothed (``MIN_STRETCH``, ``GAP``): a stretch's readers are the most over any
    part of it.
    """
    by_author: dict[int, list[tuple[int, int]]] = {}
    for left, right, author in marks:
        left = max(left, start)
        right = right if end is None else min(right, end)
        if right > left:
            by_author.setdefault(author, []).append((left, right))
    # Each span's start as 2*offset+1, its end as 2*offset: one sort of plain ints.
    events: list[int] = []
    for spans in by_author.values():
        spans.sort()
        left, right = spans[0]
        for next_left, next_right in spans[1:]:
            if next_left <= right:
                right = max(right, next_right)
                continue
            events += (2 * left + 1, 2 * right)
            left, right = next_left, next_right
        events += (2 * left + 1, 2 * right)
    if not events:
        return []
    events.sort()
    pieces: list[tuple[int, int, int]] = []  # (start, end, readers) between two cuts
    readers = 0
    previous = events[0] >> 1
    for event in events:
        here = event >> 1
        if here != previous and readers:
            pieces.append((previous, here, readers))
        readers += 1 if event & 1 else -1
        previous = here
    most = max(count for _left, _right, count in pieces)
    merged: list[PopularStretch] = []
    for left, right, count in pieces:
        stretch = PopularStretch(left, right, count, level_for(count, most))
        last = merged[-1] if merged else None
        if last is None or left - last.end > GAP:
            merged.append(stretch)
        elif last.level == stretch.level:
            merged[-1] = PopularStretch(last.start, right, max(last.readers, count), last.level)
        elif left == last.end and right - left < MIN_STRETCH:
            merged[-1] = PopularStretch(last.start, right, last.readers, last.level)
        elif left == last.end and last.end - last.start < MIN_STRETCH:
            merged[-1] = PopularStretch(last.start, right, count, stretch.level)
        else:
            merged.append(stretch)
    return merged
