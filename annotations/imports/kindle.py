"""Kindle's ``My Clippings.txt``: one entry per highlight, note or bookmark, each ended
by a line of ``==========``::

    Title (Author)
    - Your Highlight on page 12 | Location 170-172 | Added on Monday, 3 March 2025 14:02:11

    The highlighted text
    ==========

The metadata line is in the Kindle's language. A note is typed at a location; the
highlight whose locations hold it (the one ending there first) takes it as its comment.
Bookmarks have no text: skipped and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.imports.entries import (
    NOT_IMPORTED,
    SKIPPED,
    Entry,
    Highlight,
    PassedOver,
    check_count,
    decoded,
)
from annotations.imports.report import ImportFileError

SEPARATOR = re.compile(r"^={10}\s*$", re.MULTILINE)
# "Your Highlight", "Votre surlignement", "Ihre Markierung", "Tu subrayado"…, by kind.
_KINDS = {
    "highlight": r"highlight|surlignement|markierung|subrayado|evidenziazione|destaque|"
    r"markering|ハイライト|标注",
    "note": r"note|notiz|nota|notitie|メモ|笔记",
    "bookmark": r"bookmark|signet|lesezeichen|marcador|segnalibro|bladwijzer|ブックマーク|书签",
}
_KIND = {kind: re.compile(rf"(?:{words})", re.IGNORECASE) for kind, words in _KINDS.items()}
_LOCATION = re.compile(
    r"(?:location|loc\.|emplacement|position|posici[oó]n|posizione|posi[cç][aã]o|locatie|"
    r"位置|Nº)\s*(\d+)(?:\s*-\s*(\d+))?",
    re.IGNORECASE,
)
# A PDF's clippings have pages and no locations.
_PAGE = re.compile(r"(?:page|seite|p[aá]gina|pagina|pagina)\s*(\d+)(?:\s*-\s*(\d+))?", re.I)
_AUTHOR = re.compile(r"\s*\(([^()]*)\)\s*$")


@dataclass
class _Clipping:
    index: int
    title: str
    kind: str
    location: tuple[int, int] | None
    text: str


def read_kindle(data: bytes) -> list[Entry]:
    """The highlights of a ``My Clippings.txt``, notes attached to them."""
    text = decoded(data, "a Kindle My Clippings.txt").replace("\r\n", "\n").replace("\r", "\n")
    if not SEPARATOR.search(text):
        raise ImportFileError(
            "This is not a Kindle My Clippings.txt: its entries are separated by lines "
            "of ==========."
        )
    chunks = [chunk for chunk in SEPARATOR.split(text) if chunk.strip()]
    check_count(chunks)
    clippings = [_clipping(index, chunk) for index, chunk in enumerate(chunks)]
    entries: list[Entry] = []
    highlights: list[tuple[_Clipping, Highlight]] = []
    for clipping in clippings:
        if isinstance(clipping, PassedOver):
            entries.append(clipping)
        elif clipping.kind == "bookmark":
            entries.append(
                PassedOver(clipping.index, SKIPPED, "A bookmark: no text.", clipping.title)
            )
        elif clipping.kind == "highlight":
            highlight = Highlight(clipping.index, clipping.text, clipping.title)
            highlights.append((clipping, highlight))
            entries.append(highlight)
    for clipping in clippings:
        if isinstance(clipping, _Clipping) and clipping.kind == "note":
            owner = _highlight_at(highlights, clipping)
            if owner is None:
                entries.append(
                    PassedOver(
                        clipping.index,
                        NOT_IMPORTED,
                        "A note with no highlight at its location: nothing to place it by.",
                        clipping.title,
                        clipping.text,
                    )
                )
            else:
                owner.comment = "\n\n".join(filter(None, [owner.comment, clipping.text]))
    return sorted(entries, key=lambda entry: entry.index)


def _clipping(index: int, chunk: str) -> _Clipping | PassedOver:
    lines = chunk.strip("\n").split("\n")
    title = _AUTHOR.sub("", lines[0].replace("\ufeff", "")).strip()
    metadata = lines[1] if len(lines) > 1 else ""
    if not metadata.startswith("-"):
        return PassedOver(index, NOT_IMPORTED, "No '- Your Highlight…' line.", title)
    body = "\n".join(lines[2:]).strip()
    kind = next((k for k, pattern in _KIND.items() if pattern.search(metadata)), "")
    if not kind:
        return PassedOver(index, NOT_IMPORTED, f"Not a highlight, note or bookmark: {metadata}")
    if kind != "bookmark" and not body:
        return PassedOver(index, NOT_IMPORTED, f"An empty {kind}.", title)
    return _Clipping(index, title, kind, _location(metadata), body)


def _location(metadata: str) -> tuple[int, int] | None:
    found = _LOCATION.search(metadata) or _PAGE.search(metadata)
    if found is None:
        return None
    first, last = found.group(1), found.group(2) or found.group(1)
    if len(last) < len(first):
        # Older Kindles shorten the end: "Loc. 1170-72" is 1170 to 1172.
        last = first[: len(first) - len(last)] + last
    return int(first), int(last)


def _highlight_at(
    highlights: list[tuple[_Clipping, Highlight]], note: _Clipping
) -> Highlight | None:
    """The highlight of the same book a note belongs to: one ending at its location, else
    one holding it."""
    if note.location is None:
        return None
    at = note.location[1]
    same_book = [(c, h) for c, h in highlights if c.title == note.title and c.location]
    for clipping, highlight in same_book:
        if clipping.location[1] == at:
            return highlight
    for clipping, highlight in same_book:
        if clipping.location[0] <= at <= clipping.location[1]:
            return highlight
    return None
