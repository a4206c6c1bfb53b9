"""Readers' Markdown to safe HTML: markdown-it-py renders, bleach keeps an allowlist."""

from __future__ import annotations

import html
import re

import bleach
from bleach import html5lib_shim
from bleach.linkifier import DEFAULT_CALLBACKS
from markdown_it import MarkdownIt

from annotations.notifications.mentions import MENTION_RE

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "hr", "del", "s", "sup", "sub",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# What the link callback adds after cleaning: no reader ever sets these themselves.
ADDED_ATTRIBUTES = {"a": ["target"]}
LINK_REL = "nofollow noopener"
# A link to another site opens in a new tab that cannot reach back to this one.
EXTERNAL_LINK_REL = "nofollow noopener noreferrer"

# No raw HTML from readers at all; bleach is the second line, not the first.
# xhtmlOut off: "<br>" as bleach writes it, so HTML that needs no cleaning is what
# cleaning would have given.
_renderer = MarkdownIt(
    "commonmark", {"html": False, "linkify": False, "typographer": False, "xhtmlOut": False}
)
_renderer.disable(["image", "heading", "lheading", "table"], ignoreInvalid=True)


def _rel(attrs: dict, new: bool = False) -> dict:
    href = attrs.get((None, "href"), "")
    # Absolute http(s) links leave the site; a relative one or an anchor stays in the tab.
    if href.lower().startswith(("http://", "https://", "//")):
        attrs[(None, "rel")] = EXTERNAL_LINK_REL
        attrs[(None, "target")] = "_blank"
    else:
        attrs[(None, "rel")] = LINK_REL
        attrs.pop((None, "target"), None)
    return attrs


class MentionFilter(html5lib_shim.Filter):
    """``@username`` in text becomes ``<span class="mention">@username</span>``, outside
    links and code. It runs after the sanitiser, on its output, and adds only that span:
    readers' own HTML never gets a span or a class."""

    SKIP = frozenset({"a", "code", "pre"})

    def __iter__(self):
        inside = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EndTag") and token["name"] in self.SKIP:
                inside = max(0, inside + (1 if kind == "StartTag" else -1))
            if kind == "Characters" and not inside and "@" in token["data"]:
                yield from _mention_tokens(token["data"])
            else:
                yield token


def _mention_tokens(text: str):
    last = 0
    for match in MENTION_RE.finditer(text):
        if match.start() > last:
            yield {"type": "Characters", "data": text[last : match.start()]}
        yield {"type": "StartTag", "name": "span", "data": {(None, "class"): "mention"}}
        yield {"type": "Characters", "data": match.group(0)}
        yield {"type": "EndTag", "name": "span"}
        last = match.end()
    if last < len(text):
        yield {"type": "Characters", "data": text[last:]}


_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[
        lambda source: bleach.linkifier.LinkifyFilter(
            source=source, callbacks=[*DEFAULT_CALLBACKS, _rel], skip_tags=["pre", "code"]
        ),
        MentionFilter,
    ],
)


# The same allowlist without linkifying: for HTML with no link in it and nothing a link
# could be made of, where linkifying changes nothing and costs a third of the cleaning.
_plain_cleaner = bleach.sanitizer.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[MentionFilter],
)


# An allowed tag with no attributes, as markdown-it writes one. Markdown-it (raw HTML
# off) escapes every "<", ">", "&" and '"' of the text, so HTML made only of these tags
# and text is already what the allowlist keeps: cleaning it would return it unchanged
# (tests/annotations/test_rendering_fast_path.py checks that on thousands of inputs).
_BARE_TAG = re.compile(
    r"</?(?:%s)>" % "|".join(sorted(ALLOWED_TAGS - set(ALLOWED_ATTRIBUTES)))  # noqa: UP031
)


def render_markdown(text: str) -> str:
    """Sanitised HTML for ``text``; every link gets rel="nofollow noopener", and a link to
    another site opens in a new tab (target="_blank", rel adds "noreferrer")."""
    if not text.strip():
        return ""
    rendered = _renderer.render(text)
    # A URL in a text node is one in the unescaped HTML too: tags end in "<" or ">", as a
    # text node's edges look to the linkifier.
    linkable = "<a" in rendered or bleach.linkifier.URL_RE.search(html.unescape(rendered))
    if linkable:
        return _cleaner.clean(rendered).strip()
    if "@" not in rendered and "<" not in _BARE_TAG.sub("", rendered):
        # Nothing to remove, link or mark as a mention: cleaning would change nothing.
        return rendered.strip()
    return _plain_cleaner.clean(rendered).strip()
