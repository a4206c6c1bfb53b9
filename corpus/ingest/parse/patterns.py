"""The shapes of lines that every dialect looks for: divisions, headings, list items."""

from __future__ import annotations

import re

from ..text import ends_sentence

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|[ivxlc]+|\\d{1,2}"
)
DIVISION = re.compile(
    rf"(part|chapter|book|letter)\s+({_NUMBER_WORDS})\b[.:]?\s*(.*)", re.IGNORECASE
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
    if unquoted[-1] in ".,;:!" or ends_sentence(text) and not text.endswith("?"):
        return False
    # A line ending in 'and', 'the', 'of'… carries on into the next: no title.
    if ENDS_OPEN.search(text):
        return False
    # Speech broken off ("“I don’t know a single—”") is dialogue, never a title.
    if _BROKEN_OFF.search(text):
        return False
    return len(text.split()) <= 16
