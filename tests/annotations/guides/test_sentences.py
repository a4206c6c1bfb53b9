"""Sentence boundaries of a paragraph (pure): the context a guide shows around a passage."""

import random

import pytest

from annotations.guides.sentences import (
    sentence_around,
    sentence_end,
    sentence_spans,
    sentence_start,
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def around(text: str, passage: str) -> str:
    start = text.index(passage)
    left, right = sentence_around(text, start, start + len(passage))
    return text[left:right]


def test_it_splits_plain_sentences():
    assert sentences("Lenin spoke. The party listened!  Did it agree? Nobody knows") == [
        "Lenin spoke.",
        "The party listened!",
        "Did it agree?",
        "Nobody knows",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Dr. Jones in St. Petersburg before the war.",
        "The U.S.S.R. was founded in 1922 by the treaty.",
        "E. H. Carr wrote the history of Soviet Russia.",
        "Some measures, e.g. the tax in kind, and others, i.e. trade, returned.",
        "See vol. 2, pp. 14-20, for the figures.",
        "He paused... then went on.",
    ],
)
def test_it_keeps_abbreviations_initials_and_initialisms_inside_a_sentence(text):
    assert sentences(text) == [text]


def test_it_ends_a_sentence_after_its_closing_quote():
    text = 'Lenin said, "We are retreating." Then the NEP began. "Why?" he asked.'

    assert sentences(text) == [
        'Lenin said, "We are retreating."',
        "Then the NEP began.",
        '"Why?" he asked.',
    ]


def test_it_ends_a_sentence_before_an_opening_quote():
    text = "The party met. “Retreat,” said Lenin. (It did.) Trade returned."

    assert sentences(text) == [
        "The party met.",
        "“Retreat,” said Lenin.",
        "(It did.)",
        "Trade returned.",
    ]


def test_it_goes_on_when_a_lower_case_word_follows_a_full_stop():
    text = "Trade went on in the U.S.S.R. as before. It grew."

    assert sentences(text) == ["Trade went on in the U.S.S.R. as before.", "It grew."]


def test_it_gives_the_sentence_around_a_passage():
    text = (
        "War Communism failed. In 1921 the party replaced requisitioning with a tax in kind. "
        "Trade returned."
    )

    assert around(text, "tax in kind") == (
        "In 1921 the party replaced requisitioning with a tax in kind."
    )
    assert around(text, "War") == "War Communism failed."
    assert around(text, "returned.") == "Trade returned."


def test_it_gives_every_sentence_a_passage_spans():
    text = "First one. Mr. Carr wrote this. He went on. Last."

    assert around(text, "wrote this. He") == "Mr. Carr wrote this. He went on."


def test_a_passage_that_starts_in_the_space_between_sentences_takes_the_next_one():
    text = "One. Two three."

    assert around(text, " Two") == " Two three."


def test_it_takes_a_text_without_any_end_whole():
    assert sentence_spans("no ending at all") == [(0, 16)]
    assert sentence_spans("") == []
    assert sentence_around("", 0, 0) == (0, 0)


WORDS = ["Mr.", "Smith", "U.S.S.R.", "e.g.", "I.", "E.", "H.", "Carr", "end.", "Yes!", "why?"]
WORDS += ["so…", "“Quote.”", "(aside.)", "...", "'", '"', ".", "x", "A", "b"]
SPACES = [" ", " ", "  ", "\n", "", "   \n  "]


@pytest.mark.parametrize("seed", range(3))
def test_the_sentence_ends_read_near_a_passage_are_those_of_the_whole_paragraph(seed):
    """A guide reads only CONTEXT_LIMIT characters either side of a passage: within that
    reach it finds the very sentence ends a reading of the whole paragraph finds, and past
    it an offset at least that far away (so the context is cut the same)."""
    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice(SPACES if k % 2 else WORDS) for k in range(rng.randint(1, 30)))
        if not text.strip():
            continue
        for index in range(len(text.rstrip())):
            for reach in (1, 8, 25, 10_000):
                whole_left, _ = sentence_around(text, index, index + 1)
                left = sentence_start(text, index, reach)
                assert left == whole_left if whole_left >= index - reach else left <= index - reach
                _, whole_right = sentence_around(text, max(0, index - 1), index)
                right = sentence_end(text, index, reach)
                assert (
                    right == whole_right if whole_right <= index + reach else right >= index + reach
                )
