"""The shapes of lines that every dialect looks for: divisions, headings, list items."""

from __future__ import annotations

import re

from ..text import ends_sentence

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|[ivxlc]+|\\d{1,2}"
)
_DIVISION_WORDS = ("part", "chapter", "book", "letter", "lecture", "section")
DIVISION = re.compile(
    rf"({'|'.join(_DIVISION_WORDS)})\s+({_NUMBER_WORDS})\b[.:]?\s*(.*)", re.IGNORECASE
)
# The letters a DIVISION line can open with: a cheap test before the pattern.
DIVISION_OPENINGS = frozenset(w[0] for w in _DIVISION_WORDS) | frozenset(
    w[0].upper() for w in _DIVISION_WORDS
)
FRONT_MATTER = re.compile(
    r"(preface|foreword|introduction|prologue|acknowledge?ments|contents|"
    r"epilogue|afterword|conclusions?)\b(:.*)?",
    re.IGNORECASE,
)
BULLET = re.compile(r"[*•·▪‣◦●–-]\s+(?=\S)")
BULLET_OPENINGS = frozenset("*•·▪‣◦●–-")
NUMBERED_ITEM = re.compile(r"\(?\d{1,2}\)\s+\S|[a-z]\)\s+\S")
NUMBERED_HEADING = re.compile(r"\d{1,2}\.\s+\S")

MAX_HEADING = 80
ENDS_OPEN = re.compile(r"\b(and|or|the|of|a|an|to|in|on|for|with|by|as|at|from)$", re.IGNORECASE)
_BROKEN_OFF = re.compile(r"[—–-][”’\"']?$")


def is_short_title(text: str, max_length: int = MAX_HEADING) -> bool:
    if len(text) > max_length or len(text) < 2:
        return False
    unquoted = text.rstrip("”’\"'") or text
    if (
        unquoted[-1] in ".,;:!"
        or text.endswith((",)", ",]"))
        or ends_sentence(text)
        and not text.endswith("?")
    ):
        return False
    # A line ending in 'and', 'the', 'of'… carries on into the next: no title.
    if ENDS_OPEN.search(text):
        return False
    # Speech broken off ("“I don’t know a single—”") is dialogue, never a title.
    if _BROKEN_OFF.search(text):
        return False
    return len(text.split()) <= 16
