"""annotations/alignment.py's kept_pieces: what an old passage's kept characters became."""

from annotations.alignment import align

OLD = "The plan failed.\n\nMarkets returned under the NEP, in the towns and on the land."


def test_it_maps_an_unchanged_paragraph_to_its_new_place():
    new = "A new opening.\n\n" + OLD
    start = OLD.index("Markets")

    pieces = align(OLD, new).kept_pieces(start, len(OLD))

    assert [new[a:b] for a, b in pieces] == [OLD[start:]]


def test_it_leaves_out_the_edited_words():
    new = OLD.replace("in the towns", "in the cities")
    start = OLD.index("Markets")

    kept = "".join(new[a:b] for a, b in align(OLD, new).kept_pieces(start, len(OLD)))

    assert "Markets returned under the NEP" in kept
    assert "and on the land." in kept
    assert "cities" not in kept


def test_it_answers_nothing_for_words_that_are_gone():
    new = "The plan failed.\n\nEverything else was rewritten from scratch."

    assert align(OLD, new).kept_pieces(OLD.index("Markets"), len(OLD)) == []
