"""Mentions in rendered comments and replies: a span, outside links and code, added after
the sanitiser, which still lets nothing else through."""

import pytest

from annotations.rendering import render_markdown
from tests.annotations.test_xss import assert_safe_fragment


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Hi @bob.", '<p>Hi <span class="mention">@bob</span>.</p>'),
        ("**@bob**", '<p><strong><span class="mention">@bob</span></strong></p>'),
        ("`@bob`", "<p><code>@bob</code></p>"),
        ("mail ana@example.org", "<p>mail ana@example.org</p>"),
        (
            "see https://example.org/@bob",
            '<p>see <a href="https://example.org/@bob" rel="nofollow noopener noreferrer" '
            'target="_blank">https://example.org/@bob</a></p>',
        ),
    ],
)
def test_it_marks_mentions(markdown, html):
    assert render_markdown(markdown) == html


@pytest.mark.parametrize(
    "markdown",
    [
        '<span class="mention" onclick="x()">@bob</span>',
        "@bob<script>alert(1)</script>",
        '<a href="javascript:alert(1)">@bob</a>',
        "[@bob](javascript:alert(1))",
    ],
)
def test_a_reader_cannot_make_a_span_or_anything_else_through_a_mention(markdown):
    html = render_markdown(markdown)
    assert html.count("<span") == html.count('<span class="mention">@bob</span>') == 1
    assert_safe_fragment(html)
