"""Character-level clean-up and the small text tests the parser is built from."""

from __future__ import annotations

import re
import unicodedata

# Form feeds stay: they part a PDF extraction's pages (``pages.py``).
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
# "1917– 91": a range broken at its dash by the PDF extractor.
_BROKEN_RANGE = re.compile(r"(?<=\d)([–—]) (?=\d)")

OPENING_QUOTES = "\"“‘'«"
CLOSING = "\"”’'»)]"
# A sentence ends with . ! ? or …, maybe inside closing quotes or brackets,
# maybe followed by a footnote number ("interests.12", "ideas”.4").
_TERMINAL_LAST = frozenset(".!?…\"”’')]")
_TERMINAL = re.compile(r"[.!?…][\"”’')\]]*\d{0,3}$|[\"”’')\]][.!?…]\d{0,3}$")
# Latin letters, with accents (the corpus's transliterations); a little faster than \w.
_WORD = re.compile(r"[a-zA-Z\u00c0-\u024f]+(?:[-'’][a-zA-Z\u00c0-\u024f]+)*")


def normalise_source(text: str) -> str:
    """NFC, Unix newlines, no invisible or control characters."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    text = " ".join(text.split())
    return _BROKEN_RANGE.sub(r"\1", text) if "– " in text or "— " in text else text


def in_capitals(text: str, *, min_letters: int = 4) -> bool:
    """Set in capitals: ``min_letters`` letters or more, nearly all upper case (an OCR text
    misreads one or two: 'IMPCJtTANOE')."""
    letters = sum(ch.isalpha() for ch in text)
    return letters >= min_letters and sum(ch.isupper() for ch in text) >= 0.85 * letters


def ends_sentence(text: str) -> bool:
    # Only the last few characters matter; searching a whole paragraph for "$" is slow.
    end = text.rstrip()[-12:]
    # A sentence's end closes with a mark, a quote or bracket, or a note's number.
    last = end[-1:]
    if last not in _TERMINAL_LAST and not last.isdecimal():
        return False
    return bool(_TERMINAL.search(end))


def first_letter(text: str) -> str:
    """The first letter or digit of ``text``, skipping quotes, brackets and dashes."""
    for ch in text:
        if ch.isalnum():
            return ch
        if ch not in OPENING_QUOTES + "([–—-…. ":
            return ""
    return ""


def starts_lowercase(text: str) -> bool:
    return first_letter(text).islower()


def starts_uppercase(text: str) -> bool:
    ch = first_letter(text)
    return ch.isupper() or ch.isdigit()


def first_word(text: str) -> str:
    return text.split(" ", 1)[0] if text else ""


def words(text: str) -> list[str]:
    return _WORD.findall(text)
