"""A section page reached from a search (``?hl=``): where the search's words are on the
page, for static/js/search-marks.js, found as the search found them (stemmed), in one
more query; nothing at all without ``?hl=``."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.corpus.search.hostile import HOSTILE

pytestmark = pytest.mark.django_db

MARKS = re.compile(r'<script id="search-marks" type="application/json">(.*?)</script>')


def chapter_url(book) -> str:
    # Chapter One (with its sub-section) is read whole on one page.
    return reverse("reader:section", args=[book.slug, 3])


def marks_of(html: str):
    found = MARKS.search(html)
    return json.loads(found.group(1)) if found else None


def test_it_sends_where_each_form_of_the_words_is_in_the_text(client, book):
    response = client.get(chapter_url(book), {"hl": "plan"})

    assert response.status_code == 200
    html = response.content.decode()
    marks = marks_of(html)
    text = book.current_version.text
    assert marks["words"] == "plan"
    assert [text[start:end] for start, end in marks["spans"]] == ["Planning"]
    assert 'src="/static/js/search-marks.js"' in html
    assert "1 match for “plan” marked" in html


def test_it_marks_any_of_the_words_not_only_where_all_are(client, book):
    marks = marks_of(client.get(chapter_url(book), {"hl": "quotation failed"}).content.decode())

    text = book.current_version.text
    assert [text[start:end] for start, end in marks["spans"]] == ["quotation", "failed"]


def test_it_adds_nothing_without_search_words(client, book):
    html = client.get(chapter_url(book)).content.decode()

    assert marks_of(html) is None
    assert "search-marks.js" not in html


@pytest.mark.parametrize("hl", HOSTILE)
def test_it_answers_any_words(client, book, hl):
    response = client.get(chapter_url(book), {"hl": hl})

    assert response.status_code == (400 if "\x00" in hl else 200)


def test_it_costs_one_query_more(client, book):
    client.get(chapter_url(book))  # caches the chapter's popular coverage
    with CaptureQueriesContext(connection) as plain:
        client.get(chapter_url(book))
    with CaptureQueriesContext(connection) as marked:
        client.get(chapter_url(book), {"hl": "plan"})

    savepoints = 2 if connection.vendor == "postgresql" else 0
    assert len(marked) == len(plain) + 1 + savepoints


def test_the_paragraph_in_context_keeps_the_words_across_versions(client, book):
    # ?in=context without ?from: the current version's paragraph in its chapter.
    response = client.get(
        reverse("reader:paragraph", args=[book.slug, 11]), {"in": "context", "hl": "plan"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{chapter_url(book)}?hl=plan#p-11"
