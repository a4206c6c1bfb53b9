"""The reading views load annotate/main.js and their other scripts as ES modules, with
every module annotate/main.js imports preloaded (templates/reader/_annotate_modules.html)."""

import posixpath
import re

import pytest
from django.conf import settings
from django.urls import reverse

STATIC = settings.BASE_DIR / "static"
IMPORT = re.compile(r"""^import\s[^;]*?\sfrom\s"([^"]+)";""", re.MULTILINE)


def module_graph(entry: str) -> set[str]:
    """The static paths of ``entry`` and of every module it imports, however deep."""
    found: set[str] = set()
    waiting = [entry]
    while waiting:
        path = waiting.pop()
        if path in found:
            continue
        found.add(path)
        for url in IMPORT.findall((STATIC / path).read_text()):
            waiting.append(posixpath.normpath(posixpath.join(posixpath.dirname(path), url)))
    return found


PAGES = {
    "section": (["book", 3], ["js/annotate/main.js", "js/position.js"]),
    "paragraph": (["book", 6], ["js/keys.js", "js/annotate/main.js", "js/position.js"]),
}


@pytest.fixture(params=PAGES)
def page(request, client, book) -> tuple[str, list[str]]:
    """A reading view's HTML, and the scripts it should load in order."""
    args, scripts = PAGES[request.param]
    return client.get(reverse(f"reader:{request.param}", args=args)).content.decode(), scripts


def test_it_preloads_every_module_that_annotate_imports(page):
    html, _ = page
    preloaded = re.findall(r'<link rel="modulepreload" href="/static/([^"]+)">', html)

    assert len(preloaded) == len(set(preloaded))
    assert set(preloaded) == module_graph("js/annotate/main.js")


def test_it_loads_its_scripts_as_modules_in_order_after_the_page_data(page):
    html, expected = page
    scripts = re.findall(r'<script type="module" src="/static/([^"]+)"></script>', html)

    assert scripts == expected
    assert html.index('<script id="annotation-data"') < html.index('<script type="module"')
    assert "<script src=" not in html
