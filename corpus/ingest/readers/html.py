"""Saved web pages: the article, without the site around it.

trafilatura finds the article (dropping navigation, share buttons, footers and
comments) and reads the page's metadata: the headline, the author, the date. Its XML
output keeps the article's structure (headings, paragraphs, quotes, lists), which
becomes our blocks. Footnotes are taken out of the page before extraction
(``htmlnotes.py``), so that they become notes and not stray paragraphs.
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..blocks import BlockKind, IngestError, ParsedDocument
from .build import BlockBuilder, clean, iso_date
from .bylines import names
from .htmlnotes import take_notes

NO_ARTICLE = "no article found in this HTML page"
# Links a site sets after a heading: Wikipedia's "[edit]", a permalink "#" or "¶".
_HEADING_LINK = re.compile(r"\s*(?:\[edit\]|[#¶§])$")

# trafilatura logs every page it finds too short; our error says it once.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    try:
        tree = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        raise IngestError(NO_ARTICLE) from None
    builder = BlockBuilder()
    take_notes({"": tree}, builder)
    xml = trafilatura.extract(
        tree,
        output_format="xml",
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
    )
    if not xml:
        raise IngestError(NO_ARTICLE)
    doc = etree.fromstring(xml.encode("utf-8"))
    main = doc.find("main")
    if main is None:
        raise IngestError(NO_ARTICLE)
    title = clean(doc.get("title", "")) or None
    heads = [element for element in main.iter("head")]
    top = min((_head_level(head) for head in heads), default=1)
    for element in main:
        _add(builder, element, title, top)
    if title and builder.blocks and builder.blocks[0][0] == "heading":
        if builder.blocks[0][1] == title:
            builder.blocks.pop(0)
            heads = heads[1:]
            top = min((_head_level(head) for head in heads), default=1)
            # The headline is the title: the headings below it move up a level.
            builder.blocks[:] = [
                (kind, text, _relevel(level, top) if kind == "heading" else level, line)
                for kind, text, level, line in builder.blocks
            ]
    if not any(kind != "heading" for kind, *_ in builder.blocks):
        raise IngestError(NO_ARTICLE)
    return builder.document(
        title=title,
        author=names(clean(doc.get("author", ""))),
        published=iso_date(doc.get("date")),
    )


def _head_level(head: etree._Element) -> int:
    rend = head.get("rend", "h2")
    return int(rend[1]) if rend[:1] == "h" and rend[1:2].isdigit() else 2


def _relevel(level: int, top: int) -> int:
    return max(1, level - top + 1) if level else level


def _text(element: etree._Element) -> str:
    """The element's words; a line break is a space, a nested list is left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append(" ")
        elif child.tag != "list":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _add(builder: BlockBuilder, element: etree._Element, title: str | None, top: int) -> None:
    tag = element.tag
    if tag == "head":
        level = _head_level(element)
        text = _HEADING_LINK.sub("", clean(_text(element)))
        builder.add("heading", text, level=level - top + 1)
    elif tag == "quote":
        paragraphs = [child for child in element if child.tag in ("p", "list", "quote")]
        if paragraphs and not (element.text or "").strip():
            for child in paragraphs:
                _add_kind(builder, child, "quote")
        else:
            builder.add("quote", _text(element))
    elif tag == "list":
        for item in element.iter("item"):
            builder.add("list_item", _text(item))
    elif tag == "table":
        for row in element.iter("row"):
            cells = [clean(_text(cell)) for cell in row.iter("cell")]
            builder.add("body", " | ".join(cell for cell in cells if cell))
    elif tag in ("p", "code", "div"):
        builder.add("body", _text(element))


def _add_kind(builder: BlockBuilder, element: etree._Element, kind: BlockKind) -> None:
    if element.tag == "list":
        for item in element.iter("item"):
            builder.add(kind, _text(item))
    else:
        builder.add(kind, _text(element))
