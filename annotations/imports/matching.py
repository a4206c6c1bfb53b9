"""Finding an imported quote in a document's current text. Pure, no Django.

Three tries, each only when the one before found nothing:

1. **exact**: the quote verbatim, where its position says or nearest to it, its context
   breaking ties (``anchoring.anchor``, as the JSON-LD import does).
2. **typographic**: the quote and the text both folded (curly quotes, dashes, ligatures,
   whitespace, case): the quote as another reader's app printed it. Placed fuzzy: the
   characters differ, so its author looks.
3. **approximate**: a few words changed. The passages sharing most of the quote's rarer
   words are candidates; rapidfuzz aligns the quote in each (as the revisions matcher
   does), and the best, widened to whole words, is placed fuzzy if it reads like the
   quote.

Anything else is not found.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from annotations import anchoring
from annotations.alignment import EXACT, FUZZY, whole_words

# What other apps print differently from the text: folded before comparing.
_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u2026": "...",
    "\u00ad": "",  # a soft hyphen
}
_WORD = re.compile(r"\w+")
# Approximate matching: only quotes this long, words this long vote, a word found more
# often than this says nothing about where a quote is, and these many candidates.
MIN_APPROXIMATE_LENGTH = 16
MIN_VOTING_WORD = 4
MAX_WORD_OCCURRENCES = 500
CANDIDATES = 4
# How alike the quote and the passage must be (rapidfuzz, 0..100): aligned, and whole.
MIN_ALIGNMENT = 85
MIN_SIMILARITY = 80


@dataclass(frozen=True)
class Match:
    anchor: str  # EXACT or FUZZY
    start: int
    end: int


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for comparison, and for each of its characters the offset in
    ``text`` it came from. Runs of whitespace become one space."""
    folded: list[str] = []
    origins: list[int] = []
    in_space = False
    for offset, character in enumerate(text):
        if character.isspace():
            if not in_space:
                folded.append(" ")
                origins.append(offset)
            in_space = True
            continue
        in_space = False
        replaced = _FOLD.get(character)
        if replaced is None:
            if character.isascii():
                replaced = character.lower()
            else:
                # NFKC spells out ligatures (ﬁ -> fi) and compatibility forms.
                replaced = unicodedata.normalize("NFKC", character).casefold()
        for piece in replaced:
            folded.append(piece)
            origins.append(offset)
    return "".join(folded), origins


class DocumentText:
    """One document's current text, folded and indexed by words the first time a quote
    is not found verbatim (most are)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded: tuple[str, list[int]] | None = None
        self._words: dict[str, list[int]] | None = None

    def find(
        self, quote: str, *, prefix: str = "", suffix: str = "", start: int | None = None
    ) -> Match | None:
        """Where ``quote`` is in the text, and how surely; None when it is not there."""
        quote = quote.strip()
        if not quote:
            return None
        found = anchoring.anchor(self.text, exact=quote, prefix=prefix, suffix=suffix, start=start)
        if found is not None:
            return Match(EXACT, *found)
        folded_quote = fold(quote)[0].strip()
        return self._typographic(folded_quote, prefix, suffix) or self._approximate(folded_quote)

    @property
    def folded(self) -> tuple[str, list[int]]:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    def _typographic(self, quote: str, prefix: str, suffix: str) -> Match | None:
        folded, _ = self.folded
        found = anchoring.anchor(
            folded, exact=quote, prefix=fold(prefix)[0], suffix=fold(suffix)[0]
        )
        return self._placed(*found) if found else None

    def _approximate(self, quote: str) -> Match | None:
        if len(quote) < MIN_APPROXIMATE_LENGTH:
            return None
        folded, _ = self.folded
        best: tuple[float, int, int] | None = None
        for low, high in self._candidates(quote):
            aligned = fuzz.partial_ratio_alignment(
                quote, folded[low:high], score_cutoff=MIN_ALIGNMENT
            )
            if aligned is not None and (best is None or aligned.score > best[0]):
                best = (aligned.score, low + aligned.dest_start, low + aligned.dest_end)
        if best is None:
            return None
        match = self._placed(best[1], best[2])
        if match is not None:
            match = self._with_edge_punctuation(match, quote)
        if match is None or fuzz.ratio(quote, fold(self.text[match.start : match.end])[0]) < (
            MIN_SIMILARITY
        ):
            return None
        return match

    def _with_edge_punctuation(self, match: Match, quote: str) -> Match:
        """The quote's closing stop (or opening quotation mark), which alignment may leave
        off, when the text has it there too."""
        start, end = match.start, match.end
        folded_at = fold(self.text[end : end + 1])[0]
        if end < len(self.text) and not quote[-1].isalnum() and folded_at == quote[-1]:
            end += 1
        folded_at = fold(self.text[start - 1 : start])[0] if start else ""
        if start and not quote[0].isalnum() and folded_at == quote[0]:
            start -= 1
        return Match(match.anchor, start, end)

    def _candidates(self, quote: str) -> list[tuple[int, int]]:
        """Stretches of the folded text that may hold the quote: each of the quote's rarer
        words votes for where the quote would start if that word were in place."""
        words = self._word_index()
        size = max(len(quote), 32)
        votes: Counter[int] = Counter()
        for word in _WORD.finditer(quote):
            places = words.get(word.group(), ())
            if len(word.group()) < MIN_VOTING_WORD or len(places) > MAX_WORD_OCCURRENCES:
                continue
            for place in places:
                votes[max(place - word.start(), 0) // size] += 1
        folded_length = len(self.folded[0])
        return [
            (max((bucket - 1) * size, 0), min((bucket + 2) * size + len(quote), folded_length))
            for bucket, _ in votes.most_common(CANDIDATES)
        ]

    def _word_index(self) -> dict[str, list[int]]:
        if self._words is None:
            index: dict[str, list[int]] = defaultdict(list)
            for word in _WORD.finditer(self.folded[0]):
                if len(word.group()) >= MIN_VOTING_WORD:
                    index[word.group()].append(word.start())
            self._words = dict(index)
        return self._words

    def _placed(self, start: int, end: int) -> Match | None:
        """A stretch of the folded text as a fuzzy match in the text, in whole words."""
        _, origins = self.folded
        if start >= end:
            return None
        start, end = whole_words(self.text, origins[start], origins[end - 1] + 1)
        return Match(FUZZY, start, end) if start < end else None
