"""Endnotes: a numbered list closing the text, and the markers that point to it."""

from __future__ import annotations

import re
from dataclasses import replace

from .blocks import Block, NoteRef

_NOTE = re.compile(r"(\d{1,3})\.\s*(\S.*)")
# A marker is a number set straight after a word or a sentence's end
# ("level.2", "state22 while"), never part of a decimal ("2.5", "4.0").
_MARKER = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[.,;:!?”’\"')\]])|(?<=[”\"] ))(?<!\d[.,])"
    r"(\d{1,3})(?![\d.,]\d)(?=[\s.,;:)\]”’]|$)"
)
_DIGIT = re.compile(r"\d")
_MIN_NOTES = 3
_BRACKETED_NOTE = re.compile(r"\[(\d{1,3})\]\s*(\S.*)")
_BRACKETED_MARKER = re.compile(r"(?<=\S)\[(\d{1,3})\]")


def find_notes(chunks: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
    """Which of the (kind, text) chunks are endnotes: index -> (number, text).

    Endnotes are the run of numbered paragraphs that ends the text, counting
    upwards.
    """
    found: dict[int, tuple[int, str]] = {}
    previous_number: int | None = None
    for index in range(len(chunks) - 1, -1, -1):
        kind, text = chunks[index]
        match = _NOTE.fullmatch(text)
        if kind == "list_item" or not match:
            break
        number = int(match.group(1))
        if previous_number is not None and number >= previous_number:
            break
        found[index] = (number, match.group(2).strip())
        previous_number = number
    return found if len(found) >= _MIN_NOTES else {}


def find_bracketed_notes(chunks: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
    """A book's footnotes as Project Gutenberg sets them: '[1] The note.' on a paragraph
    of its own, anywhere, once its marker '[1]' stood in the text before it."""
    found: dict[int, tuple[int, str]] = {}
    marked: set[int] = set()
    for index, (_kind, text) in enumerate(chunks):
        if "[" not in text:
            continue  # neither a note nor a marker: both open with a bracket
        match = _BRACKETED_NOTE.fullmatch(text)
        if match and int(match.group(1)) in marked:
            found[index] = (int(match.group(1)), match.group(2).strip())
            continue
        marked.update(int(number) for number in _BRACKETED_MARKER.findall(text))
    return found


def _markers(text: str) -> list[re.Match[str]]:
    """``_MARKER.finditer(text)``, tried only where a digit stands (a marker starts with
    one; its lookbehinds see the text before): the pattern's own scan tries them at
    every character of a paragraph."""
    found: list[re.Match[str]] = []
    end = 0
    for digit in _DIGIT.finditer(text):
        if digit.start() < end:
            continue
        match = _MARKER.match(text, digit.start())
        if match:
            found.append(match)
            end = match.end()
    return found


def link_refs(blocks: list[Block]) -> list[Block]:
    """Attach NoteRefs to the markers in the text that name an existing note."""
    numbers = {block.number for block in blocks if block.kind == "note"}
    if not numbers:
        return blocks
    linked = []
    for block in blocks:
        if block.kind in ("body", "quote", "list_item"):
            markers = _markers(block.text)
            if "[" in block.text:
                markers.extend(_BRACKETED_MARKER.finditer(block.text))
            refs = tuple(
                NoteRef(m.start(1), m.end(1), int(m.group(1)))
                for m in sorted(markers, key=lambda m: m.start())
                if int(m.group(1)) in numbers
            )
            if refs:
                block = replace(block, refs=refs)
        linked.append(block)
    return linked
