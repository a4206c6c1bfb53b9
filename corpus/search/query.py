"""The query parser: whatever a reader typed, as words, prefixes and phrases.

It never fails: operators and punctuation of any search syntax are dropped, so
nothing typed reaches a database's query language. Pure Python, no Django.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

MAX_QUERY_LENGTH = 500
MAX_TERMS = 20
MAX_PHRASE_WORDS = 20
MIN_PREFIX_LENGTH = 2

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'})

TermKind = Literal["word", "prefix", "phrase"]


@dataclass(frozen=True)
class Term:
    kind: TermKind
    words: tuple[str, ...]  # lowercased; one word unless a phrase


@dataclass(frozen=True)
class SearchQuery:
    terms: list[Term] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    def of_kind(self, *kinds: TermKind) -> list[Term]:
        return [term for term in self.terms if term.kind in kinds]


def _is_word_character(character: str) -> bool:
    # Letters, digits and combining marks, as the databases' tokenizers count them.
    return unicodedata.category(character)[0] in "LNM"


def _words_and_stars(text: str) -> Iterable[tuple[str, bool]]:
    """Each run of word characters in ``text``, and whether a ``*`` follows it."""
    start = None
    for index, character in enumerate(text + " "):
        if _is_word_character(character):
            if start is None:
                start = index
        elif start is not None:
            yield text[start:index], character == "*"
            start = None


def parse_query(q: str) -> SearchQuery:
    """Parse what a reader typed into at most MAX_TERMS terms; never raises.

    ``"…"`` (or curly quotes) is a phrase, an unbalanced quote is ignored, ``word*``
    is a prefix (at least MIN_PREFIX_LENGTH characters before the star); every other
    character that is not a letter or a digit separates words and means nothing else,
    so ``AND``, ``NEAR`` or ``-`` are plain words or nothing.
    """
    text = unicodedata.normalize("NFKC", q[:MAX_QUERY_LENGTH])[:MAX_QUERY_LENGTH]
    segments = text.translate(_QUOTES).split('"')
    # With an odd number of quotes the last one has no partner: what follows is not a phrase.
    balanced = len(segments) % 2 == 1
    terms: list[Term] = []
    for index, segment in enumerate(segments):
        in_phrase = index % 2 == 1 and (balanced or index < len(segments) - 1)
        if in_phrase:
            words = tuple(word.lower() for word, _ in _words_and_stars(segment))
            words = words[:MAX_PHRASE_WORDS]
            if len(words) > 1:
                terms.append(Term("phrase", words))
            elif words:
                terms.append(Term("word", words))
            continue
        for word, starred in _words_and_stars(segment):
            is_prefix = starred and len(word) >= MIN_PREFIX_LENGTH
            terms.append(Term("prefix" if is_prefix else "word", (word.lower(),)))
    unique = list(dict.fromkeys(terms))
    return SearchQuery(terms=unique[:MAX_TERMS])
