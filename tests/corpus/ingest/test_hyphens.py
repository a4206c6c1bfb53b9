"""Rule 3: a line-end hyphen is kept in compounds and removed only where a word was split."""

from __future__ import annotations

import re

import pytest

from corpus.ingest import parse_text

BOOK = "soviet-socialism-a-history"

SPLIT_AND_COMPOUND = (
    "The government of the day was formed after a long and bitter election\n"
    "in which the workers and the peasants voted for the soviets. The new govern-\n"
    "ment faced a hostile world, and all of its leaders had long been well-\n"
    "known to the police of every country in Europe.\n"
    "\n"
    "Every well-known leader of the party argued that the government must\n"
    "plan the economy. Their plans for the rapid introduction of self-\n"
    "management in the factories were drawn up in haste and were never fully\n"
    "tested in practice.\n"
    "\n"
    "The plan was fulfilled ahead of time.\n"
)


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks]


@pytest.mark.parametrize(
    "fragment",
    [
        "has explored the broader socio-economic and cultural context",
        "with the hard reality of the Russian socio-political environment.",
        "the notion of socialism which informed the post-revolutionary thinking",
        "Fabians, Democratic Socialists, eco-socialists and so on.1",
        "foreign relations and the pre-revolutionary Russian heritage to name but three.",
        "with the humdrum politics of the day-to-day administration of the system",
        "are granted advantages in the payment of the tax-in-kind.",
        "either directly or through consumer co-operatives);",
        "forms—non-market, centralist, statist, planned, technocratic—was reinforced",
        "approach. Gorbachev social-democratized Bolshevism.",
        "moved away from the fundamentals of Marxism-Leninism in the international sphere",
        "At the first All-Russian Congress of Trade Unions in December 1917",
    ],
)
def test_it_keeps_the_hyphen_of_a_compound_wrapped_at_the_line_end(parsed, fragment):
    assert any(fragment in text for text in texts(parsed[BOOK]))


@pytest.mark.parametrize(
    "fragment",
    [
        "Only within a market frame-work could there co-exist",
        "editors of journals and news-papers was a constantly changing one.",
    ],
)
def test_it_keeps_the_hyphen_when_the_hyphenated_form_occurs_elsewhere(parsed, fragment):
    assert any(fragment in text for text in texts(parsed[BOOK]))


@pytest.mark.parametrize(
    "glued",
    ["socioeconomic", "sociopolitical", "postrevolutionary", "ecosocialists", "daytoday"],
)
def test_it_never_glues_the_parts_of_a_compound(parsed, glued):
    for text in texts(parsed[BOOK]):
        assert glued not in text.lower()


def test_it_never_leaves_a_space_after_a_line_end_hyphen(parsed):
    for text in texts(parsed[BOOK]):
        assert re.search(r"[A-Za-z]- [A-Za-z]", text) is None, text


def test_it_removes_the_hyphen_of_a_split_word_and_keeps_compounds():
    assert texts(parse_text(SPLIT_AND_COMPOUND)) == [
        "The government of the day was formed after a long and bitter election in which the "
        "workers and the peasants voted for the soviets. The new government faced a hostile "
        "world, and all of its leaders had long been well-known to the police of every country "
        "in Europe.",
        "Every well-known leader of the party argued that the government must plan the "
        "economy. Their plans for the rapid introduction of self-management in the factories "
        "were drawn up in haste and were never fully tested in practice.",
        "The plan was fulfilled ahead of time.",
    ]


def test_it_joins_a_split_word_the_document_uses_nowhere_else_when_english_knows_it():
    text = (
        "The delegates met in the hall and spoke for many hours about the expro-\n"
        "priation of the land, the state-\n"
        "capitalist trusts and the well-\n"
        "known leaders of the committees who had come from every province.\n"
    )
    (block,) = parse_text(text).blocks
    assert "about the expropriation of the land" in block.text
    assert "the state-capitalist trusts and the well-known leaders" in block.text


def test_it_keeps_a_range_of_numbers_whole_where_a_line_broke_it_at_its_hyphen():
    text = (
        "The district court held as much in Bangor v. Mills, 459 F. Supp. 3d 273, 283-\n"
        "288 (D. Me. 2020), and the years 1917-\n1921 saw the same.\n"
    )
    (block,) = parse_text(text).blocks
    assert "273, 283-288 (D. Me. 2020)" in block.text
    assert "1917-1921 saw" in block.text
