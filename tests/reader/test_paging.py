"""reader/paging.py: which ``?page=`` values are pages of a list."""

import pytest
from django.http import Http404

from reader.paging import check_page, page_number


@pytest.mark.parametrize(("value", "number"), [(None, 1), ("", 1), ("1", 1), ("7", 7), ("10", 10)])
def test_it_reads_a_page_of_the_list(value, number):
    assert page_number(value, last=10) == number


@pytest.mark.parametrize("value", ["0", "-1", "11", "999", "two", "1e3", "٣", "9" * 5000, " 2"])
def test_it_answers_any_other_value_as_no_such_page(value):
    with pytest.raises(Http404):
        page_number(value, last=10)


def test_it_refuses_a_page_past_the_last_one_only():
    check_page(1, count=0)
    check_page(3, count=3)
    with pytest.raises(Http404, match="There is no page 4 of this list; it has 3."):
        check_page(4, count=3)
