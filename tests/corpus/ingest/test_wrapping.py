"""Rule 1: hard-wrapped lines join into paragraphs; whitespace collapsed; Unicode kept, NFC."""

from __future__ import annotations

import re
import unicodedata

import pytest

from corpus.ingest import parse_text
from corpus.ingest.blocks import BLOCK_KINDS

BOOK = "soviet-socialism-a-history"
BLOG = "what-happened-in-the-soviet-union"
ARTICLE_2020 = "socialism-and-the-soviet-union-2020"
ARTICLE_2021 = "socialism-and-the-soviet-union-2021"
RUSSIA = "russia-and-socialism"

INTRODUCTION_FIRST = (
    "The dust has settled after the collapse of communism. The greater access to archives "
    "and the greater opportunities for dialogue and collaboration with Russian scholars are "
    "opening up new fields for research and critical inquiry into some of the long-neglected "
    "aspects of the Soviet era of Russian history. This is a most welcome development. At "
    "the same time, this new situation is also renewing some old debates and disputes. One "
    "of the enduring issues which has divided scholars is the question of how important were "
    "ideas to the course of Soviet history? Was ideology a profound determinant of events? "
    "Or was it merely a smokescreen, which rationalized a set of actions that promoted or "
    "defended the interests of particular groups or individuals? Or are these views too "
    "starkly drawn to encapsulate the complex relationship between ideas and political "
    "practice in the USSR?"
)
INTRODUCTION_SECOND = (
    "It is traditional to assert that the basic historiographical divide in Soviet history "
    "lies between the totalitarian or counter-communist school on the one hand, and the "
    "“revisionist” school on the other. The totalitarian interpretation, arising out of the "
    "polemics of the cold war, looked to establish the origins of the Stalinist terror and "
    "dictatorship in the ideology of Marxism-Leninism and in the theory and practice of the "
    "Bolshevik party before and after 1917. Derived from the writings of Leonard Schapiro, "
    "Martin Malia, Robert Conquest, Richard Pipes and others, this approach identified a "
    "clear continuity between Marxism, Leninism and the Stalinist period. Transposed to the "
    "debate about the role of ideology, the totalitarian viewpoint asserted that there was a "
    "profound degree of ideological continuity between Lenin and Stalin, and that these "
    "ideas fundamentally shaped the nature of the Stalinist system."
)
INTRODUCTION_WALICKI = (
    "This issue appears to straddle traditional historiographical divisions, and is becoming "
    "increasingly contested as scholars reassess the Soviet era. Andrjez Walicki’s recent "
    "work sought to demonstrate that ideological factors were of “decisive importance”6 in "
    "shaping the nature and outcome of Soviet history. Orlando Figes’ review of Robert "
    "Service’s latest work is critical of the relatively little space devoted to ideology, "
    "and to “the ideological driving force of its [bolshevism’s] murderous policies to drag "
    "backward Russia into the modern world”.7 Stephen Hanson’s recent text has postulated "
    "that ideas were central in shaping the institutional architecture of the Soviet state.8"
)
INTRODUCTION_DANIELS = (
    "The central issue dividing scholars is the extent to which ideas were an active force "
    "in shaping Soviet development. A recent discussion in The Russian Review, devoted to "
    "Robert Daniels’ view of Soviet history, outlined that “the real problem is to show how "
    "ideologies were used”.9 Many contributions have outlined that there has been an "
    "interaction between ideology and reality. But what does this mean? And how did it work "
    "in practice? It is this issue which this text seeks to address, by examining the "
    "relationship between the theory and practice of Soviet socialism. In tracing the "
    "historical development of the Soviet understanding of socialism, and how this "
    "understanding evolved in the light of the contact of Bolshevik ideals with Russian "
    "realities, this volume addresses the question of how ideology and reality interacted, "
    "and the extent to which the Bolshevik ideals about the nature of the society they were "
    "creating shaped this society. In this sense the writing of this book seems to be a "
    "worthwhile effort, complementing the more orthodox narratives and specialist "
    "monographs, and exploring a disputed issue in Soviet historiography."
)
HISTORY_BEGINS = (
    "Marx and Engels also sketched in outline the manner in which the post-capitalist "
    "society progressively unfolded. This outline was also somewhat ambiguous. The "
    "post-capitalist society contained three different stages (although the periodization "
    "was itself a little murky): the dictatorship of the proletariat, socialism (the “lower” "
    "phase of communism) and full communism (the “higher” phase). The dictatorship of the "
    "proletariat was the regime that would rule in the period after the proletarian "
    "revolution. But what did Marx (and Engels) mean by this term? How long would it last? "
    "In the Critique of the Gotha Programme, Marx identified the “lower” phase of communism "
    "(later termed “socialism” by Engels), as a prolonged historical period, in which "
    "capitalist society would be negated, as the foundations of capitalist exploitation were "
    "removed.29 This however was a transitory era. The negation of the features of "
    "capitalist society would gradually evolve into the positive features of communist "
    "society, as socialism was transformed into full communism. Under this “higher” phase, "
    "the individual becomes the conscious master of nature, and of his/her destiny. History "
    "begins.30"
)

