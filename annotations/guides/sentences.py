"""Where the sentences of a paragraph begin and end (pure: text in, offsets out).

A guide shows each passage inside its sentence(s). A sentence ends at ``.``, ``!``, ``?``
or an ellipsis, with any closing quotes or brackets after it, when white space and then
something other than a lower-case letter follow. A full stop after an abbreviation
(``Mr.``, ``e.g.``) or an initial or initialism (``E. H. Carr``, ``U.S.S.R.``) ends none.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# A run of sentence-ending marks, any closing quotes or brackets, then white space or the end.
_END = re.compile(r"(?:[.!?…]+)[\"'”’»)\]]*(?=\s|$)")
_OPENING = "\"'“‘«(["
# How far past a sentence's mark to look for the next word's first letter.
_LOOK = 16
# Lower-cased, without their full stop.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mme mlle dr prof rev hon st sr jr gen col capt lt sgt gov pres sen rep
    mt ft vs cf e.g i.e viz al approx ca c ch chap fig no nos vol vols pp p ed eds trans
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
# One letter, or letters each followed by a full stop: "E", "U.S.S.R", "e.g".
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Each sentence of ``text`` as ``(start, end)``, without the white space between."""
    spans: list[tuple[int, int]] = []
    start = _skip_space(text, 0)
    for match in _END.finditer(text):
        if match.end() <= start or not _ends_sentence(text, match):
            continue
        spans.append((start, match.end()))
        start = _skip_space(text, match.end())
    if start < len(text.rstrip()):
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_around(
    text: str, start: int, end: int, spans: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The start of the sentence holding ``start`` and the end of the one holding the last
    character before ``end``: the sentence(s) a passage ``[start, end)`` of ``text`` is in.
    ``spans``: ``sentence_spans(text)`` when the caller has it already. This reads the
    whole paragraph; a guide reads only near its passages (``sentence_start``,
    ``sentence_end``), which find what this finds."""
    spans = (spans if spans is not None else sentence_spans(text)) or [(0, len(text))]
    ends = [e for _, e in spans]
    last = max(start, end - 1)
    first = bisect_right(ends, start)
    final = bisect_right(ends, last)
    first_start = spans[first][0] if first < len(spans) else spans[-1][0]
    last_end = spans[final][1] if final < len(spans) else spans[-1][1]
    return min(first_start, start), max(last_end, end)


# What a sentence's end is made of: its marks and any closing quotes or brackets.
_END_CHARACTERS = ".!?…\"'”’»)]"


def sentence_start(text: str, index: int, reach: int) -> int:
    """Where the sentence holding ``index`` starts, as ``sentence_around`` finds it, when
    that is within ``reach`` characters before ``index``; else some offset at least
    ``reach`` before it. Only those characters (and the sentence ends among them) are
    read, so it takes the same time in a paragraph of any length."""
    floor = max(0, index - reach)
    # Back to the start of a run of spaces or sentence-end characters: no sentence end
    # found from there on is cut short, or found where a whole reading finds none.
    while floor > 0 and (text[floor - 1].isspace() or text[floor - 1] in _END_CHARACTERS):
        floor -= 1
    start = _skip_space(text, 0) if floor == 0 else floor
    for match in _END.finditer(text, floor, index + _LOOK):
        if match.end() > index:
            break
        if _ends_sentence(text, match):
            start = _skip_space(text, match.end())
    return min(start, index)


def sentence_end(text: str, index: int, reach: int) -> int:
    """Where the sentence holding the character before ``index`` ends, as
    ``sentence_around`` finds it, when that is within ``reach`` characters after
    ``index``; else some offset at least ``reach`` after it. Reads only those."""
    last = max(0, index - 1)
    begin = last
    while begin > 0 and text[begin - 1] in _END_CHARACTERS:
        begin -= 1
    # A match that runs to ``stop`` may be cut short there: it is past ``reach`` anyway.
    stop = index + reach + _LOOK
    for match in _END.finditer(text, begin, stop):
        if match.end() <= last:
            continue
        if match.end() >= stop or match.start() > index + reach:
            return max(match.end(), index + reach)
        if _ends_sentence(text, match):
            return max(match.end(), index)
    return max(len(text.rstrip()), index) if stop >= len(text) else stop


def _ends_sentence(text: str, match: re.Match) -> bool:
    # Only the characters around the mark are read: a paragraph's sentences are found in
    # time linear in its length.
    after = _skip_space(text, match.end())
    if after >= len(text):
        return True
    if text[after : after + _LOOK].lstrip(_OPENING)[:1].islower():
        return False
    if match.group().rstrip("\"'”’»)]") != ".":
        return True  # "!", "?", an ellipsis: a sentence ends before a capital
    begin = match.start()
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    token = text[begin : match.start()].lstrip(_OPENING)
    if token.lower() in ABBREVIATIONS:
        return False
    # "I." is a sentence's end far more often than an initial.
    return token == "I" or not _INITIALS.fullmatch(token)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
