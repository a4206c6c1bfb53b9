"""Popular stretches (annotations/popular.py): pure, no database."""

import pytest

from annotations.popular import PopularStretch, level_for, popular_stretches


def test_it_counts_distinct_readers_over_each_stretch():
    marks = [(0, 100, 1), (50, 150, 2), (50, 80, 1)]  # reader 1 twice over 50..80: one reader

    stretches = popular_stretches(marks)

    assert stretches == [
        PopularStretch(0, 50, 1, 1),
        PopularStretch(50, 100, 2, 2),
        PopularStretch(100, 150, 1, 1),
    ]


def test_it_smooths_short_stretches_and_small_gaps_away():
    # Two readers over 0..40 and 43..80 (a space between), a third over 40..43 only.
    marks = [(0, 40, 1), (0, 40, 2), (43, 80, 1), (43, 80, 2), (40, 43, 3)]

    assert popular_stretches(marks) == [PopularStretch(0, 80, 2, 2)]


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
