"""Highlights follow the seed article from its 2020 to its 2021 version (issue 13):
measured against a ground truth that does not use our diff (bench/reanchor_quality.py)."""

import pytest

from bench import reanchor_quality


@pytest.fixture(scope="module")
def figures():
    old, new, paragraphs = reanchor_quality.seed_texts()
    truth = reanchor_quality.GroundTruth(old, new)
    highlights = reanchor_quality.make_highlights(old, paragraphs, reanchor_quality.HIGHLIGHTS)
    return reanchor_quality.evaluate(truth, highlights, reanchor_quality.ours(old, new))


def test_it_measures_about_400_highlights_with_both_kinds_of_change(figures):
    assert figures.total == 400
    assert figures.survive > 300
    assert figures.gone > 10


def test_it_places_95_percent_of_surviving_highlights_on_their_true_passage(figures):
    assert figures.survive_placed_true >= 0.95 * figures.survive


def test_it_marks_nothing_exact_that_is_not_on_its_true_passage(figures):
    assert figures.exact_elsewhere == 0, figures.misplaced


def test_at_most_3_percent_of_fuzzy_placements_miss_their_passage(figures):
    assert figures.fuzzy_missed <= 0.03 * figures.fuzzy, figures.misplaced


def test_highlights_whose_words_are_gone_are_orphaned_never_exact(figures):
    assert figures.gone_exact == 0
    assert figures.gone_orphaned >= 0.9 * figures.gone
