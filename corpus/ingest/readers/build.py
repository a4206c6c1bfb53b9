"""What the structured readers (Markdown, HTML, EPUB) share: blocks with note markers.

A reader walks its format's tree and adds blocks in reading order. A note marker is
put in a block's text as a placeholder (``marker()``); ``document()`` numbers the notes
in the order they are first pointed to, writes each marker as its note's number
("level.2", as print sets it) and records it as a NoteRef.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..blocks import Block, BlockKind, DroppedLine, NoteRef, ParsedDocument
from ..decode import decode_bytes
from ..text import collapse

# Visible characters, as an extractor (trafilatura) drops private-use ones; the
# pair is as good as unknown in prose.
_OPEN, _CLOSE = "⟦fn", "⟧"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b-\x1f\x7f]")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def decode(data: bytes) -> tuple[str, list[str]]:
    """``decode_bytes`` with messages that do not name the file (the caller does)."""
    text, warnings = decode_bytes(data, "file")
    return text, [warning.removeprefix("file: ") for warning in warnings]


def clean(text: str) -> str:
    """NFC, no invisible or control characters, whitespace collapsed."""
    text = _INVISIBLE.sub("", text.replace("\xa0", " "))
    return collapse(unicodedata.normalize("NFC", text))


def iso_date(value: object) -> str | None:
    """The ISO date (YYYY, YYYY-MM or YYYY-MM-DD) at the start of ``value``, if any."""
    match = _DATE.match(str(value or "").strip())
    return match.group(0) if match else None


@dataclass
class _Marker:
    label: str  # the note it points to
    shown: str  # what to print if there is no such note


@dataclass
class BlockBuilder:
    blocks: list[tuple[BlockKind, str, int, int]] = field(default_factory=list)
    notes: dict[str, tuple[str, int]] = field(default_factory=dict)  # label -> (text, line)
    markers: list[_Marker] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)

    def marker(self, label: str, shown: str = "") -> str:
        """A placeholder for a note marker, to be put in a block's text."""
        self.markers.append(_Marker(label, shown))
        return f"{_OPEN}{len(self.markers) - 1}{_CLOSE}"

    def add(self, kind: BlockKind, text: str, *, level: int = 0, line: int = 0) -> None:
        text = clean(text)
        if kind == "heading":
            level = min(max(level, 1), 3)  # Block.level knows three levels
        if _PLACEHOLDER.sub("", text).strip():
            self.blocks.append((kind, text, level, line))

    def add_note(self, label: str, text: str, *, line: int = 0) -> None:
        text = clean(text)
        if text and label not in self.notes:
            self.notes[label] = (text, line)

    def document(self, **metadata: str | None) -> ParsedDocument:
        numbers: dict[str, int] = {}
        for _kind, text, _level, _line in self.blocks:
            for match in _PLACEHOLDER.finditer(text):
                label = self.markers[int(match.group(1))].label
                if label in self.notes and label not in numbers:
                    numbers[label] = len(numbers) + 1
        for label in self.notes:
            numbers.setdefault(label, len(numbers) + 1)
        blocks = []
        for kind, text, level, line in self.blocks:
            text, refs = self._write_markers(text, numbers)
            if text:
                blocks.append(Block(kind, text, level=level, refs=refs, line=line))
        for label, number in sorted(numbers.items(), key=lambda item: item[1]):
            text, line = self.notes[label]
            text, _refs = self._write_markers(text, {})
            blocks.append(Block("note", text, number=number, line=line))
        return ParsedDocument(blocks=blocks, dropped=self.dropped, **metadata)

    def _write_markers(self, text: str, numbers: dict[str, int]) -> tuple[str, tuple[NoteRef, ...]]:
        out: list[str] = []
        refs: list[NoteRef] = []
        position = 0
        length = 0
        for match in _PLACEHOLDER.finditer(text):
            out.append(text[position : match.start()])
            length += match.start() - position
            marker = self.markers[int(match.group(1))]
            number = numbers.get(marker.label)
            shown = str(number) if number is not None else marker.shown
            if number is not None:
                refs.append(NoteRef(length, length + len(shown), number))
            out.append(shown)
            length += len(shown)
            position = match.end()
        out.append(text[position:])
        written = "".join(out)
        stripped = written.strip()
        if stripped != written:
            # A marker at the very start or end next to a dropped space: shift the refs.
            shift = len(written) - len(written.lstrip())
            written = stripped
            refs = [NoteRef(r.start - shift, r.end - shift, r.number) for r in refs]
        return collapse_around(written, refs)


def collapse_around(text: str, refs: list[NoteRef]) -> tuple[str, tuple[NoteRef, ...]]:
    """``text`` with double spaces (left where a marker had no note) made single."""
    if "  " not in text:
        return text, tuple(refs)
    out: list[str] = []
    kept: list[NoteRef] = []
    index_map: list[int] = []
    for ch in text:
        index_map.append(len(out))
        if ch == " " and out and out[-1] == " ":
            continue
        out.append(ch)
    index_map.append(len(out))
    for ref in refs:
        kept.append(NoteRef(index_map[ref.start], index_map[ref.end], ref.number))
    return "".join(out), tuple(kept)
