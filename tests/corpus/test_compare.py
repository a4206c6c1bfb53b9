"""The pure paragraph and word diff behind the compare page: no database."""

import random
import string

from corpus.compare import (
    DELETED,
    EDITED,
    INSERTED,
    MOVED,
    UNCHANGED,
    Row,
    collapse,
    counts,
    diff_paragraphs,
    word_changes,
)

PLAN = "The plan was adopted by the congress in the spring of that year."
WAR = "The civil war lasted three years and cost millions of lives."
NEP = "The new economic policy brought back markets for grain and goods."
PARTY = "Factions inside the party were banned at the tenth congress."
FAMINE = "Collectivisation led to a famine in which millions of peasants died."


def changed(text, spans):
    return [text[start:end] for start, end in spans]


def kinds(rows):
    return [(row.kind, row.old, row.new) for row in rows]


def test_it_pairs_identical_paragraphs_as_unchanged():
    rows = diff_paragraphs([PLAN, WAR], [PLAN, WAR])

    assert kinds(rows) == [(UNCHANGED, (0,), (0,)), (UNCHANGED, (1,), (1,))]


def test_it_pairs_an_edited_paragraph_and_marks_the_words_that_changed():
    edited = PLAN.replace("spring", "autumn")

    [row] = [
        row for row in diff_paragraphs([WAR, PLAN, NEP], [WAR, edited, NEP]) if row.old == (1,)
    ]

    assert (row.kind, row.new) == (EDITED, (1,))
    assert changed(PLAN, row.old_changes[0]) == ["spring"]
    assert changed(edited, row.new_changes[0]) == ["autumn"]


def test_it_marks_a_rewritten_phrase_as_one_change_not_one_per_word():
    old, new = word_changes(
        ["Stalin removed all opposition within the party."],
        ["Stalin slowly and ruthlessly destroyed all opposition within the party."],
    )

    assert changed("Stalin removed all opposition within the party.", old[0]) == ["removed"]
    assert changed(
        "Stalin slowly and ruthlessly destroyed all opposition within the party.", new[0]
    ) == ["slowly and ruthlessly destroyed"]


def test_it_shows_paragraphs_only_in_the_old_version_as_deleted_and_only_in_the_new_as_inserted():
    rows = diff_paragraphs([PLAN, WAR, NEP], [PLAN, PARTY, NEP])

    assert kinds(rows) == [
        (UNCHANGED, (0,), (0,)),
        (DELETED, (1,), ()),
        (INSERTED, (), (1,)),
        (UNCHANGED, (2,), (2,)),
    ]
    assert counts(rows) == {UNCHANGED: 2, EDITED: 0, DELETED: 1, INSERTED: 1, MOVED: 0}


def test_it_pairs_a_paragraph_split_in_two_with_both_halves():
    rows = diff_paragraphs([PLAN + " " + WAR, NEP], [PLAN, WAR, NEP])

    assert kinds(rows)[0] == (EDITED, (0,), (0, 1))
    assert rows[0].new_changes == ((), ())


def test_it_pairs_two_paragraphs_merged_into_one_with_the_one():
    rows = diff_paragraphs(
        [NEP, PLAN, WAR], [NEP, PLAN + " Meanwhile, " + WAR[0].lower() + WAR[1:]]
    )

    assert kinds(rows)[1] == (EDITED, (1, 2), (1,))
    merged = PLAN + " Meanwhile, " + WAR[0].lower() + WAR[1:]
    assert changed(merged, rows[1].new_changes[0]) == ["Meanwhile, the"]
    assert changed(WAR, rows[1].old_changes[1]) == ["The"]


