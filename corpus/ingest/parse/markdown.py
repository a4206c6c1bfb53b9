"""Markdown: ATX headings, '>' quotes, lists; paragraphs may be wrapped."""

from __future__ import annotations

import re

from .. import hyphens
from ..text import collapse
from .base import Chunk, Line, Parser, join_lines, split_chunks
from .patterns import BULLET

_HEADING = re.compile(r"(#{1,6})\s+(.+?)\s*#*")
_QUOTE = re.compile(r">\s?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_CODE = re.compile(r"`([^`]+)`")
_NUMBERED = re.compile(r"\d{1,3}[.)]\s+\S")


def is_markdown(lines: list[Line]) -> bool:
    """One ATX heading ("# Title", "## Part") is enough to read the text as Markdown."""
    return any(_HEADING.fullmatch(line.text) for line in lines)


class MarkdownParser(Parser):
    """Markdown: ATX headings, '>' quotes, lists; paragraphs may be wrapped."""

    def chunks(self) -> list[Chunk]:
        vocabulary = hyphens.Vocabulary(line.text for line in self.lines if line is not None)
        result: list[Chunk] = []
        for chunk in split_chunks(self.lines):
            current: Chunk | None = None
            for line in chunk.lines:
                heading = _HEADING.fullmatch(line.text)
                bullet = BULLET.match(line.text) or _NUMBERED.match(line.text)
                quote = _QUOTE.match(line.text)
                if heading:
                    piece = Chunk([line], kind="heading", level=len(heading.group(1)))
                    piece.text = heading.group(2)
                    result.append(piece)
                    current = None
                    continue
                if bullet or current is None or (quote and current.kind != "quote"):
                    kind = "list_item" if bullet else "quote" if quote else "body"
                    current = Chunk([line], kind=kind)
                    result.append(current)
                else:
                    current.lines.append(line)
            del current
        for chunk in result:
            if chunk.kind == "heading":
                continue
            texts = [_QUOTE.sub("", line.text, count=1) for line in chunk.lines]
            text = join_lines([collapse(t) for t in texts], vocabulary)
            if chunk.kind == "list_item":
                marker = BULLET.match(text)
                if marker:
                    text = text[marker.end() :]
            chunk.text = _strip_inline_markdown(text)
        for chunk in result:
            if chunk.kind == "heading":
                chunk.text = _strip_inline_markdown(chunk.text)
        result = self.take_markdown_title(result)
        return result

    def take_markdown_title(self, chunks: list[Chunk]) -> list[Chunk]:
        top = [c for c in chunks if c.kind == "heading" and c.level == 1]
        if len(top) == 1 and chunks and chunks[0] is top[0]:
            self.title = top[0].text
            self.drop(top[0].first, "title (kept as the document's title)")
            chunks = chunks[1:]
            for chunk in chunks:
                if chunk.kind == "heading":
                    chunk.level = max(1, chunk.level - 1)
        return chunks


def _strip_inline_markdown(text: str) -> str:
    """Links, images, emphasis and code spans keep their words and lose their markup."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _CODE.sub(r"\1", text)
