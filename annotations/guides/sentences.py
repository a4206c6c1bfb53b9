"""Where the sentences of a paragraph begin and end (pure: text in, offsets out).

A guide shows each passage inside its sentence(s). A sentence ends at ``.``, ``!``, ``?``
or an ellipsis, with any closing quotes or brackets after it, when white space and then
something other than a lower-case letter follow. A full stop after an abbreviation
(``Mr.``, ``e.g.``) or an initial or initialism (``E. H. Carr``, ``U.S.S.R.``) ends none.
"""

from __future__ import annotations

import re

# A run of sentence-ending marks, any closing quotes or brackets, then white space or the end.
_END = re.compile(r"(?:[.!?…]+)[\"'”’»)\]]*(?=\s|$)")
_OPENING = "\"'“‘«(["
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


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The start of the sentence holding ``start`` and the end of the one holding the last
    character before ``end``: the sentence(s) a passage ``[start, end)`` of ``text`` is in."""
    spans = sentence_spans(text) or [(0, len(text))]
    last = max(start, end - 1)
    first_start = next((s for s, e in spans if start < e), spans[-1][0])
    last_end = next((e for s, e in spans if last < e), spans[-1][1])
    return min(first_start, start), max(last_end, end)


def _ends_sentence(text: str, match: re.Match) -> bool:
    following = text[_skip_space(text, match.end()) :]
    if not following:
        return True
    if following.lstrip(_OPENING)[:1].islower():
        return False
    if match.group().rstrip("\"'”’»)]") != ".":
        return True  # "!", "?", an ellipsis: a sentence ends before a capital
    before = text[: match.start()]
    words = before.split()
    token = words[-1].lstrip(_OPENING) if words and not before[-1:].isspace() else ""
    if token.lower() in ABBREVIATIONS:
        return False
    # "I." is a sentence's end far more often than an initial.
    return token == "I" or not _INITIALS.fullmatch(token)


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index
