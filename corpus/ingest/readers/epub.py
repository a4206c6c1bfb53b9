"""EPUB files: the spine's documents in order, their headings, notes and metadata.

Read with zipfile and lxml: the container names the package, the package's spine
gives the reading order and its metadata the title, author and date. Footnotes and
endnotes (``epub:type`` note types, or note links) become notes linked from their
markers, across files (``htmlnotes.py``). A book whose content is encrypted (DRM) is
refused; fonts obfuscated as the EPUB standard allows are not encryption of the text.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
from urllib.parse import unquote

from lxml import etree

from ..blocks import BlockKind, DroppedLine, IngestError, ParsedDocument
from .build import BlockBuilder, clean, iso_date
from .htmlnotes import remove_element, take_notes

DRM = "the EPUB is DRM-protected (its content is encrypted)"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
}
_FONT_OBFUSCATION = {
    "http://www.idpf.org/2008/embedding",
    "http://ns.adobe.com/pdf/enc#RC",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 3, "h5": 3, "h6": 3}
_BLOCKS = {"p", "blockquote", "li", "pre", "dd", "dt", "figcaption", "td", "th"}
_SKIPPED = {"script", "style", "head", "nav", "img", "svg", "math"}
_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError("the EPUB is damaged (not a zip archive)") from None
    with archive:
        _refuse_drm(archive)
        package_path = _package_path(archive)
        package = _xml(archive, package_path)
        spine = _spine(package, posixpath.dirname(package_path))
        trees = {}
        for name in spine:
            try:
                trees[name] = _xml(archive, name)
            except IngestError:
                continue  # a missing spine item: the rest of the book still reads
    if not trees:
        raise IngestError("the EPUB has no readable documents in its spine")
    builder = BlockBuilder()
    take_notes(trees, builder, resolve=_resolve)
    for tree in trees.values():
        _take_page_breaks(tree, builder)
        _take_line_numbers(tree, builder)
    for tree in trees.values():
        body = tree.find("{*}body")
        if body is not None:
            _walk(builder, body, "body")
    metadata = _metadata(package)
    blocks = builder.blocks
    if (
        metadata["title"]
        and blocks
        and blocks[0][0] == "heading"
        and blocks[0][1] == metadata["title"]
    ):
        blocks.pop(0)
    if not blocks:
        raise IngestError("the EPUB has no text")
    # A book whose chapters are <h2> (the <h1> being its title) starts at level 1.
    top = min((level for kind, _text, level, _line in blocks if kind == "heading"), default=1)
    blocks[:] = [
        (kind, text, level - top + 1 if kind == "heading" else level, line)
        for kind, text, level, line in blocks
    ]
    return builder.document(**metadata)


def _refuse_drm(archive: zipfile.ZipFile) -> None:
    # A rights file is a DRM scheme's licence (Adobe ADEPT, Apple FairPlay): never in a free book.
    if "META-INF/rights.xml" in archive.namelist():
        raise IngestError(DRM)
    try:
        encryption = etree.fromstring(archive.read("META-INF/encryption.xml"), _PARSER)
    except KeyError:
        return
    if encryption is None:
        return
    for data in encryption.iterfind(".//enc:EncryptedData", _NS):
        method = data.find("enc:EncryptionMethod", _NS)
        algorithm = method.get("Algorithm", "") if method is not None else ""
        if algorithm not in _FONT_OBFUSCATION:
            raise IngestError(DRM)


def _xml(archive: zipfile.ZipFile, name: str) -> etree._Element:
    try:
        root = etree.fromstring(archive.read(name), _PARSER)
    except KeyError:
        raise IngestError(f"the EPUB is damaged ({name} is missing)") from None
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise IngestError(f"the EPUB is damaged ({name} is not XML)")
    return root


def _package_path(archive: zipfile.ZipFile) -> str:
    container = _xml(archive, "META-INF/container.xml")
    rootfile = container.find(".//c:rootfile", _NS)
    if rootfile is None or not rootfile.get("full-path"):
        raise IngestError("the EPUB is damaged (no package document)")
    return rootfile.get("full-path")


def _spine(package: etree._Element, base: str) -> list[str]:
    manifest = {
        item.get("id"): item
        for item in package.iterfind(".//opf:manifest/opf:item", _NS)
        if item.get("id")
    }
    names = []
    for itemref in package.iterfind(".//opf:spine/opf:itemref", _NS):
        item = manifest.get(itemref.get("idref"))
        if item is None or "html" not in item.get("media-type", ""):
            continue
        names.append(posixpath.normpath(posixpath.join(base, unquote(item.get("href", "")))))
    return names


def _resolve(name: str, href: str) -> tuple[str, str]:
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(path)))
    return (target if path else name), fragment


def _metadata(package: etree._Element) -> dict[str, str | None]:
    def first(tag: str) -> str | None:
        element = package.find(f".//opf:metadata/dc:{tag}", _NS)
        text = clean("".join(element.itertext())) if element is not None else ""
        return text or None

    creators = [
        clean("".join(element.itertext()))
        for element in package.iterfind(".//opf:metadata/dc:creator", _NS)
    ]
    return {
        "title": first("title"),
        "author": ", ".join(name for name in creators if name) or None,
        "published": iso_date(first("date")),
    }


def _local(element: etree._Element) -> str:
    return etree.QName(element.tag).localname.lower() if isinstance(element.tag, str) else ""


def _walk(builder: BlockBuilder, element: etree._Element, kind: BlockKind) -> None:
    """Add the blocks under ``element``: a heading or a paragraph-like element is one
    block; a container's loose text between its children is a block of its own."""
    loose: list[str] = [element.text or ""]
    for child in element:
        tag = _local(child)
        if tag in _SKIPPED or not tag:
            loose.append(child.tail or "")
            continue
        if tag == "br":
            # A line break between loose lines (verse set line by line): a line each.
            builder.add(kind, "".join(loose))
            loose = [child.tail or ""]
            continue
        if tag in _HEADINGS or tag in _BLOCKS or _is_leaf_block(child):
            builder.add(kind, "".join(loose))
            loose = []
            if tag in _HEADINGS:
                builder.add("heading", _text(child), level=_HEADINGS[tag])
            elif tag == "li":
                builder.add("list_item" if kind == "body" else kind, _text(child))
            elif tag == "blockquote":
                _walk(builder, child, "quote")
            else:
                builder.add(kind, _text(child))
        else:
            loose.append(_text(child) if _is_inline(child) else "")
            if not _is_inline(child):
                builder.add(kind, "".join(loose))
                loose = []
                _walk(builder, child, "quote" if tag == "blockquote" else kind)
        loose.append(child.tail or "")
    builder.add(kind, "".join(loose))


