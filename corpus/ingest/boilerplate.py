"""Lines around and inside a book that are not its text: Project Gutenberg's header and
licence, a table of contents, figure markers. Each found line is reported with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .pages import SourceLine, bare_number, roman_value
from .parse.patterns import DIVISION, DIVISION_OPENINGS, FRONT_MATTER
from .text import collapse

GUTENBERG_HEADER = "Project Gutenberg header"
GUTENBERG_LICENCE = "Project Gutenberg licence"
CONTENTS = "table of contents"
FIGURE = "figure marker"

_PG_START = re.compile(r"\*{3}\s*start of (the|this) project gutenberg", re.IGNORECASE)
_PG_END = re.compile(
    r"(\*{3}\s*end of (the|this) project gutenberg|end of (the )?project gutenberg'?s?\b)",
    re.IGNORECASE,
)
_PG_FIELD = re.compile(r"(title|author|original publication|release date):\s*(.+)", re.IGNORECASE)
_PG_CREDIT = re.compile(
    r"(produced by|e-?text (prepared|produced) by|transcribed (from .* )?by)\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_FIGURE = re.compile(r"\[(illustration|graphic|figure|image|fig\.|plate|picture)\b", re.IGNORECASE)
_CONTENTS_TITLE = re.compile(r"(table of )?contents\.?", re.IGNORECASE)
_ROMAN_TITLE = re.compile(r"[IVXLC]{1,7}\.?\s+\S.*")
_LEADER = re.compile(r"(\s*\.){2,}\s*\d{1,4}$|\s+\d{1,4}$")
_NUMBERING = re.compile(r"^((part|chapter|book|section)\s+)?([ivxlcdm]{1,7}|\d{1,3})\b[.:)]?\s*")
_TRAILING_PAGE = re.compile(r".*\S\s*(\.\s*){2,}\s*\d{1,4}|.*[^\d\s]\s+\d{1,4}")


@dataclass
class Boilerplate:
    dropped: dict[int, str] = field(default_factory=dict)  # line -> reason
    title: str | None = None
    author: str | None = None
    published: str | None = None


def find_boilerplate(lines: list[SourceLine], texts: list[str] | None = None) -> Boilerplate:
    """``texts``: the lines collapsed, if the caller has them."""
    if texts is None:
        texts = [collapse(raw) for _, raw in lines]
    found = Boilerplate()
    _gutenberg(lines, texts, found)
    _figures(lines, texts, found)
    _contents(lines, texts, found)
    return found


def _gutenberg(lines: list[SourceLine], texts: list[str], found: Boilerplate) -> None:
    # The start line opens with "***", the end line with it or "end" (in any case).
    start = next(
        (i for i, text in enumerate(texts) if text[:1] == "*" and _PG_START.match(text)), None
    )
    end = next(
        (
            i
            for i, text in enumerate(texts)
            if text[:1] in ("*", "e", "E") and i > (start or 0) and _PG_END.match(text)
        ),
        None,
    )
    if start is None and end is None:
        return
    if start is not None:
        for index in range(start + 1):
            _header_field(texts[index], found)
            if texts[index]:
                found.dropped[lines[index][0]] = GUTENBERG_HEADER
        # A credit for who made the e-text opens the book ("Produced by ...").
        following = [i for i in range(start + 1, min(len(texts), start + 12)) if texts[i]]
        for index in following[:3]:
            if _PG_CREDIT.match(texts[index]):
                credit_end = index
                while credit_end < len(texts) and texts[credit_end]:
                    found.dropped[lines[credit_end][0]] = GUTENBERG_HEADER
                    credit_end += 1
                break
    if end is not None:
        for index in range(end, len(lines)):
            if texts[index]:
                found.dropped[lines[index][0]] = GUTENBERG_LICENCE


def _header_field(text: str, found: Boilerplate) -> None:
    match = _PG_FIELD.match(text)
    if not match:
        return
    name, value = match.group(1).lower(), match.group(2).strip()
    if name == "title" and found.title is None:
        found.title = value
    elif name == "author" and found.author is None:
        found.author = value
    elif name == "original publication" and found.published is None:
        year = _YEAR.search(value)
        found.published = year.group(1) if year else None


def _figures(lines: list[SourceLine], texts: list[str], found: Boilerplate) -> None:
    """'[Illustration: ...]', '[Graphic, page 46: ...]', which may run over several lines."""
    index = 0
    while index < len(lines):
        text = texts[index]
        if not text.startswith("[") or not _FIGURE.match(text):
            index += 1
            continue
        depth = 0
        for step in range(index, min(len(lines), index + 12)):
            part = texts[step]
            if not part and step > index:
                break
            found.dropped[lines[step][0]] = FIGURE
            depth += part.count("[") - part.count("]")
            if depth <= 0:
                break
        index = step + 1


def _is_entry(text: str) -> bool:
    """A contents line: 'Chapter IV. The Market', 'IV. The Market', 'The Market .... 45'."""
    first = text[:1]
    other = not first.isascii()  # any other first character is left to the patterns
    if (other or first in DIVISION_OPENINGS) and DIVISION.fullmatch(text):
        # "Chapter VI. The Reverend Arthur Beebe, …": a chapter's title may be long.
        return len(text) <= 300
    return (
        len(text) <= 100
        and bool(
            ((other or first in "IVXLC") and _ROMAN_TITLE.fullmatch(text))
            or ((other or first in "pPfFiIaAcCeE") and FRONT_MATTER.fullmatch(text))
            # Both of its shapes end in a page number: look at the end first.
            or (text[-1:].isdecimal() and _TRAILING_PAGE.fullmatch(text))
            or bare_number(text) is not None
        )
    )


def _contents(lines: list[SourceLine], texts: list[str], found: Boilerplate) -> None:
    """A contents list: its title and the entries after it, or a run of chapter lines."""
    content = [
        (no, text)
        for (no, _), text in zip(lines, texts, strict=True)
        if text and no not in found.dropped
    ]
    # Each line is asked once, however many runs start before it.
    entry = [_is_entry(text) for _, text in content] + [False]
    index = 0
    while index < len(content):
        no, text = content[index]
        # "Table of contents." is the longest the title can be, a character a letter.
        titled = len(text) <= 18 and bool(_CONTENTS_TITLE.fullmatch(text))
        start = index + 1 if titled else index
        end = start
        previous: dict[str, int] = {}
        listed: set[str] = set()  # an entry seen again is the text's own heading
        while entry[end]:
            # The list ends where the text begins: its numbering starts again. Parts and
            # chapters are numbered each on their own ("Part Two" after "Chapter VII").
            number = _entry_number(content[end][1])
            series = _entry_series(content[end][1])
            key = content[end][1].casefold().rstrip(".:")
            if number is not None and number <= previous.get(series, 0) or key in listed:
                break
            listed.add(key)
            if number is not None:
                previous[series] = number
            end += 1
        # An entry that wraps ("Chapter IV. The Market and / its Critics") is still a run.
        # Untitled, a run of chapter lines is a contents list only if its chapters come
        # after it: the same lines at the end of a book (notes by chapter) are text.
        run = content[start:end]
        if (
            titled
            and end - start >= 2
            or (end - start >= 4 and _divisions(run) >= 3 and _announces(run, content[end:]))
        ):
            for entry_no, _ in content[index:end]:
                found.dropped[entry_no] = CONTENTS
            index = end
            continue
        index += 1


def _announces(run: list[tuple[int, str]], after: list[tuple[int, str]]) -> bool:
    """Whether most of the run's entries stand again later, as the chapters they list."""
    later = set().union(*(_entry_keys(text) for _, text in after))
    found = sum(bool(_entry_keys(text) & later) for _, text in run)
    return found * 2 >= len(run)


def _entry_keys(text: str) -> set[str]:
    """A contents line as its chapter heading may read: whole, or its title alone, without
    leader dots and page number ("Chapter IV. The Market .... 45" -> "the market")."""
    whole = " ".join(_LEADER.sub("", text).split()).casefold().rstrip(".:")
    title = _NUMBERING.sub("", whole, count=1).rstrip(".:")
    return {key for key in (whole, title) if len(key) > 2}


def _divisions(run: list[tuple[int, str]]) -> int:
    return sum(1 for _, text in run if DIVISION.fullmatch(text) or _ROMAN_TITLE.fullmatch(text))


def _entry_series(text: str) -> str:
    division = DIVISION.fullmatch(text)
    return division.group(1).lower() if division else ""


def _entry_number(text: str) -> int | None:
    division = DIVISION.fullmatch(text)
    token = division.group(2) if division else text.split(" ", 1)[0].rstrip(".")
    if token.isdigit():
        return int(token)
    return roman_value(token) if token.isupper() or division else None
