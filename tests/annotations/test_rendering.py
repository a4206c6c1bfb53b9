"""Readers' Markdown as HTML: links to other sites open in a new tab, and nothing else
changes what the sanitiser allows."""

import pytest

from annotations.rendering import render_markdown
from tests.annotations.test_xss import assert_safe_fragment


def test_it_opens_a_link_to_another_site_in_a_new_tab():
    html = render_markdown("See [the essay](https://example.org/essay).")

    assert html == (
        '<p>See <a href="https://example.org/essay" rel="nofollow noopener noreferrer" '
        'target="_blank">the essay</a>.</p>'
    )


def test_it_opens_a_bare_address_in_a_new_tab_too():
    html = render_markdown("More at http://example.org/notes")

    assert html == (
        '<p>More at <a href="http://example.org/notes" rel="nofollow noopener noreferrer" '
        'target="_blank">http://example.org/notes</a></p>'
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "[chapter](/read/e/s/2/)",
            '<p><a href="/read/e/s/2/" rel="nofollow noopener">chapter</a></p>',
        ),
        (
            "[mail](mailto:a@b.org)",
            '<p><a href="mailto:a@b.org" rel="nofollow noopener">mail</a></p>',
        ),
    ],
)
def test_it_keeps_links_on_this_site_and_mail_links_in_the_tab(markdown, expected):
    assert render_markdown(markdown) == expected


@pytest.mark.parametrize(
    "hostile",
    [
        '<a href="https://evil.example" target="_self" onclick="steal()">x</a>',
        "[x](javascript:alert(1))",
        '[x](https://ok.example "t" target="_parent")',
        "[x](https://ok.example)<script>alert(1)</script>",
        '<a href="https://ok.example" rel="opener">x</a>',
        "[x](//evil.example/path)",
        "[x](JaVaScRiPt:alert(1))",
        "<img src=x onerror=alert(1)> https://ok.example",
    ],
)
def test_it_keeps_hostile_markdown_safe(hostile):
    html = render_markdown(hostile)

    assert_safe_fragment(html)
    assert 'target="_self"' not in html and 'target="_parent"' not in html
    assert 'rel="opener"' not in html


def test_it_never_leaves_a_new_tab_without_noopener():
    html = render_markdown(
        "[a](https://a.example.org) [b](https://b.example.org) https://c.example.org"
    )

    assert html.count('target="_blank"') == 3
    assert html.count('rel="nofollow noopener noreferrer"') == 3