_INLINE = {
    "a",
    "span",
    "em",
    "i",
    "b",
    "strong",
    "sup",
    "sub",
    "small",
    "cite",
    "abbr",
    "q",
    "code",
    "br",
    "u",
    "s",
    "mark",
    "time",
    "dfn",
    "var",
    "kbd",
    "samp",
}


# An element holding only a number: a poem's line or a verse number, set in the margin.
_NUMBER = re.compile(r"\s*\d{1,5}\s*")
_NUMBER_TAGS = _INLINE - {"a", "sup", "sub", "br"}


_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _take_page_breaks(tree: etree._Element, builder: BlockBuilder) -> None:
    """Drop the printed book's page numbers, marked as page breaks (``epub:type`` or
    ``role``): furniture, reported as a dropped "page number"."""
    for element in list(tree.iter()):
        types = f"{element.get(_EPUB_TYPE, '')} {element.get('role', '')}".split()
        if "pagebreak" in types or "doc-pagebreak" in types:
            text = clean("".join(element.itertext()))
            if text:
                builder.dropped.append(DroppedLine(0, text, "page number"))
            remove_element(element)


def _take_line_numbers(tree: etree._Element, builder: BlockBuilder) -> None:
    """Drop a document's line or verse numbers: elements holding only a number, at the
    start or end of a line beside its words, that count up through the document (at
    least three). The page shows them in a margin; run into the text they glue onto
    its words ("Hofgarten,10"). Each goes to the report as a dropped "line number"."""
    found = [
        element
        for element in tree.iter()
        if _local(element) in _NUMBER_TAGS
        and len(element) == 0
        and _NUMBER.fullmatch(element.text or "")
        and _at_line_edge(element)
    ]
    numbers = [int(element.text) for element in found]
    rising = sum(later > earlier for earlier, later in itertools.pairwise(numbers))
    if len(found) < 3 or rising < 0.8 * (len(found) - 1):
        return
    for element in found:
        builder.dropped.append(DroppedLine(0, element.text.strip(), "line number"))
        remove_element(element)


def _at_line_edge(element: etree._Element) -> bool:
    """Whether ``element`` opens or closes a line (nothing but space between it and its
    block's edge or a line break) that holds words besides it: a number alone in a
    table's cell is content."""
    before, after = element.getprevious(), element.getnext()
    parent = element.getparent()
    text_before = (before.tail if before is not None else parent.text) or ""
    tail = element.tail or ""
    opens = not text_before.strip() and (before is None or _local(before) == "br")
    closes = not tail.strip() and (after is None or _local(after) == "br")
    words_after = bool(tail.strip()) or (after is not None and _local(after) != "br")
    words_before = bool(text_before.strip()) or (before is not None and _local(before) != "br")
    return opens and words_after or closes and words_before


def _is_inline(element: etree._Element) -> bool:
    return _local(element) in _INLINE


def _is_leaf_block(element: etree._Element) -> bool:
    """A div or section holding only text and inline elements reads as a paragraph."""
    return _local(element) in ("div", "section", "aside", "figure") and all(
        _is_inline(child) or not isinstance(child.tag, str) for child in element
    )


def _text(element: etree._Element) -> str:
    parts = [element.text or ""]
    for child in element:
        tag = _local(child)
        if tag == "br":
            parts.append(" ")
        elif tag not in _SKIPPED and tag:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
