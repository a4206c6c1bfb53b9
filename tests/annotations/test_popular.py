"""Popular stretches (annotations/popular.py): pure, no database."""

import pytest

from annotations.popular import PopularStretch, level_for, popular_stretches


def test_it_counts_distinct_readers_over_each_stretch():
    marks = [(0, 10, 1), (5, 15, 2), (5, 8, 1)]  # reader 1 twice over 5..8: still one reader

    stretches = popular_stretches(marks)

    assert stretches == [
        PopularStretch(0, 5, 1, 1),
        PopularStretch(5, 10, 2, 2),
        PopularStretch(10, 15, 1, 1),
    ]


def test_it_joins_one_readers_touching_highlights():
    assert popular_stretches([(0, 5, 1), (5, 9, 1)]) == [PopularStretch(0, 9, 1, 1)]


def test_it_merges_neighbours_of_the_same_level_keeping_the_most_readers():
    # Against 40 readers at the most, 1 to 10 readers are level 1.
    marks = [(0, 10, reader) for reader in range(40)] + [(20, 30, 100), (25, 40, 101)]

    stretches = popular_stretches(marks)

    assert stretches == [PopularStretch(0, 10, 40, 4), PopularStretch(20, 40, 2, 1)]


def test_it_keeps_to_the_page():
    assert popular_stretches([(0, 50, 1)], start=10, end=20) == [PopularStretch(10, 20, 1, 1)]
    assert popular_stretches([(0, 5, 1)], start=10, end=20) == []


@pytest.mark.parametrize(
    ("readers", "most", "level"),
    [(1, 1, 1), (2, 2, 2), (4, 4, 4), (1, 50, 1), (12, 50, 1), (13, 50, 2), (38, 50, 4)],
)
def test_it_shades_by_readers_against_the_most_marked(readers, most, level):
    assert level_for(readers, most) == level
