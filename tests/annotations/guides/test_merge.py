"""Merging highlights into passages: pure, no database."""

from annotations.guides.merge import Mark, merge_passages, strength_runs

ALICE, BOB, DAVE = 1, 2, 3


def mark(id, start, end, author=ALICE, version=1):
    return Mark(id=id, version_id=version, start=start, end=end, author_id=author)


def spans(passages):
    return [(p.start, p.end, p.highlight_ids) for p in passages]


def test_it_keeps_disjoint_highlights_apart():
    passages = merge_passages([mark(2, 20, 30), mark(1, 0, 10)])
    assert spans(passages) == [(0, 10, [1]), (20, 30, [2])]


def test_it_merges_a_nested_highlight_into_its_container():
    passages = merge_passages([mark(1, 0, 50), mark(2, 10, 20, BOB)])
    assert spans(passages) == [(0, 50, [1, 2])]
    assert passages[0].strength == [(0, 10, 1), (10, 20, 2), (20, 50, 1)]


def test_it_merges_a_chain_of_overlaps_into_their_union():
    passages = merge_passages([mark(1, 0, 10), mark(2, 5, 15, BOB), mark(3, 12, 30, DAVE)])
    assert spans(passages) == [(0, 30, [1, 2, 3])]
    assert passages[0].members == {ALICE, BOB, DAVE}
    assert passages[0].strength == [(0, 5, 1), (5, 10, 2), (10, 12, 1), (12, 15, 2), (15, 30, 1)]


def test_it_merges_highlights_that_touch():
    passages = merge_passages([mark(1, 0, 10), mark(2, 10, 20, BOB)])
    assert spans(passages) == [(0, 20, [1, 2])]


def test_it_joins_equal_runs_where_highlights_touch():
    passages = merge_passages([mark(1, 0, 10), mark(2, 10, 20, BOB)])
    assert passages[0].strength == [(0, 20, 1)]


def test_it_does_not_merge_highlights_one_character_apart():
    passages = merge_passages([mark(1, 0, 10), mark(2, 11, 20)])
    assert spans(passages) == [(0, 10, [1]), (11, 20, [2])]


def test_it_merges_across_a_paragraph_boundary():
    # Paragraphs [0, 40) and [42, 90): a highlight crossing the "\n\n" joins both.
    passages = merge_passages([mark(1, 30, 40), mark(2, 35, 60, BOB), mark(3, 70, 80)])
    assert spans(passages) == [(30, 60, [1, 2]), (70, 80, [3])]


def test_it_counts_a_member_who_marked_the_same_range_twice_once():
    passages = merge_passages([mark(1, 0, 10), mark(2, 0, 10)])
    assert passages[0].member_count == 1
    assert passages[0].strength == [(0, 10, 1)]


def test_it_counts_two_members_who_marked_the_same_range_as_two():
    passages = merge_passages([mark(1, 0, 10), mark(2, 0, 10, BOB)])
    assert spans(passages) == [(0, 10, [1, 2])]
    assert passages[0].member_count == 2
    assert passages[0].strength == [(0, 10, 2)]


def test_it_counts_one_members_overlapping_highlights_once_in_strength():
    passages = merge_passages([mark(1, 0, 10), mark(2, 5, 15), mark(3, 8, 12, BOB)])
    assert passages[0].member_count == 2
    assert passages[0].strength == [(0, 8, 1), (8, 12, 2), (12, 15, 1)]


def test_it_never_merges_across_versions():
    passages = merge_passages([mark(1, 0, 10, version=1), mark(2, 5, 15, version=2)])
    assert [(p.version_id, p.start, p.end) for p in passages] == [(1, 0, 10), (2, 5, 15)]


def test_it_returns_nothing_for_no_highlights():
    assert merge_passages([]) == []


def test_it_measures_strength_of_a_single_highlight():
    assert strength_runs([mark(1, 3, 9)]) == [(3, 9, 1)]
