"""Popular highlights (pure): other readers' public highlights drawn as one layer, how many
distinct readers marked each stretch of text, like Kindle's shading.

A reading page draws the reader's own highlights, their circles' and a chosen member's one
by one; other readers' public ones would drown them (a busy chapter has thousands), so the
page gets only their ``(start, end, author id)`` and draws stretches of the text shaded by
how many readers marked them. The annotations of a stretch are loaded when a reader opens
it (``GET /api/documents/<slug>/popular/``).

In three steps, so that the costly one is shared: the ``coverage`` of a page by every
reader's public highlights (the same for every reader, cached until they change:
annotations/margin.py); ``without`` the reader's own; ``stretches``, the smoothed layer.
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


# A page's coverage: ``(start, end, readers)`` in order, each with at least one reader;
# two that touch have different counts (the layer's raw material, before smoothing).
Pieces = list[tuple[int, int, int]]


def _joined(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """One reader's spans, sorted and joined where they overlap or touch."""
    spans = sorted(spans)
    joined = [spans[0]] if spans else []
    for left, right in spans[1:]:
        last_left, last_right = joined[-1]
        if left <= last_right:
            joined[-1] = (last_left, max(last_right, right))
        else:
            joined.append((left, right))
    return joined


def _append(pieces: Pieces, left: int, right: int, readers: int) -> None:
    """Add a piece after the last, joining it when they touch with the same count."""
    if right <= left or readers <= 0:
        return
    if pieces and pieces[-1][1] == left and pieces[-1][2] == readers:
        pieces[-1] = (pieces[-1][0], right, readers)
    else:
        pieces.append((left, right, readers))


def coverage(
    marks: Iterable[tuple[int, int, int]], *, start: int = 0, end: int | None = None
) -> Pieces:
    """``marks``: ``(start, end, author id)`` of public highlights. How many distinct
    readers marked each stretch of ``[start, end)``.

    Each reader's highlights are first joined where they overlap or touch, so that a
    plain count of the joined spans over a point is how many readers marked it.
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
        for left, right in _joined(spans):
            events += (2 * left + 1, 2 * right)
    pieces: Pieces = []
    if not events:
        return pieces
    events.sort()
    readers = 0
    previous = events[0] >> 1
    for event in events:
        here = event >> 1
        if here != previous:
            _append(pieces, previous, here, readers)
        readers += 1 if event & 1 else -1
        previous = here
    return pieces


def without(pieces: Pieces, spans: Iterable[tuple[int, int]]) -> Pieces:
    """``pieces`` less one reader's highlights ``spans`` (``(start, end)``), which
    ``pieces`` counted: the coverage of everybody else's."""
    joined = _joined(list(spans))
    if not joined:
        return pieces
    left_out: Pieces = []
    next_span = 0
    for left, right, readers in pieces:
        while next_span < len(joined) and joined[next_span][1] <= left:
            next_span += 1
        here = left
        inside = next_span
        while inside < len(joined) and joined[inside][0] < right:
            inside_left, inside_right = max(joined[inside][0], left), min(joined[inside][1], right)
            _append(left_out, here, inside_left, readers)
            _append(left_out, inside_left, inside_right, readers - 1)
            here = inside_right
            inside += 1
        _append(left_out, here, right, readers)
    return left_out


def stretches(pieces: Pieces) -> list[PopularStretch]:
    """The layer a page draws from its coverage: adjacent pieces of the same level merged
    into one, and smoothed (``MIN_STRETCH``, ``GAP``): a stretch's readers are the most
    over any part of it."""
    if not pieces:
        return []
    most = max(count for _left, _right, count in pieces)
    # [start, end, readers, level], as PopularStretch, made at the end.
    merged: list[list[int]] = []
    last: list[int] | None = None
    for left, right, count in pieces:
        level = level_for(count, most)
        if last is None or left - last[1] > GAP:
            last = [left, right, count, level]
            merged.append(last)
        elif last[3] == level:
            last[1] = right
            last[2] = max(last[2], count)
        elif left == last[1] and right - left < MIN_STRETCH:
            last[1] = right
        elif left == last[1] and last[1] - last[0] < MIN_STRETCH:
            last[1:] = [right, count, level]
        else:
            last = [left, right, count, level]
            merged.append(last)
    return [PopularStretch(*stretch) for stretch in merged]