def test_it_marks_a_paragraph_moved_elsewhere_on_both_sides_with_its_other_place():
    rows = diff_paragraphs([FAMINE, PLAN, WAR, NEP, PARTY], [PLAN, WAR, NEP, PARTY, FAMINE])

    assert kinds(rows) == [
        (MOVED, (0,), ()),
        (UNCHANGED, (1,), (0,)),
        (UNCHANGED, (2,), (1,)),
        (UNCHANGED, (3,), (2,)),
        (UNCHANGED, (4,), (3,)),
        (MOVED, (), (4,)),
    ]
    assert (rows[0].partner, rows[-1].partner) == (4, 0)
    assert rows[0].old_changes == ((),)
    assert counts(rows)[MOVED] == 1


def test_it_marks_a_nearly_identical_paragraph_moved_with_its_edits():
    edited = FAMINE.replace("millions", "many millions")

    rows = diff_paragraphs([FAMINE, PLAN, WAR, NEP, PARTY], [PLAN, WAR, NEP, PARTY, edited])

    assert (rows[0].kind, rows[0].partner) == (MOVED, 4)
    assert (rows[-1].kind, rows[-1].partner) == (MOVED, 0)
    assert changed(edited, rows[-1].new_changes[0]) == ["many"]


def test_it_does_not_pair_unrelated_paragraphs():
    rows = diff_paragraphs([PLAN, WAR], [PLAN, "Everything here was rewritten from scratch."])

    assert kinds(rows)[1:] == [(DELETED, (1,), ()), (INSERTED, (), (1,))]


def test_it_never_takes_blank_paragraphs_for_a_move():
    rows = diff_paragraphs(["", PLAN, WAR], [PLAN, WAR, " "])

    assert kinds(rows) == [
        (DELETED, (0,), ()),
        (UNCHANGED, (1,), (0,)),
        (UNCHANGED, (2,), (1,)),
        (INSERTED, (), (2,)),
    ]


def test_it_collapses_runs_of_unchanged_rows_but_those_it_is_told_to_keep():
    rows = [
        Row(UNCHANGED, (0,), (0,)),
        Row(UNCHANGED, (1,), (1,)),
        Row(UNCHANGED, (2,), (2,)),
        Row(EDITED, (3,), (3,)),
        Row(UNCHANGED, (4,), (4,)),
        Row(UNCHANGED, (5,), (5,)),
        Row(UNCHANGED, (6,), (6,)),
        Row(DELETED, (7,)),
        Row(UNCHANGED, (8,), (7,)),
    ]

    blocks = collapse(rows, keep=lambda row: row.old == (5,))

    assert [(block.collapsed, [row.old[0] for row in block.rows]) for block in blocks] == [
        (True, [0, 1, 2]),
        (False, [3, 4, 5, 6, 7, 8]),
    ]


def test_it_gives_each_paragraph_of_a_merge_its_own_changes():
    old, new = word_changes(["One two three", "four five six"], ["One two three four five seven"])

    assert old == [(), ((10, 13),)]
    assert changed("four five six", old[1]) == ["six"]
    assert changed("One two three four five seven", new[0]) == ["seven"]


def test_it_counts_a_word_or_two_kept_between_changes_as_part_of_the_change():
    old = "Soviets were still being formed and the media remained dominated by the royalists."
    new = "Soviets were still being formed. The new government had no chance to explain itself."

    old_spans, new_spans = word_changes([old], [new])

    assert changed(old, old_spans[0]) == ["and the media remained dominated by the royalists."]
    assert changed(new, new_spans[0]) == [". The new government had no chance to explain itself."]


def test_it_leaves_a_very_long_rewrite_unpaired_but_still_finds_its_moves():
    letters = random.Random(13)

    def gibberish():
        return "".join(letters.choice(string.ascii_lowercase + "  ") for _ in range(80))

    rewritten = [gibberish() for _ in range(201)]
    rewrite = [gibberish() for _ in range(201)]

    rows = diff_paragraphs([FAMINE, *rewritten, PLAN, WAR], [*rewrite, PLAN, WAR, FAMINE])

    assert counts(rows) == {UNCHANGED: 2, EDITED: 0, DELETED: 201, INSERTED: 201, MOVED: 1}
    assert (rows[0].kind, rows[0].partner) == (MOVED, 203)
