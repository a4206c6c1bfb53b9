"""Popular stretches (annotations/popular.py): pure, no database."""

import random

import pytest

from annotations.popular import PopularStretch, coverage, level_for, stretches, without


def popular_stretches(marks, **page):
    return stretches(coverage(marks, **page))


def test_it_counts_distinct_readers_over_each_stretch():
    marks = [(0, 100, 1), (50, 150, 2), (50, 80, 1)]  # reader 1 twice over 50..80: one reader

    assert popular_stretches(marks) == [
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

    assert popular_stretches(marks) == [
        PopularStretch(0, 10, 40, 4),
        PopularStretch(20, 40, 2, 1),
    ]


def test_it_keeps_to_the_page():
    assert popular_stretches([(0, 50, 1)], start=10, end=20) == [PopularStretch(10, 20, 1, 1)]
    assert popular_stretches([(0, 5, 1)], start=10, end=20) == []


@pytest.mark.parametrize(
    ("readers", "most", "level"),
    [(1, 1, 1), (2, 2, 2), (4, 4, 4), (1, 50, 1), (12, 50, 1), (13, 50, 2), (38, 50, 4)],
)
def test_it_shades_by_readers_against_the_most_marked(readers, most, level):
    assert level_for(readers, most) == level


def test_its_coverage_is_one_piece_where_one_reader_ends_as_another_starts():
    # Not two pieces of one reader each, which the smoothing would treat as short ones.
    assert coverage([(0, 5, 1), (5, 9, 2)]) == [(0, 9, 1)]


def test_a_readers_own_highlights_come_out_of_the_coverage():
    pieces = coverage([(0, 100, 1), (50, 150, 2), (60, 70, 2)])

    assert pieces == [(0, 50, 1), (50, 100, 2), (100, 150, 1)]
    assert without(pieces, [(60, 70), (50, 150)]) == [(0, 100, 1)]  # reader 2's
    assert without(pieces, [(0, 100)]) == [(50, 150, 1)]  # reader 1's


@pytest.mark.parametrize("seed", range(40))
def test_the_layer_less_a_readers_own_is_the_layer_of_the_others(seed):
    """What a page draws: the coverage of everybody's public highlights (cached), less
    the reader's own, smoothed; the same as the layer of the others' alone."""
    rng = random.Random(seed)
    marks = []
    for _ in range(rng.randint(0, 60)):
        start = rng.randint(0, 300)
        marks.append((start, start + rng.randint(1, 60), rng.randint(1, 6)))
    page = {"start": rng.randint(0, 100), "end": rng.randint(150, 400)}
    reader = rng.randint(1, 6)

    own = [(start, end) for start, end, author in marks if author == reader]
    others = [mark for mark in marks if mark[2] != reader]

    everybody = coverage(marks, **page)
    assert without(everybody, own) == coverage(others, **page)
    assert stretches(without(everybody, own)) == popular_stretches(others, **page)