RUSSIA_FIRST = (
    "Many people today are interested in a revolutionary alternative to capitalism. But they "
    "often worry that socialism is associated with the brutality of Stalinism, a system "
    "which dominated Russia and Eastern Europe for much of the 20th century and that was no "
    "better than Western capitalism."
)
RUSSIA_SECOND = (
    "As a new generation takes to the streets against war and racism, the legacy of "
    "Stalinism continues to influence current debates."
)
ARTICLE_2021_WAR = (
    "Moreover, Russia was a country that had faced three years of a devastating war with "
    "Germany and Austro-Hungary. A war that had killed 2.5 million Russian soldiers and "
    "civilians. And left the economy in a very weakened state."
)
BLOG_BEFORE = (
    "Before we look at what happened in the years after the 1917 Russian Revolution, it’s "
    "worth starting with a quick review of the theoretical debates within Russian Marxism "
    "beforehand."
)
BLOG_ONE_OF_THE_LAST = (
    "One of the last things Trotsky wrote on the Revolution was a summary looking back at "
    "three different “Conceptions of the Russian Revolution”."
)
BLOG_MENSHEVIK = (
    "However, the Menshevik wing of the Russian movement argued that it would be wrong to go "
    "beyond such a bourgeois revolution towards socialism. Hadn’t Marx and Engels explained "
    "how capitalism had to first develop production sufficiently to create the conditions "
    "under which enough surplus could then be produced to distribute sufficiently and "
    "equitably to all?"
)
BLOG_WITHOUT_THAT = (
    "Without that, as they put it, “want is merely made general, and with destitution the "
    "struggle for necessities and all the old filthy business would necessarily be "
    'reproduced." (Marx/Engels, The German Ideology, 1846 – published 1932) ?'
)
ARTICLE_2020_COALITION = (
    "The new Soviet government was a two-party coalition made up of parties that had the "
    "support of a large majority of the working population. As such it was a partnership led "
    "by the Bolsheviks, the revolutionary wing of the social democrats, representing most "
    "Russian workers; with the Left Socialist Revolutionaries, who had majority support "
    "among the peasants. Along with their supporters in the intelligentsia and sections of "
    "the middle class, the new government expressed the wishes of a decisive mass of the "
    "Russian people."
)
ARTICLE_2020_OCTOBER = (
    "Russia’s October was also a democratic revolution. The revolutionary forces first had "
    "to win an elected majority in the Soviets which were the only democratic organs in the "
    "country. Then they had to persuade the military regiments in the capital to freely vote "
    "to follow the orders of the Soviet Military Revolutionary Committee rather than the "
    "military high command. These two steps formed the democratic basis for the transfer of "
    "power to the first workers and peasants government in history."
)


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks]


def block_with_text(doc, text: str):
    matches = [block for block in doc.blocks if block.text == text]
    assert len(matches) == 1, f"expected exactly one block with text {text[:60]!r}..."
    return matches[0]


def test_it_gives_every_block_a_known_kind_and_stripped_non_empty_text(parsed, seed_name):
    for block in parsed[seed_name].blocks:
        assert block.kind in BLOCK_KINDS
        assert block.text
        assert block.text == block.text.strip()


def test_it_collapses_whitespace_in_every_block(parsed, seed_name):
    for block in parsed[seed_name].blocks:
        assert "\n" not in block.text
        assert "  " not in block.text
        assert re.search(r"[^\S ]", block.text) is None, repr(block.text[:80])


def test_it_normalises_every_block_to_nfc(parsed, seed_name):
    for block in parsed[seed_name].blocks:
        assert unicodedata.is_normalized("NFC", block.text)


