"""Line-end hyphens: a compound keeps its hyphen, a word split by wrapping loses it."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from wordfreq import zipf_frequency

from .text import words

_HEAD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_TAIL = re.compile(r"[^\W\d_]+")
_LAST_WORD = re.compile(r"(?<![\w-])[^\W\d_]+$")
# Only the end of the text before a line break can hold the split word's head; looking
# at no more keeps joining a paragraph of many lines linear.
_HEAD_WINDOW = 64
# A word of English this common (Zipf scale: 3 is once per million words) is a word.
_KNOWN_ZIPF = 2.5


# Characters a whitespace-separated token may carry around its word ("(word),").
_EDGES = ".,;:!?()[]{}\"“”‘’'«»-—–*_/0123456789"


class Vocabulary:
    """The words a document uses whole, on one line, in lower case (``text.words``), and
    how often.

    Gathered when first asked (a text with no line-end hyphen never asks), from the
    text's whitespace-separated tokens, counted: a word never spans whitespace, so the
    words of each distinct token are the words of the text, and most tokens are a plain
    word.
    """

    def __init__(self, lines: Iterable[str]):
        self._lines: list[str] | None = list(lines)
        self._counts: Counter[str] = Counter()

    def __contains__(self, word: str) -> bool:
        return self.count(word) > 0

    def count(self, word: str) -> int:
        """How many times the document uses ``word`` (any case)."""
        if self._lines is not None:
            self._gather()
        return self._counts[word.lower()]

    def _gather(self) -> None:
        tokens: Counter[str] = Counter()
        for line in self._lines or ():
            tokens.update(line.split())
        self._lines = None
        found = self._counts
        for token, times in tokens.items():
            token = token.strip(_EDGES)
            if token.isascii() and token.isalpha():
                found[token.lower()] += times
            elif token:
                for word in words(token.lower()):
                    found[word] += times


@functools.lru_cache(maxsize=65536)
def _english_prefers_joined(joined: str, hyphenated: str) -> bool:
    """wordfreq knows the joined word, and better than the hyphenated form."""
    frequency = zipf_frequency(joined, "en")
    return frequency >= _KNOWN_ZIPF and frequency > zipf_frequency(hyphenated, "en")


def hyphen_goes(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """Should the hyphen ending ``left`` go when ``right`` follows on the next line?

    The document decides first: a hyphenated form it uses elsewhere stays, a joined
    word it uses elsewhere is joined. Else a word-frequency list decides; a compound
    nobody writes as one word ("well-known", "state-capitalist") keeps its hyphen.
    """
    window = left[-_HEAD_WINDOW:]
    if window.endswith("-"):
        # The head holds no whitespace: search only after the last (the search tries
        # every start in what it is given, each up to the end).
        window = window.rsplit(None, 1)[-1]
    head_match = _HEAD.search(window)
    tail_match = _TAIL.match(right)
    if not head_match or not tail_match:
        return False
    head, tail = head_match.group(1), tail_match.group(0)
    hyphenated = f"{head}-{tail}"
    if hyphenated in vocabulary:
        return False
    joined = (head + tail).lower()
    if joined in vocabulary:
        return True
    return _english_prefers_joined(joined, hyphenated.lower())


def lost_hyphen(left: str, right: str, vocabulary: Vocabulary) -> bool:
    """Was ``left`` cut from ``right`` at a hyphen the extractor dropped (pdftotext drops a
    page's last hyphen: 'a di' / 'rect parody')? Only if one of the two pieces is no word
    (neither the document nor wordfreq knows it) and the joined word is one."""
    head_match = _LAST_WORD.search(left[-_HEAD_WINDOW:])
    tail_match = _TAIL.match(right)
    if not head_match or not tail_match or not right[:1].islower():
        return False
    head, tail = head_match.group(0), tail_match.group(0)
    if _is_word(head, vocabulary) and _is_word(tail, vocabulary):
        return False  # 'some' / 'thing': two words, whatever they make together
    joined = (head + tail).lower()
    return joined in vocabulary or zipf_frequency(joined, "en") >= _KNOWN_ZIPF


def _is_word(piece: str, vocabulary: Vocabulary) -> bool:
    # Once in the document is the piece itself, at the break.
    return vocabulary.count(piece) >= 2 or zipf_frequency(piece.lower(), "en") >= _KNOWN_ZIPF


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Join ``left`` (ending in a hyphen) and ``right`` across a line break."""
    if hyphen_goes(left, right, vocabulary):
        return left[:-1] + right
    return left + right
