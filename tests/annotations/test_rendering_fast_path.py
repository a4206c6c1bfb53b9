"""Markdown that needs no cleaning is stored as rendered: the same HTML bleach would give.

Imports render thousands of comments; most are plain words, and bleach's parse and
re-serialisation was a fifth of an import's time. These tests hold the shortcut to
"cleaning would change nothing", on hostile input and on random Markdown.
"""

import random
import re

import pytest

from annotations import rendering
from annotations.rendering import render_markdown

# Markdown's own characters, HTML's, entities and a URL's pieces, mixed at random.
PIECES = [
    *"abc <>&\"'*_`#-\n>[]()!~^=\\|{}/:.",
    "é",
    "\u00a0",
    "&amp;",
    "&#39;",
    "<b>",
    "</p>",
    "<script>",
    "javascript:",
    "http",
    "www.",
    "  \n",
    "\n\n",
    "1. ",
    "    ",
]


def cleaned(text: str) -> str:
    """What the full allowlist (with linkifying) makes of ``text``."""
    return rendering._cleaner.clean(rendering._renderer.render(text)).strip()


def same(html: str) -> str:
    """``html`` as bleach would serialise it: bleach writes the text "&#39;" (escaped
    by markdown-it as "&amp;#39;") back as the entity, showing "'" instead; the only
    difference, and one where the uncleaned HTML is the faithful one."""
    return re.sub(r"&amp;(#?\w+;)", r"&\1", html)


def test_random_markdown_renders_as_cleaning_would():
    rng = random.Random(16)
    for _ in range(5_000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 60)))
        if text.strip():
            assert same(render_markdown(text)) == same(cleaned(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "plain words",
        'He said "no" & left',
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ `<code>`\n\n- a\n- b",
        "a  \nb\n\n***",
        "[x](javascript:alert(1))",
        "see https://example.org/a?b=<c>",
        "&lt;script&gt; &#60;b&#62;",
    ],
)
def test_hostile_and_ordinary_markdown(text):
    html = render_markdown(text)
    assert html == cleaned(text)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


def test_plain_text_is_not_cleaned_again(monkeypatch):
    """The shortcut is taken: the cleaners are not called for plain words."""
    calls = []
    for cleaner in (rendering._cleaner, rendering._plain_cleaner):
        monkeypatch.setattr(cleaner, "clean", lambda html, calls=calls: calls.append(html))
    assert render_markdown("Plain *words*, a list:\n\n- one\n- two") == (
        "<p>Plain <em>words</em>, a list:</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"
    )
    assert calls == []


def test_a_mention_in_plain_words_is_still_marked():
    # A mention is added by the cleaners' filter: plain words with "@" are cleaned.
    assert render_markdown("Ask @dave about it") == (
        '<p>Ask <span class="mention">@dave</span> about it</p>'
    )
