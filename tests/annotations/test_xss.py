"""Known XSS vectors, fed through comments, replies and tags: no page or API ``*_html``
field may carry executable markup.

Each vector becomes an annotation's comment and one of its tags, and a reply's body,
through the services. Then the sanitised HTML is checked against the allowlist in
``annotations.rendering``, and the pages that show it (the notebook, the section page,
the API) are checked for scripts, event handlers and dangerous URLs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape

from annotations import services
from annotations.models import TaggedAnnotation
from annotations.rendering import (
    ADDED_ATTRIBUTES,
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
)
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest

VECTORS = [
    # Script elements, plain and disguised.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(document.cookie)</script>',
    "<svg><script>alert(1)</script></svg>",
    "<!--<script>alert(1)//-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    # Event handlers, in various casings and places.
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="https://ok.example" OnMouseOver="alert(1)">x</a>',
    "<a href=https://ok.example ONCLICK=alert(1)>x</a>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    # javascript:, vbscript: and data: URLs, in Markdown links, autolinks and HTML.
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](java\x0bscript:alert(1))",
    "[x](\u200bjavascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<IMG SRC=\"javascript:alert('XSS');\">",
    # Link titles that try to break out of their attribute.
    '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    "[x](https://ok.example 'a\" onmouseover=\"alert(1)')",
    '<https://ok.example/"onmouseover="alert(1)>',
    # Frames, plugins, forms, meta refresh, base, styles.
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<div style="width: expression(alert(1))">x</div>',
    '<p STYLE="background:url(javascript:alert(1))">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Entities, code and unicode tricks.
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "\u202e>tpircs/<)1(trela>tpircs<",
    "'';!--\"<XSS>=&{()}",
    "www.evil.example/<script>alert(1)</script>",
]

# Attributes whose value a browser may load or follow.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcset",
    "cite",
}
# Elements no page of ours has, whoever wrote the text.
FORBIDDEN_IN_PAGES = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "style",
    "img",
    "video",
    "audio",
    "source",
    "details",
}
# The <details> our own templates use (the notebook's edit form, a text's ingest notes);
# a reader's would carry no class of ours, as bleach strips every class.
OWN_DETAILS = {"notebook-edit", "ingest-notes"}
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)


class Elements(HTMLParser):
    """Every start tag in a document: (name, {attribute: value}), values unescaped."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see: entities decoded, whitespace and controls dropped."""
    decoded = html.unescape(url)
    cleaned = "".join(
        ch for ch in decoded if not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf"}
    )
    match = _SCHEME.match(cleaned)
    if match is None or "/" in cleaned[: match.start(1) + len(match.group(1))]:
        return None
    return match.group(1).lower()


def assert_safe_fragment(fragment: str) -> None:
    """A sanitised ``*_html`` field: only the allowlist, safe links, rel on every link."""
    assert "<script" not in fragment.lower()
    for tag, attributes in Elements(fragment).elements:
        if (tag, attributes) == ("span", {"class": "mention"}):
            continue  # an @mention, marked after the sanitiser (rendering.MentionFilter)
        assert tag in ALLOWED_TAGS, f"<{tag}> is not allowed: {fragment!r}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, []) + ADDED_ATTRIBUTES.get(tag, [])
        assert set(attributes) <= set(allowed), fragment
        assert not any(name.startswith("on") for name in attributes), fragment
        for name in URL_ATTRIBUTES & set(attributes):
            scheme = scheme_of(attributes[name])
            assert scheme is None or scheme in ALLOWED_PROTOCOLS, fragment
        if tag == "a":
            rel = attributes.get("rel", "").split()
            assert "nofollow" in rel and "noopener" in rel, fragment
            # A new tab never gets a handle on this page, nor learns where it came from.
            if "target" in attributes:
                assert attributes["target"] == "_blank" and "noreferrer" in rel, fragment


def assert_safe_page(page: str) -> None:
    """A whole page: our own scripts only, no handlers, no dangerous URLs or elements."""
    for tag, attributes in Elements(page).elements:
        if tag == "script":
            own = attributes.get("src", "").startswith("/static/")
            data = attributes.get("type") == "application/json" and "src" not in attributes
            assert own or data, f"a script that is not ours: {attributes}"
        ours = tag == "details" and attributes.get("class") in OWN_DETAILS
        assert ours or tag not in FORBIDDEN_IN_PAGES, f"<{tag} {attributes}> in the page"
        if tag == "meta":
            assert "http-equiv" not in attributes
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        for name in URL_ATTRIBUTES & set(attributes):
            scheme = scheme_of(attributes[name])
            assert scheme is None or scheme in ALLOWED_PROTOCOLS, (tag, attributes)
    # Anything that looks like markup but was written by a reader must be escaped text.
    assert page.lower().count("<script") == sum(
        1 for tag, _ in Elements(page).elements if tag == "script"
    )


