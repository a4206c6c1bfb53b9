"""annotations.export.rows: the same queries whatever the number of annotations."""

import pytest

from annotations.export.rows import export_rows
from annotations.export.scopes import annotations_for_export
from tests.annotations.conftest import highlight

QUOTES = ["tax in kind", "We are retreating", "Private trade"]  # in reading order


@pytest.mark.parametrize("count", [1, 3])
def test_it_reads_in_three_queries_for_one_chunk(count, document, owner, django_assert_num_queries):
    for quote in QUOTES[:count]:
        highlight(document, owner, quote, tags=["nep", "x"])
    # The annotations, their tags, and their version's sections and paragraphs.
    with django_assert_num_queries(4):
        rows = list(export_rows(annotations_for_export(owner, "me")))
    assert [row.exact for row in rows] == QUOTES[:count]
    assert all(row.tags == ["nep", "x"] for row in rows)


def test_it_reads_chunk_by_chunk(document, owner, django_assert_num_queries):
    for quote in QUOTES:
        highlight(document, owner, quote)
    # Per chunk of two: the annotations (one cursor), tags; the layout only once.
    with django_assert_num_queries(1 + 2 + 2):
        rows = list(export_rows(annotations_for_export(owner, "me"), chunk=2))
    assert [(row.exact, row.ordinal, row.section) for row in rows] == [
        ("tax in kind", 2, "The New Economic Policy"),
        ("We are retreating", 3, "The New Economic Policy"),
        ("Private trade", 4, "The New Economic Policy"),
    ]
