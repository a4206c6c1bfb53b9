"""Lines a wrapped text sets apart between blank lines: what OCR leaves there (a speck
read as a letter, a page number misread out of its sequence) and titles in capitals,
which may run over two or three such lines ('OF THE' / 'VENEREAL DISEASE.')."""

from __future__ import annotations

import re
import statistics

from ..text import ends_sentence, in_capitals, starts_lowercase
from .base import Chunk
from .patterns import BULLET, DIVISION, ENDS_OPEN, MAX_HEADING

# OCR marks a line of its own: no two letters in a row, no digit ("c", "/", "f. • ' I J").
_LETTER_RUN = re.compile(r"[^\W\d_]{2}")
# An ornament or a section break is kept: a line of these alone is no stray.
_ORNAMENT = frozenset("*•·.-—–~_=#+ ")
_PLAIN = frozenset(" .,;:!?'’\"”“")
# A page number misread by OCR: a digit or two with a stray mark ("13", "1 G", "7 !", "$2").
_MISREAD_NUMBER = re.compile(r"\W?\d{1,3}\s?(\W|[A-Za-z])?")
# A heading in capitals may run over up to this many pieces, each set apart.
_MAX_CAPS_PIECES = 4
_BYLINE = re.compile(r"by\s+\w", re.IGNORECASE)

_SMALL_WORD = re.compile(r"[a-z]{4}")
_NUMERAL = re.compile(r"[IVXLCDM]+\.?")

# What closes a sentence: a line ending so after an open sentence is its end, no speck.
_CLOSING = ".!?\"'”’)"

STRAY_MARK = "stray mark (OCR)"
MISREAD_PAGE_NUMBER = "page number (misread)"


def stray_reason(
    previous: Chunk | None, chunk: Chunk, following: Chunk | None, *, numbered_pages: bool
) -> str | None:
    """Why ``chunk`` is no text, or None: a mark alone between blank lines, or (in a text
    whose pages are numbered) a number set off like a page number."""
    text = chunk.first.text
    set_apart = (previous is None or chunk.blank_before >= 1) and (
        following is None or following.blank_before >= 1
    )
    if len(chunk.lines) != 1 or not set_apart or len(text) > 12:
        return None
    if numbered_pages and _MISREAD_NUMBER.fullmatch(text):
        # Set off like a page number (a blank run either side), yet out of sequence.
        wide = chunk.blank_before >= 2 and (following is None or following.blank_before >= 2)
        return MISREAD_PAGE_NUMBER if wide else None
    if any(ch.isdigit() for ch in text) or _LETTER_RUN.search(text):
        return None
    if all(ch in _ORNAMENT for ch in text):
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) > 2 and all(ch.isalpha() or ch in _PLAIN for ch in text):
        return None  # words of a letter each ('A a a.'): text, however short
    if (
        text.rstrip(_CLOSING) != text
        and previous is not None
        and not ends_sentence(previous.last.text)
    ):
        return None  # the end of a sentence the text before left open ('… of' / 'a.')
    if len(letters) == 1 and letters[0].isupper() and len(text.split()) == 1:
        # "I" or "A" may be a numeral or a word: a stray only at a page's edge or
        # inside a sentence.
        at_edge = chunk.first.page_start or bool(following and following.page_break_before)
        in_sentence = (
            previous is not None
            and following is not None
            and not ends_sentence(previous.last.text)
            and starts_lowercase(following.first.text)
        )
        if not (at_edge or in_sentence):
            return None
    return STRAY_MARK


def line_width(chunks: list[Chunk]) -> int:
    """The width of a full line: the median of lines that wrapped (each but a paragraph's
    last), or 0 if too few did. Unlike the measure (a high percentile) it holds where an
    extraction ran some lines together."""
    inner = [len(line.text) for chunk in chunks for line in chunk.lines[:-1]]
    return int(statistics.median(inner)) if len(inner) >= 20 else 0