def assert_tag_not_raw(page: str, tag: str) -> None:
    """A tag with markup in it never appears as it was written (escaped, or JSON-encoded)."""
    if "<" in tag:
        assert tag not in page


@pytest.fixture
def document(db):
    blocks = [
        Block("heading", "The New Economic Policy", level=1),
        Block("body", "In 1921 the party replaced requisitioning with a tax in kind."),
        Block("body", "Private trade returned to the towns within a year."),
    ]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug="nep", title="The NEP"
    ).document


def url_exists(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def tag_for(vector: str) -> str:
    """The vector as a tag: tags are trimmed, with whitespace runs as one space, and short."""
    return " ".join(vector.split())[: services.MAX_TAG_LENGTH].strip()


def test_there_are_at_least_thirty_vectors():
    assert len(set(VECTORS)) == len(VECTORS) >= 30


@pytest.mark.parametrize("vector", VECTORS)
def test_it_renders_no_executable_markup(client, document, owner, member, vector):
    quote = "tax in kind"
    start = document.current_version.text.index(quote)
    annotation = services.annotation_create(
        author=owner,
        document=document,
        start=start,
        end=start + len(quote),
        exact=quote,
        comment=vector,
        tags=[tag_for(vector), "nep"],
        visibility="public",
    )
    reply = services.reply_create(annotation=annotation, author=member, body=vector)
    stored_tag = (
        TaggedAnnotation.objects.filter(content_object=annotation)
        .exclude(tag__name="nep")
        .values_list("tag__name", flat=True)
        .get()
    )

    assert_safe_fragment(annotation.comment_html)
    assert_safe_fragment(reply.body_html)

    client.force_login(owner)
    notebook = client.get(reverse("reader:notebook")).content.decode()
    assert_safe_page(notebook)
    assert escape(stored_tag) in notebook
    assert_tag_not_raw(notebook, stored_tag)

    section = client.get(reverse("reader:section", args=["nep", 1]))
    assert section.status_code == 200
    assert_safe_page(section.content.decode())
    assert_tag_not_raw(section.content.decode(), stored_tag)

    client.force_login(member)
    paragraph = client.get(reverse("reader:paragraph", args=["nep", 2])).content.decode()
    assert_safe_page(paragraph)
    assert_tag_not_raw(paragraph, stored_tag)

    detail = f"/api/annotations/{annotation.pk}/"
    if url_exists(detail):
        data = client.get(detail, HTTP_ACCEPT="application/json").json()
        assert_safe_fragment(data["comment_html"])
        assert stored_tag in data["tags"]
    replies = f"/api/annotations/{annotation.pk}/replies/"
    if url_exists(replies):
        data = client.get(replies, HTTP_ACCEPT="application/json").json()
        bodies = [item["body_html"] for item in data["results"]]
        assert bodies == [reply.body_html]
        for body in bodies:
            assert_safe_fragment(body)


@pytest.mark.parametrize(
    "fragment",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)" rel="nofollow noopener">x</a>',
        '<a href="jav&#x09;ascript:alert(1)" rel="nofollow noopener">x</a>',
        '<a href=" &#106;avascript:alert(1)" rel="nofollow noopener">x</a>',
        '<a href="https://ok.example">no rel</a>',
        '<a href="https://ok.example" rel="nofollow noopener" onclick="x()">x</a>',
        '<a href="https://ok.example" rel="nofollow noopener" target="_blank">x</a>',
        '<a href="https://ok.example" rel="nofollow noopener noreferrer" target="top">x</a>',
        "<img src=x>",
        '<p style="color: red">x</p>',
    ],
)
def test_the_fragment_check_catches_what_it_must(fragment):
    with pytest.raises(AssertionError):
        assert_safe_fragment(fragment)


@pytest.mark.parametrize(
    "page",
    [
        "<p>x</p><script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<p><a href="vbscript:msgbox(1)">x</a></p>',
        "<div onmouseover=alert(1)>x</div>",
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        "<svg></svg>",
    ],
)
def test_the_page_check_catches_what_it_must(page):
    with pytest.raises(AssertionError):
        assert_safe_page(page)


def test_the_page_check_lets_our_own_scripts_through():
    assert_safe_page(
        '<script id="d" type="application/json">{"a": "\\u003Cb\\u003E"}</script>'
        '<script type="module" src="/static/js/annotate/main.js"></script>'
    )
