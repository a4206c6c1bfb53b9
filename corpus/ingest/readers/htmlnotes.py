"""Footnotes in (X)HTML: the links that point to them and the elements that hold them.

A note marker is a link to an element of the same document (or, in an EPUB, of a
sibling file) that is marked as a note (``epub:type`` or ``role`` footnote/endnote),
or a link set in ``<sup>`` or classed as a footnote reference. The note's element is
taken out of the page; the marker is replaced by a placeholder from the BlockBuilder.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .build import BlockBuilder

_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
_NOTE_TYPES = {"footnote", "endnote", "note", "rearnote", "doc-footnote", "doc-endnote"}
_REF_TYPES = {"noteref", "doc-noteref"}
_REF_CLASS = re.compile(r"foot-?note|fnref|noteref|endnote", re.I)
_BACKLINK_TEXT = re.compile(r"^\s*(?:[↩↑⤴︎^]+|back|return|[a-z])\s*$", re.I)
_BLOCK_TAGS = {"li", "p", "div", "aside", "section", "dd", "td", "footer"}
# A note's own number, as its backlink or its text's start repeats it: "1", "[1]", "1.".
_NUMBER = re.compile(r"^\s*[\[(]?(\d{1,3})[\])]?\.?\s*$")
_LEADING_NUMBER = re.compile(r"^\s*[\[(]?(\d{1,3})[\])]?\.?\s+")
# Elements that end a line: text on either side of them is not one word.
_BREAKS = _BLOCK_TAGS | {"br", "blockquote", "ol", "ul", "h1", "h2", "h3", "h4", "h5", "h6"}


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _types(element: etree._Element) -> set[str]:
    values = f"{element.get(_EPUB_TYPE, '')} {element.get('role', '')}"
    return set(values.lower().split())


def is_noteref(anchor: etree._Element) -> bool:
    if _types(anchor) & _REF_TYPES or _REF_CLASS.search(anchor.get("class", "")):
        return True
    parent = anchor.getparent()
    return parent is not None and _local(parent.tag) == "sup"


def take_notes(
    trees: dict[str, etree._Element],
    builder: BlockBuilder,
    resolve: Callable[[str, str], tuple[str, str]] = lambda name, href: (name, href[1:]),
) -> None:
    """Turn the note markers in ``trees`` (file name -> root) into placeholders and take
    the notes they point to out of the trees into ``builder``.

    ``resolve(name, href)`` gives the (file name, id) a link in file ``name`` points to.
    """
    ids: dict[tuple[str, str], etree._Element] = {}
    for name, root in trees.items():
        for element in root.iter():
            if isinstance(element.tag, str) and element.get("id"):
                ids.setdefault((name, element.get("id")), element)
    refs: list[tuple[etree._Element, str, etree._Element]] = []
    for name, root in trees.items():
        for anchor in root.iter("{*}a", "a"):
            href = anchor.get("href", "")
            if "#" not in href or not is_noteref(anchor):
                continue
            target = ids.get(resolve(name, href))
            if target is None or _contains(target, anchor):
                continue
            refs.append((anchor, "/".join(resolve(name, href)), target))
    if not refs:
        return
    holders = {label: _note_holder(target) for _anchor, label, target in refs}
    shown: dict[str, set[str]] = {}
    for anchor, label, _target in refs:
        number = _NUMBER.match("".join(anchor.itertext()))
        shown.setdefault(label, set()).update([number.group(1)] if number else [])
    for label, holder in holders.items():
        builder.add_note(label, _note_text(holder, shown[label]))
    for anchor, label, _target in refs:
        _replace(anchor, builder.marker(label, "".join(anchor.itertext())))
    for holder in holders.values():
        parent = holder.getparent()
        if parent is not None:
            remove_element(holder)
            if not "".join(parent.itertext()).strip():
                grand = parent.getparent()
                if grand is not None:
                    remove_element(parent)


def _contains(element: etree._Element, other: etree._Element) -> bool:
    return any(node is other for node in element.iter())


def _note_holder(target: etree._Element) -> etree._Element:
    """The block that holds a note: the target, or the block around an anchor target."""
    element = target
    while _local(element.tag) not in _BLOCK_TAGS and not _types(element) & _NOTE_TYPES:
        parent = element.getparent()
        if parent is None or _local(parent.tag) in ("body", "ol", "ul"):
            break
        element = parent
    return element


def _note_text(holder: etree._Element, numbers: set[str]) -> str:
    """The note's text, without the backlinks and the number that repeat its marker's
    (``numbers``): a number that is not the marker's is the note's own ("23." for the
    line a poem's note is on) and stays."""
    copy = etree.fromstring(etree.tostring(holder))
    for anchor in list(copy.iter("{*}a", "a")):
        text = "".join(anchor.itertext())
        number = _NUMBER.match(text)
        if "#" in anchor.get("href", "") and (
            _BACKLINK_TEXT.match(text) or (number and number.group(1) in numbers)
        ):
            remove_element(anchor)
    for element in copy.iter():
        if element is not copy and _local(element.tag) in _BREAKS:
            element.tail = " " + (element.tail or "")
    text = " ".join("".join(copy.itertext()).split()).removeprefix("^ ")
    number = _LEADING_NUMBER.match(text)
    return text[number.end() :] if number and number.group(1) in numbers else text


def _replace(element: etree._Element, text: str) -> None:
    """Put ``text`` where ``element`` (or the <sup> that holds only it) was."""
    parent = element.getparent()
    if parent is not None and _local(parent.tag) == "sup" and len(parent) == 1:
        if not (parent.text or "").strip() and not (element.tail or "").strip():
            element = parent
    element.tail = text + (element.tail or "")
    remove_element(element)


def remove_element(element: etree._Element) -> None:
    """Remove ``element`` and keep its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
