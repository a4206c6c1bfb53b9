"""How well highlights follow the seed article from its 2020 version to its 2021 one,
measured against a ground truth that does not use our diff. Pure, no database; shared
by tests/annotations/test_reanchor_quality.py and bench/bench_reanchor.py.

Ground truth: a word-level difflib alignment of the two whole texts (longest matching
blocks first: a different algorithm from our paragraphs-then-LCS diff), plus sentences
found verbatim, once, in text it left unmatched (moved ones). Each character of a
matched word maps through it; a highlight's *kept share* is the share of its characters
that map, and its *true passage* is where the kept ones went (stray matches far off
left out).

The highlights: sentences and clauses of the draft's body paragraphs, as readers make
them (annotations/demo), ~400 spread evenly, from a fixed seed.
"""

from __future__ import annotations

import bisect
import difflib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from annotations import alignment, anchoring
from annotations.demo.texts import clause_spans, sentence_spans
from corpus.ingest import read_any

_WORD = re.compile(r"\S+\s*")
SEEDS = Path(__file__).resolve().parent.parent / "corpus" / "seeds"
OLD_SEED = "socialism-and-the-soviet-union-2020.txt"
NEW_SEED = "socialism-and-the-soviet-union-2021.txt"
HIGHLIGHTS = 400
SEED = 13
# Kept share at or above which a highlight's words "survive"; below GONE they are gone.
SURVIVES = 0.6
GONE = 0.25
# A placement is on its true passage when they overlap by at least this much of their union.
ON_PASSAGE = 0.5


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass
class Figures:
    survive: int = 0  # highlights whose words survive (wholly or mostly)
    survive_placed_true: int = 0  # of those, placed (exact or fuzzy) on their true passage
    gone: int = 0  # highlights whose words are gone
    gone_orphaned: int = 0
    gone_exact: int = 0
    exact: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    exact_elsewhere: int = 0  # marked exact, not on their true passage
    fuzzy_missed: int = 0  # placed fuzzy, not on their true passage
    misplaced: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.exact + self.fuzzy + self.orphaned

    def lines(self) -> list[str]:
        return [
            f"{self.total} highlights: {self.exact} exact, {self.fuzzy} fuzzy, "
            f"{self.orphaned} orphaned",
            f"words survive: {self.survive}, on their true passage: {self.survive_placed_true}"
            f" ({percent(self.survive_placed_true, self.survive)})",
            f"exact elsewhere: {self.exact_elsewhere}; fuzzy off their passage: "
            f"{self.fuzzy_missed} ({percent(self.fuzzy_missed, self.fuzzy)} of fuzzy, "
            f"{percent(self.fuzzy_missed, self.total)} of all)",
            f"words gone: {self.gone}, orphaned: {self.gone_orphaned}, "
            f"placed exact: {self.gone_exact}",
        ]


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def seed_texts() -> tuple[str, str, list[tuple[int, int]]]:
    """The two versions' texts as ingest joins them, and the draft's body paragraphs."""
    texts, bodies = [], []
    for name in (OLD_SEED, NEW_SEED):
        parsed = read_any((SEEDS / name).read_bytes(), name)
        text = alignment.PARAGRAPH_SEPARATOR.join(block.text for block in parsed.blocks)
        texts.append(text)
        if not bodies:
            position = 0
            for block in parsed.blocks:
                if block.kind in ("body", "quote", "list_item"):
                    bodies.append((position, position + len(block.text)))
                position += len(block.text) + len(alignment.PARAGRAPH_SEPARATOR)
    return texts[0], texts[1], bodies


def make_highlights(text: str, paragraphs: list[tuple[int, int]], count: int) -> list[Highlight]:
    """Sentences and clauses of the paragraphs, ``count`` of them spread over the text."""
    spans = []
    for start, end in paragraphs:
        for sentence_start, sentence_end in sentence_spans(text[start:end]):
            sentence = (start + sentence_start, start + sentence_end)
            spans.append(sentence)
            spans += clause_spans(text, *sentence)
    spans = sorted(set(spans))
    chosen = random.Random(SEED).sample(spans, min(count, len(spans)))
    return [highlight_at(text, start, end) for start, end in sorted(chosen)]


def highlight_at(text: str, start: int, end: int) -> Highlight:
    prefix, suffix = anchoring.quote_context(text, start, end)
    return Highlight(start, end, text[start:end], prefix, suffix)


