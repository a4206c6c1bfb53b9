"""Bug (issue 16): a reading-list entry's section title is its own document's, never the
title of another document's section with the same number."""

import re

import pytest

from annotations.circles.queries import reading_list, reading_lists_for_user
from annotations.circles.reading_list import reading_list_add
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest


def two_sections(slug: str, title: str, first: str, second: str):
    blocks = [
        Block("heading", first, level=1),
        Block("body", f"The opening of {title}."),
        Block("heading", second, level=1),
        Block("body", f"More of {title}."),
    ]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug=slug, title=title, author="A. Writer"
    ).document


@pytest.fixture
def listed(circle, owner):
    """A book and an article with the same section numbers, both on the reading list."""
    book = two_sections(
        "book", "The Book", "Chapter One: The crucibles of Russian socialism", "Chapter Two"
    )
    article = two_sections("article", "Socialism and the Soviet Union", "Opening", "War Communism")
    # Each section in the other's version too, so that ids do not line up by chance.
    order = {
        doc.slug: list(doc.current_version.sections.order_by("order")) for doc in (book, article)
    }
    reading_list_add(
        circle=circle, actor=owner, document=book, section_order=order["book"][0].order
    )
    reading_list_add(
        circle=circle, actor=owner, document=article, section_order=order["article"][1].order
    )
    reading_list_add(
        circle=circle, actor=owner, document=article, section_order=order["article"][0].order
    )
    return circle


def test_it_titles_each_entry_with_its_own_documents_section(listed):
    titles = [(e.document.slug, e.section_title) for e in reading_list(listed)]

    assert titles == [
        ("book", "Chapter One: The crucibles of Russian socialism"),
        ("article", "War Communism"),
        ("article", "Opening"),
    ]


def test_it_titles_each_members_library_entry_with_its_own_documents_section(listed, member):
    titles = [(e.document.slug, e.section_title) for e in reading_lists_for_user(member)]

    assert titles == [
        ("book", "Chapter One: The crucibles of Russian socialism"),
        ("article", "War Communism"),
        ("article", "Opening"),
    ]


def entry_titles(page: str) -> list[str]:
    """The first link text of each reading-list entry on a page."""
    return [
        re.search(r"<a [^>]*>([^<]*)</a>", part).group(1)
        for part in page.split('<p class="reading-entry-title">')[1:]
    ]


@pytest.mark.parametrize("url", ["/circles/study-group/", "/"])
def test_it_shows_the_right_titles_on_the_circle_page_and_in_the_library(
    listed, member, client, url
):
    client.force_login(member)

    page = client.get(url).content.decode()

    assert entry_titles(page) == [
        "Chapter One: The crucibles of Russian socialism",
        "War Communism",
        "Opening",
    ]