def test_it_normalises_decomposed_characters_to_nfc():
    doc = parse_text(
        "Cre\u0300ches and cafe\u0301s were opened in every district.\n\n"
        "The plan was fulfilled ahead of time.\n"
    )
    assert texts(doc) == [
        "Crèches and cafés were opened in every district.",
        "The plan was fulfilled ahead of time.",
    ]


def test_it_keeps_typographic_characters(parsed):
    book = " ".join(texts(parsed[BOOK]))
    for character in "“”’—–…":
        assert character in book
    assert "such a project—a broad, interpretive appraisal of the Soviet period—inevitably" in book
    assert "March 1921–October 1921; October 1921–January 1923." in book
    blog = " ".join(texts(parsed[BLOG]))
    assert "Of the 1½ million CP members in 1939, only 1.3% had belonged" in blog
    assert "Lenin – State and Revolution" in blog


@pytest.mark.parametrize(
    "paragraph",
    [
        INTRODUCTION_FIRST,
        INTRODUCTION_SECOND,
        INTRODUCTION_WALICKI,
        INTRODUCTION_DANIELS,
        HISTORY_BEGINS,
    ],
    ids=["dust-has-settled", "traditional-divide", "walicki", "daniels", "history-begins"],
)
def test_it_joins_the_wrapped_lines_of_a_book_paragraph(parsed, paragraph):
    assert block_with_text(parsed[BOOK], paragraph).kind == "body"


def test_it_keeps_consecutive_book_paragraphs_apart(parsed):
    blocks = texts(parsed[BOOK])
    first = blocks.index(INTRODUCTION_FIRST)
    assert blocks[first + 1] == INTRODUCTION_SECOND


def test_it_records_the_source_line_where_a_block_starts(parsed):
    assert block_with_text(parsed[BOOK], INTRODUCTION_FIRST).line == 24
    assert block_with_text(parsed[BOOK], INTRODUCTION_SECOND).line == 37
    assert block_with_text(parsed[BOOK], HISTORY_BEGINS).line == 389
    assert block_with_text(parsed[RUSSIA], RUSSIA_FIRST).line == 11
    assert block_with_text(parsed[RUSSIA], "The great lie").line == 39
    assert block_with_text(parsed[ARTICLE_2021], "Problems for the New Revolution").line == 14


@pytest.mark.parametrize(
    ("name", "paragraph"),
    [
        (RUSSIA, RUSSIA_FIRST),
        (RUSSIA, RUSSIA_SECOND),
        (ARTICLE_2021, ARTICLE_2021_WAR),
        (ARTICLE_2020, ARTICLE_2020_COALITION),
        (BLOG, BLOG_MENSHEVIK),
    ],
)
def test_it_makes_each_line_of_a_web_article_a_paragraph(parsed, name, paragraph):
    assert block_with_text(parsed[name], paragraph).kind == "body"


def test_it_splits_consecutive_web_lines_without_a_blank_between(parsed):
    blocks = texts(parsed[BLOG])
    before = blocks.index(BLOG_BEFORE)
    assert blocks[before + 1] == BLOG_ONE_OF_THE_LAST
    menshevik = blocks.index(BLOG_MENSHEVIK)
    assert blocks[menshevik + 1] == BLOG_WITHOUT_THAT


def test_it_makes_an_indented_web_line_its_own_paragraph(parsed):
    blocks = texts(parsed[ARTICLE_2020])
    coalition = blocks.index(ARTICLE_2020_COALITION)
    assert blocks[coalition + 1] == ARTICLE_2020_OCTOBER
    assert block_with_text(parsed[ARTICLE_2020], ARTICLE_2020_OCTOBER).kind == "body"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        (ARTICLE_2021, "capitalistic practices in the retail trade and light industry."),
        (ARTICLE_2021, "overcome the German armaments. In time, the Red Army"),
        (ARTICLE_2021, "out of a plan for an ideal society.3 The truth was that the Bolsheviks"),
        (ARTICLE_2020, "the first workers and peasants government in history."),
        (BLOG, "But the Bolsheviks had been left with an even more difficult situation"),
    ],
)
def test_it_collapses_runs_of_spaces_and_no_break_spaces(parsed, name, fragment):
    assert any(fragment in text for text in texts(parsed[name]))