class GroundTruth:
    """Each old character mapped through a word-level difflib alignment of the two whole
    texts (longest matching blocks first, unlike our diff's paragraphs-then-LCS)."""

    def __init__(self, old: str, new: str):
        old_words = [(m.start(), m.group()) for m in _WORD.finditer(old)]
        new_words = [(m.start(), m.group()) for m in _WORD.finditer(new)]
        matcher = difflib.SequenceMatcher(
            None, [w for _, w in old_words], [w for _, w in new_words], autojunk=False
        )
        self.runs: list[tuple[int, int, int]] = []
        for a, b, size in matcher.get_matching_blocks():
            if size:
                last_start, last_word = old_words[a + size - 1]
                length = last_start + len(last_word.rstrip()) - old_words[a][0]
                self.runs.append((old_words[a][0], new_words[b][0], length))
        self.runs += self._moved_sentences(old, new)
        self.runs.sort()
        self._starts = [run[0] for run in self.runs]

    def _moved_sentences(self, old: str, new: str) -> list[tuple[int, int, int]]:
        """Sentences the alignment lost but the new text has verbatim, once, in text it
        did not match: moved across a kept passage, which no alignment follows."""
        kept_old = sorted((start, start + length) for start, _, length in self.runs)
        kept_new = sorted((start, start + length) for _, start, length in self.runs)
        moved = []
        for start, end in sentence_spans(old):
            sentence = old[start:end]
            found = new.find(sentence)
            if (
                len(sentence) >= 20
                and found != -1
                and new.count(sentence) == 1
                and not _touches(kept_old, start, end)
                and not _touches(kept_new, found, found + len(sentence))
            ):
                moved.append((start, found, len(sentence)))
        return moved

    def passage(self, start: int, end: int) -> tuple[float, int, int]:
        """The kept share of old ``[start, end)`` and its true passage in the new text: the
        kept characters that went near where most of them went (a stray common word
        matched far away does not stretch the passage)."""
        index = max(bisect.bisect_right(self._starts, start) - 1, 0)
        pieces = []
        for old_start, new_start, length in self.runs[index:]:
            if old_start >= end:
                break
            low, high = max(start, old_start), min(end, old_start + length)
            if low < high:
                pieces.append((new_start + low - old_start, new_start + high - old_start))
        if not pieces:
            return 0.0, 0, 0
        pieces.sort()
        biggest = max(range(len(pieces)), key=lambda i: pieces[i][1] - pieces[i][0])
        gap = (end - start) // 2
        first = last = biggest
        while first > 0 and pieces[first][0] - pieces[first - 1][1] <= gap:
            first -= 1
        while last + 1 < len(pieces) and pieces[last + 1][0] - pieces[last][1] <= gap:
            last += 1
        near = pieces[first : last + 1]
        kept = sum(high - low for low, high in near)
        return kept / (end - start), min(p[0] for p in near), max(p[1] for p in near)


def _touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, start)) - 1
    return any(low < end and start < high for low, high in spans[max(index, 0) : index + 3])


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inside = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(inside, 0) / union if union else 0.0


Placer = Callable[[Highlight], alignment.Placement]


def evaluate(truth: GroundTruth, highlights: list[Highlight], placer: Placer) -> Figures:
    figures = Figures()
    for highlight in highlights:
        placed = placer(highlight)
        share, true_start, true_end = truth.passage(highlight.start, highlight.end)
        on_true = (
            placed.anchor != alignment.ORPHANED
            and share > 0
            and overlap((placed.start, placed.end), (true_start, true_end)) >= ON_PASSAGE
        )
        setattr(figures, placed.anchor, getattr(figures, placed.anchor) + 1)
        if share >= SURVIVES:
            figures.survive += 1
            figures.survive_placed_true += on_true
        elif share < GONE:
            figures.gone += 1
            figures.gone_orphaned += placed.anchor == alignment.ORPHANED
            figures.gone_exact += placed.anchor == alignment.EXACT
        if placed.anchor != alignment.ORPHANED and not on_true:
            if placed.anchor == alignment.EXACT:
                figures.exact_elsewhere += 1
            else:
                figures.fuzzy_missed += 1
            figures.misplaced.append(f"{placed.anchor} {share:.2f} {highlight.exact[:60]!r}")
    return figures


def ours(old: str, new: str) -> Placer:
    diff = alignment.align(old, new)

    def placer(highlight: Highlight) -> alignment.Placement:
        return alignment.place(
            diff,
            start=highlight.start,
            end=highlight.end,
            exact=highlight.exact,
            prefix=highlight.prefix,
            suffix=highlight.suffix,
        )

    return placer


def hypothesis_style(old: str, new: str) -> Placer:
    """Hypothesis's client-side re-anchoring, without a diff: the best approximate match
    of the quote anywhere (at most len/2 errors), scored 50 × quote + 20 × prefix + 20 ×
    suffix + 2 × position, as its match-quote does; exact when the words are identical."""
    paragraphs, offsets = alignment._paragraphs(new)
    # Windows of two paragraphs, so a quote across a paragraph break can be found.
    windows = []
    for index, (paragraph, offset) in enumerate(zip(paragraphs, offsets, strict=True)):
        end = offset + len(paragraph)
        if index + 1 < len(paragraphs):
            end = offsets[index + 1] + len(paragraphs[index + 1])
        windows.append((offset, new[offset:end]))

    def placer(highlight: Highlight) -> alignment.Placement:
        quote = highlight.exact
        candidates = set()
        position = new.find(quote)
        while position != -1:
            candidates.add((position, position + len(quote), 1.0))
            position = new.find(quote, position + 1)
        if not candidates:
            for offset, window in windows:
                found = fuzz.partial_ratio_alignment(quote, window)
                similarity = found.score / 100
                if similarity >= 0.5:
                    start, end = offset + found.dest_start, offset + found.dest_end
                    candidates.add((start, end, similarity))
        best, best_score = None, -1.0
        for start, end, similarity in candidates:
            before = new[max(0, start - len(highlight.prefix)) : start]
            after = new[end : end + len(highlight.suffix)]
            score = (
                50 * similarity
                + 20 * _similarity(highlight.prefix, before)
                + 20 * _similarity(highlight.suffix, after)
                + 2 * (1 - abs(start - highlight.start) / max(len(new), 1))
            )
            if score > best_score:
                best, best_score = (start, end), score
        if best is None:
            return alignment.Placement(alignment.ORPHANED)
        kind = alignment.EXACT if new[best[0] : best[1]] == quote else alignment.FUZZY
        return alignment.Placement(kind, *best)

    return placer


def _similarity(a: str, b: str) -> float:
    return 1.0 if not a and not b else fuzz.ratio(a, b) / 100


def measure() -> tuple[Figures, Figures]:
    """Ours and the Hypothesis-style matcher's figures on the seed pair."""
    old, new, paragraphs = seed_texts()
    truth = GroundTruth(old, new)
    highlights = make_highlights(old, paragraphs, HIGHLIGHTS)
    return (
        evaluate(truth, highlights, ours(old, new)),
        evaluate(truth, highlights, hypothesis_style(old, new)),
    )
