"""Highlights into passages: pure, data in and data out, tested without a database.

Highlights of one version that overlap or touch (one ends where the next starts) are
merged into one passage covering the union of their ranges. Inside a passage the
``strength`` runs say how many distinct members marked each part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol


class Highlight(Protocol):
    id: int
    version_id: int
    start: int
    end: int
    author_id: int


class Mark(NamedTuple):
    """A plain highlight, for callers that have no object of their own to pass."""

    id: int
    version_id: int
    start: int
    end: int
    author_id: int


@dataclass
class Passage:
    version_id: int
    start: int
    end: int
    highlight_ids: list[int] = field(default_factory=list)
    # Distinct authors: a member who marked the same words twice counts once.
    members: set[int] = field(default_factory=set)
    # The highlights themselves, for ``strength``.
    group: list[Highlight] = field(default_factory=list, repr=False)
    _strength: list[tuple[int, int, int]] | None = field(default=None, repr=False)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def strength(self) -> list[tuple[int, int, int]]:
        """(start, end, member_count) runs covering [start, end), in order, no two
        adjacent runs with the same count: worked out when asked for, since a large
        topic lays out only a page of its passages."""
        if self._strength is None:
            self._strength = strength_runs(self.group)
        return self._strength


def merge_passages(highlights: Iterable[Highlight], *, ordered: bool = False) -> list[Passage]:
    """The passages the highlights make, ordered by version and start. ``ordered``: the
    highlights come by version, start, end and id already (as a query ordered them)."""
    if not ordered:
        highlights = sorted(highlights, key=lambda h: (h.version_id, h.start, h.end, h.id))
    passages: list[Passage] = []
    current = None
    for highlight in highlights:
        if (
            current is not None
            and current.version_id == highlight.version_id
            and highlight.start <= current.end
        ):
            if highlight.end > current.end:
                current.end = highlight.end
            current.group.append(highlight)
        else:
            current = Passage(highlight.version_id, highlight.start, highlight.end)
            current.group.append(highlight)
            passages.append(current)
    for passage in passages:
        group = passage.group
        passage.highlight_ids = [h.id for h in group]
        passage.members = {h.author_id for h in group}
    return passages


def strength_runs(group: list[Highlight]) -> list[tuple[int, int, int]]:
    """How many distinct authors cover each part of the union of ``group``'s ranges.

    A sweep over the range ends: each author's open highlights are counted, so one
    author's overlapping highlights add one member, not two.
    """
    if len({h.author_id for h in group}) == 1:
        # One member (the usual case): their union is contiguous, so one run.
        return [(min(h.start for h in group), max(h.end for h in group), 1)]
    events: dict[int, list[tuple[int, int]]] = {}
    for h in group:
        events.setdefault(h.start, []).append((h.author_id, 1))
        events.setdefault(h.end, []).append((h.author_id, -1))
    open_by_author: dict[int, int] = {}
    runs: list[tuple[int, int, int]] = []
    bounds = sorted(events)
    for left, right in zip(bounds, bounds[1:], strict=False):
        for author_id, step in events[left]:
            open_by_author[author_id] = open_by_author.get(author_id, 0) + step
            if not open_by_author[author_id]:
                del open_by_author[author_id]
        count = len(open_by_author)
        if runs and runs[-1][2] == count:
            runs[-1] = (runs[-1][0], right, count)
        else:
            runs.append((left, right, count))
    return runs


def passage_text(passage: Passage, by_id: dict, quotes: dict | None = None) -> str:
    """The union's text, pieced together from the highlights' own quotes (each is
    ``text[start:end]`` of its version), so no version text is loaded. ``quotes``: where
    each highlight's ``exact`` is, by id, when not on ``by_id``'s rows."""
    pieces = []
    covered = passage.start
    # merge_passages lists a passage's highlights by start.
    for pk in passage.highlight_ids:
        row = by_id[pk]
        if row.end > covered:
            exact = (quotes or by_id)[pk].exact
            pieces.append(exact[covered - row.start :])
            covered = row.end
    return "".join(pieces)
