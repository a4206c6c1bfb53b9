"""Line-end hyphens: a compound keeps its hyphen, a word split by wrapping loses it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from .text import words

_HEAD = re.compile(r"([^\W\d_]+(?:-[^\W\d_]+)*)-$")
_TAIL = re.compile(r"[^\W\d_]+")


class Vocabulary:
    """The words a document uses whole, on one line, in lower case."""

    def __init__(self, lines: Iterable[str]):
        self.counts: Counter[str] = Counter(words("\n".join(lines).lower()))

    def __contains__(self, word: str) -> bool:
        return self.counts[word.lower()] > 0


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Join ``left`` (ending in a hyphen) and ``right`` across a line break.

    The hyphen goes only when the document shows the word was split: the
    joined word occurs elsewhere and the hyphenated form does not.
    """
    head_match = _HEAD.search(left)
    tail_match = _TAIL.match(right)
    head = head_match.group(1) if head_match else ""
    tail = tail_match.group(0) if tail_match else ""
    joined = head + tail
    if head and tail and joined in vocabulary and f"{head}-{tail}" not in vocabulary:
        return left[:-1] + right
    return left + right
