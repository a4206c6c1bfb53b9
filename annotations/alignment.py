"""Where a highlight goes in a revised text: the diff between two versions, and each
highlight placed through it. Pure, no Django.

The diff is computed once per pair of versions: paragraphs first (difflib, on whole
paragraphs), then words inside each run of changed paragraphs (rapidfuzz's LCS on word
tokens). Short runs of words that only happen to be shared by two different sentences
("of the") are counted as changed, so a rewritten sentence does not look half kept.

A highlight is then placed by mapping its characters through the diff:

- **exact**: every character kept, in one piece: the same words at the place they moved to.
- **fuzzy**: most of its words kept and the passage they are in now reads like the old
  quote: placed on that passage, for its author to review. A quote found verbatim only
  where the diff says new text was inserted (a moved paragraph) is fuzzy too.
- **orphaned**: otherwise; it keeps its old quote.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from annotations.anchoring import CONTEXT

EXACT, FUZZY, ORPHANED = "exact", "fuzzy", "orphaned"

PARAGRAPH_SEPARATOR = "\n\n"
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")
# Runs of fewer kept words than this, between changes, are chance matches.
MIN_KEPT_WORDS = 3
# A changed region larger than this (tokens old × new) is diffed by difflib, not the LCS.
MAX_LCS_CELLS = 400_000_000
# Fuzzy: at least this share of the quote's characters kept, and the passage they are
# in now at least this similar to the old quote (rapidfuzz ratio, 0..1).
MIN_KEPT_SHARE = 0.5
MIN_SIMILARITY = 0.6
# A moved quote is placed only when it is this long and its context still matches.
MIN_MOVED_LENGTH = 20
MIN_MOVED_CONTEXT = 0.5


@dataclass(frozen=True)
class Placement:
    anchor: str  # EXACT, FUZZY or ORPHANED
    start: int = 0
    end: int = 0


class Alignment:
    """The characters two texts share, as runs ``(old_start, new_start, length)``."""

    def __init__(self, old: str, new: str, runs: list[tuple[int, int, int]]):
        self.old = old
        self.new = new
        self.runs = runs
        self._old_starts = [run[0] for run in runs]
        self._new_starts = [run[1] for run in runs]

    def kept(self, start: int, end: int) -> tuple[int, int, int]:
        """Of old ``[start, end)``: how many characters are kept, and the new passage they
        are in. Its edges are mapped through the diff: an edited word at either end of
        the quote brings the text that replaced it."""
        index = max(bisect.bisect_right(self._old_starts, start) - 1, 0)
        count = 0
        first = last = None
        for position in range(index, len(self.runs)):
            old_start, _, length = self.runs[position]
            if old_start >= end:
                break
            if max(start, old_start) < min(end, old_start + length):
                count += min(end, old_start + length) - max(start, old_start)
                first = position if first is None else first
                last = position
        if first is None:
            return 0, 0, 0
        return count, self._new_edge(start, first, before=True), self._new_edge(end, last)

    def kept_pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """What old ``[start, end)``'s kept characters became: the new text's pieces
        ``(new_start, new_end)``, in order (none when every character is gone)."""
        index = max(bisect.bisect_right(self._old_starts, start) - 1, 0)
        pieces = []
        for old_start, new_start, length in self.runs[index:]:
            if old_start >= end:
                break
            low, high = max(start, old_start), min(end, old_start + length)
            if low < high:
                pieces.append((new_start + low - old_start, new_start + high - old_start))
        return pieces

    def _new_edge(self, offset: int, position: int, *, before: bool = False) -> int:
        """Where old ``offset`` (a quote's start or end) goes, given that run ``position``
        is the first (or last) it keeps: an edge inside the run maps through it; an edge
        in the changed text beside the run goes as far into the replacing text as it
        went into the replaced text."""
        old_start, new_start, length = self.runs[position]
        if old_start <= offset <= old_start + length:
            return new_start + offset - old_start
        if before:
            old_limit, new_limit = self._run_end(position - 1)
            return max(new_start - (old_start - offset), new_limit)
        old_limit, new_limit = self._run_start(position + 1)
        return min(new_start + length + (offset - old_start - length), new_limit)

    def _run_end(self, position: int) -> tuple[int, int]:
        if position < 0:
            return 0, 0
        old_start, new_start, length = self.runs[position]
        return old_start + length, new_start + length

    def _run_start(self, position: int) -> tuple[int, int]:
        if position >= len(self.runs):
            return len(self.old), len(self.new)
        return self.runs[position][0], self.runs[position][1]

    def is_inserted(self, start: int, end: int) -> bool:
        """Whether new ``[start, end)`` shares no character with the old text."""
        index = max(bisect.bisect_right(self._new_starts, start) - 1, 0)
        for _, new_start, length in self.runs[index:]:
            if new_start >= end:
                break
            if new_start + length > start:
                return False
        return True


def align(old: str, new: str) -> Alignment:
    """The diff between two versions' texts (paragraphs joined by a blank line)."""
    old_paragraphs, old_offsets = _paragraphs(old)
    new_paragraphs, new_offsets = _paragraphs(new)
    matcher = difflib.SequenceMatcher(None, old_paragraphs, new_paragraphs, autojunk=False)
    runs: list[tuple[int, int, int]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            old_start, new_start = old_offsets[a0], new_offsets[b0]
            length = old_offsets[a1 - 1] + len(old_paragraphs[a1 - 1]) - old_start
            runs.append((old_start, new_start, length))
        elif a0 < a1 and b0 < b1:
            old_start, old_end = old_offsets[a0], old_offsets[a1 - 1] + len(old_paragraphs[a1 - 1])
            new_start, new_end = new_offsets[b0], new_offsets[b1 - 1] + len(new_paragraphs[b1 - 1])
            runs += _word_runs(old[old_start:old_end], new[new_start:new_end], old_start, new_start)
    return Alignment(old, new, runs)


def place(
    alignment: Alignment, *, start: int, end: int, exact: str, prefix: str = "", suffix: str = ""
) -> Placement:
    """Where the highlight ``[start, end)`` of the old text goes in the new one."""
    new = alignment.new
    if alignment.old[start:end] != exact:
        # The stored offsets no longer match their quote: trust the quote.
        found = alignment.old.find(exact)
        if found == -1:
            return _moved(alignment, exact, prefix, suffix)
        start, end = found, found + len(exact)
    kept, new_start, new_end = alignment.kept(start, end)
    if kept == len(exact) and new[new_start:new_end] == exact:
        return Placement(EXACT, new_start, new_end)
    if kept and kept >= MIN_KEPT_SHARE * len(exact):
        new_start, new_end = whole_words(new, new_start, new_end)
        if new_end - new_start <= 3 * len(exact) and (
            fuzz.ratio(exact, new[new_start:new_end]) >= 100 * MIN_SIMILARITY
        ):
            return Placement(FUZZY, new_start, new_end)
    return _moved(alignment, exact, prefix, suffix)


def _moved(alignment: Alignment, exact: str, prefix: str, suffix: str) -> Placement:
    """A long quote found verbatim in inserted text with its context: a moved passage."""
    new = alignment.new
    if len(exact) < MIN_MOVED_LENGTH:
        return Placement(ORPHANED)
    best, best_score = None, 0.0
    position = new.find(exact)
    while position != -1:
        end = position + len(exact)
        if alignment.is_inserted(position, end):
            before = new[max(0, position - CONTEXT) : position]
            after = new[end : end + CONTEXT]
            score = (_similarity(prefix, before) + _similarity(suffix, after)) / 2
            if score > best_score:
                best, best_score = position, score
        position = new.find(exact, position + 1)
    if best is None or best_score < MIN_MOVED_CONTEXT:
        return Placement(ORPHANED)
    return Placement(FUZZY, best, best + len(exact))


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return fuzz.ratio(a, b) / 100


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words, without whitespace at either end."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _paragraphs(text: str) -> tuple[list[str], list[int]]:
    paragraphs = text.split(PARAGRAPH_SEPARATOR)
    offsets, position = [], 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph) + len(PARAGRAPH_SEPARATOR)
    return paragraphs, offsets


def _word_runs(old: str, new: str, old_base: int, new_base: int) -> list[tuple[int, int, int]]:
    """The kept runs between two changed stretches of text, by words, in absolute offsets."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    old_at, new_at = _starts(old_tokens), _starts(new_tokens)
    if len(old_tokens) * len(new_tokens) <= MAX_LCS_CELLS:
        opcodes = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end)
                   for op in Indel.opcodes(old_tokens, new_tokens)]  # fmt: skip
    else:
        matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens)
        opcodes = matcher.get_opcodes()
    runs = []
    for tag, a0, a1, b0, b1 in opcodes:
        if tag != "equal":
            continue
        words = sum(1 for token in old_tokens[a0:a1] if _WORD.match(token))
        whole = a0 == 0 and b0 == 0 or a1 == len(old_tokens) and b1 == len(new_tokens)
        if words < MIN_KEPT_WORDS and not (whole and words):
            continue
        length = old_at[a1] - old_at[a0]
        runs.append((old_base + old_at[a0], new_base + new_at[b0], length))
    return runs


def _starts(tokens: list[str]) -> list[int]:
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token)
    starts.append(position)
    return starts


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Two short texts' differences, word by word: ``("equal" | "delete" | "insert", text)``
    pieces that spell ``old`` (equal and delete) and ``new`` (equal and insert)."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    pieces: list[tuple[str, str]] = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(("equal", "".join(old_tokens[a0:a1])))
            continue
        if a0 < a1:
            pieces.append(("delete", "".join(old_tokens[a0:a1])))
        if b0 < b1:
            pieces.append(("insert", "".join(new_tokens[b0:b1])))
    return pieces


def nearest(alignment: Alignment, start: int, end: int) -> tuple[int, int]:
    """Where old ``[start, end)`` would be in the new text, kept or not: at least one
    character, for an orphan that needs a place to be listed at."""
    index = bisect.bisect_right(alignment._old_starts, start) - 1
    if index < 0:
        new_start = 0
    else:
        old_start, new_start_of_run, length = alignment.runs[index]
        new_start = new_start_of_run + min(start - old_start, length)
    new_start = min(new_start, max(len(alignment.new) - 1, 0))
    return new_start, min(max(new_start + (end - start), new_start + 1), len(alignment.new))
