"""Markdown files, through a real CommonMark parser (markdown-it-py).

Headings keep their levels; paragraphs, block quotes and list items become blocks;
footnotes (``[^1]``) become notes linked from their markers; front matter gives the
title, author and date. Inline markup loses its syntax and keeps every character of
its text: a ">" in prose stays a ">".
"""

from __future__ import annotations

import datetime

import yaml
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..blocks import BlockKind, DroppedLine, IngestError, ParsedDocument
from .build import BlockBuilder, clean, decode, iso_date

_PARSER = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .use(footnote_plugin)
)


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    text, warnings = decode(data)
    parsed = read_text(text)
    parsed.warnings = [*warnings, *parsed.warnings]
    return parsed


def read_text(text: str) -> ParsedDocument:
    tokens = _PARSER.parse(text.replace("\r\n", "\n").replace("\r", "\n"))
    builder = BlockBuilder()
    metadata = _Walker(builder).walk(tokens)
    if not builder.blocks:
        raise IngestError("no text in this Markdown file")
    _take_title(builder, metadata)
    return builder.document(**metadata)


class _Walker:
    def __init__(self, builder: BlockBuilder):
        self.builder = builder

    def walk(self, tokens: list[Token]) -> dict[str, str | None]:
        metadata: dict[str, str | None] = {"title": None, "author": None, "published": None}
        quote_depth = 0
        list_items: list[str] = []  # the open list items' markers ("" for a bullet)
        note_label: str | None = None
        note_parts: list[str] = []
        note_line = 0
        kind_stack: list[tuple[BlockKind, int]] = []
        for index, token in enumerate(tokens):
            line = token.map[0] + 1 if token.map else 0
            if token.type == "front_matter":
                metadata.update(_front_matter(token.content))
                for no, raw in enumerate(token.content.splitlines(), start=2):
                    if raw.strip():
                        self.builder.dropped.append(
                            DroppedLine(no, raw.strip(), "front matter (kept as metadata)")
                        )
            elif token.type == "blockquote_open":
                quote_depth += 1
            elif token.type == "blockquote_close":
                quote_depth -= 1
            elif token.type == "list_item_open":
                ordered = token.markup in (".", ")")
                list_items.append(f"{token.info}{token.markup} " if ordered else "")
            elif token.type == "list_item_close":
                list_items.pop()
            elif token.type == "footnote_open":
                note_label, note_parts, note_line = str(token.meta["id"]), [], 0
            elif token.type == "footnote_close":
                self.builder.add_note(note_label or "", " ".join(note_parts), line=note_line)
                note_label = None
            elif token.type == "heading_open":
                kind_stack.append(("heading", int(token.tag[1])))
            elif token.type == "paragraph_open":
                kind_stack.append(self._paragraph_kind(quote_depth, list_items))
            elif token.type in ("heading_close", "paragraph_close"):
                kind_stack.pop()
            elif token.type == "inline":
                text = self.inline(token.children or [])
                if note_label is not None:
                    note_parts.append(text)
                    note_line = note_line or _line_of(tokens, index, line)
                    continue
                kind, level = kind_stack[-1] if kind_stack else ("body", 0)
                if kind == "list_item" and list_items and list_items[-1]:
                    text = list_items[-1] + text
                    list_items[-1] = ""  # the number opens the item's first paragraph only
                self.builder.add(kind, text, level=level, line=_line_of(tokens, index, line))
            elif token.type in ("fence", "code_block", "html_block"):
                text = token.content
                if token.type == "html_block":
                    text = _html_text(text)
                if note_label is not None:
                    note_parts.append(text)
                else:
                    kind, level = self._paragraph_kind(quote_depth, list_items)
                    self.builder.add(kind, text, level=level, line=line)
        return metadata

    @staticmethod
    def _paragraph_kind(quote_depth: int, list_items: list[str]) -> tuple[BlockKind, int]:
        if quote_depth:
            return "quote", 0
        if list_items:
            return "list_item", 0
        return "body", 0

    def inline(self, children: list[Token]) -> str:
        parts: list[str] = []
        for child in children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                # "socio-" at a line's end and "economic" on the next make one compound.
                before = parts[-1] if parts else ""
                compound = before.endswith("-") and before[-2:-1].isalpha()
                parts.append("" if compound else " ")
            elif child.type == "image":
                parts.append(self.inline(child.children or []))
            elif child.type == "html_inline":
                # A tag is markup; <br> separates words.
                if child.content.lower().startswith("<br"):
                    parts.append(" ")
            elif child.type == "footnote_ref":
                label = str(child.meta["id"])
                parts.append(self.builder.marker(label, f"[^{child.meta.get('label', label)}]"))
        return "".join(parts)


def _line_of(tokens: list[Token], index: int, default: int) -> int:
    # An inline token's line is its opening block token's.
    for token in reversed(tokens[: index + 1]):
        if token.map:
            return token.map[0] + 1
    return default


def _html_text(source: str) -> str:
    try:
        fragment = lxml_html.fragment_fromstring(source, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""  # a lone comment or processing instruction: no words
    for comment in fragment.xpath("//comment()"):
        comment.getparent().remove(comment)
    return fragment.text_content()


def _front_matter(content: str) -> dict[str, str | None]:
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    found: dict[str, str | None] = {}
    if isinstance(data.get("title"), str | int | float):
        found["title"] = clean(str(data["title"])) or None
    author = data.get("author") or data.get("authors")
    if isinstance(author, list):
        author = ", ".join(str(name) for name in author)
    if isinstance(author, str):
        found["author"] = clean(author) or None
    date = data.get("date") or data.get("published")
    if isinstance(date, datetime.date):
        date = date.isoformat()
    found["published"] = iso_date(date)
    return found


def _take_title(builder: BlockBuilder, metadata: dict[str, str | None]) -> None:
    """A single top heading that opens the text is its title, as in ``parse_text``."""
    blocks = builder.blocks
    top = [block for block in blocks if block[0] == "heading" and block[2] == 1]
    if len(top) != 1 or blocks[0] is not top[0]:
        return
    _kind, text, _level, line = blocks.pop(0)
    if metadata.get("title") is None:
        metadata["title"] = text
    builder.dropped.append(DroppedLine(line, text, "title (kept as the document's title)"))
    builder.blocks[:] = [
        (kind, text, max(1, level - 1) if kind == "heading" else level, line)
        for kind, text, level, line in blocks
    ]