def is_prose(chunk: Chunk | None, width: int) -> bool:
    """Running text, as follows a heading: a sentence or more, mostly in small letters
    (``width``: a full line's)."""
    if chunk is None or chunk.kind != "body" or chunk.part_of_heading:
        return False
    text = " ".join(line.text for line in chunk.lines[:3])
    letters = [ch for ch in text if ch.isalpha()]
    if sum(ch.islower() for ch in letters) < 0.6 * len(letters) or starts_lowercase(text):
        return False
    # Running text fills its first line, unless a sentence of some length ends there; a
    # signature's or an address's short lines are no text.
    if len(chunk.first.text) >= 0.6 * width and len(text.split()) >= 5:
        return len(chunk.lines) >= 2 or len(text) >= 0.8 * width or ends_sentence(text)
    return False


def caps_heading(chunks: list[Chunk], index: int, width: int, *, nested: bool = False) -> int:
    """How many chunks from ``index`` make one heading in capitals: up to three lines,
    each set apart, then running text, its byline at the top of the text, or a heading of
    its own after a wider gap; 0 if none. A title that a sentence runs into ('leads me to
    that of / STRICTURE.') must lead into text; one a colon introduces is no title."""
    if not is_caps_line(chunks[index]):
        return 0
    before = chunks[index - 1].last.text if index else ""
    if index and is_caps_line(chunks[index - 1]) and chunks[index].blank_before <= 2:
        return 0  # inside a run of capitals: a title page
    if index and continues_capitals(chunks[index - 1], chunks[index]):
        return 0  # the rest of a passage set in capitals (a form's fine print, quoted)
    if before.endswith(":"):
        return 0  # 'BOSTON :' / 'PUBLISHED BY …': what the line before introduces
    end = index + 1
    while (
        end < len(chunks)
        and chunks[end].blank_before <= 2
        and is_caps_line(chunks[end], continued=True)
        and not DIVISION.fullmatch(chunks[end].first.text)
    ):
        end += 1
    count = end - index
    if count > _MAX_CAPS_PIECES or end >= len(chunks):
        return 0
    if ENDS_OPEN.search(chunks[end - 1].last.text.rstrip(". ")):
        return 0  # 'OF THE' then text: a title cut off
    following = chunks[end]
    if following.blank_before < 1:
        return 0
    if is_prose(following, width):
        return count
    if index == 0 and _BYLINE.match(following.first.text):
        return count
    run_in = chunks[index].blank_before <= 2 and (before[-1:].isalpha() or before[-1:] in ",;—–-")
    if run_in or nested:
        return 0
    if DIVISION.fullmatch(following.first.text):
        return count  # 'ON NERVOUS DEBILITY.' then 'SECTION 1.': a part's title, then its first
    # A title over the heading that opens the text ('LECTURES ON SURGERY.' over
    # 'INTRODUCTORY LECTURE.'); an imprint with its year or street number is none.
    dated = any(ch.isdigit() for part in chunks[index:end] for ch in part.first.text)
    leads_heading = following.blank_before > 2 and not dated
    return count if leads_heading and caps_heading(chunks, end, width, nested=True) else 0


def continues_capitals(previous: Chunk, chunk: Chunk) -> bool:
    """Is ``chunk``, in capitals straight under text in capitals that is no title, the rest
    of that text ('…YOU MUST MEET WITH A REPRESENTATIVE.' / 'THEY WILL BE AVAILABLE…')?"""
    if chunk.blank_before or previous.kind == "heading" or previous.part_of_heading:
        return False
    return in_capitals(previous.last.text) and in_capitals(chunk.first.text)


def is_caps_line(chunk: Chunk, *, continued: bool = False) -> bool:
    """A line in capitals (or two, a title wrapped) that may be (part of) a title: no list
    item, no question, not cut off at a comma or a colon ('PARTICULARLY ITS CONSEQUENCES,',
    'LONDON:'). A title's later line may be a short word ('OF')."""
    if len(chunk.lines) > 2 or chunk.kind != "body" or chunk.part_of_heading:
        return False
    text = " ".join(line.text for line in chunk.lines)
    if _SMALL_WORD.search(text):
        return False  # a word in small letters: quick to see, and most lines have one
    if (
        len(text) > MAX_HEADING * len(chunk.lines)
        or text[-1] in ",:;?"
        or BULLET.match(text)
        or _BYLINE.match(text)
    ):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or not _LETTER_RUN.search(text):
        return False  # initials signing a letter ('J. B. J.') are no title
    if not continued and _NUMERAL.fullmatch(text):
        return False  # a numeral alone ('IV') may be a page's number
    return sum(ch.isupper() for ch in letters) >= 0.85 * len(letters)
