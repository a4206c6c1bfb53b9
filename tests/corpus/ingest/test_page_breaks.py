"""Rule 2: the book's page breaks (blank runs, running headers, a leading space) are undone."""

from __future__ import annotations

import pytest

BOOK = "soviet-socialism-a-history"

RUNNING_HEADERS = [
    (381, "10 THE CRUCIBLES OF RUSSIAN SOCIALISM"),
    (1262, "THE ORIGINS OF SOCIALISM 29"),
    (3227, "THE ECONOMICS OF “WAR COMMUNISM” 83"),
    (5793, "144 NEP AND SOVIET SOCIALISM"),
    (6011, "BOLSHEVISM AFTER LENIN 153"),
    (7261, "184 STALINIST SOCIALISM"),
    (8674, "222 KHRUSHCHEV AND SOVIET SOCIALISM"),
    (8818, "CONTEXTUALIZING THE KHRUSHCHEV ERA 225"),
    (9509, "240 KHRUSHCHEV AND SOVIET SOCIALISM"),
    (10294, "262 BREZHNEV AND DEVELOPED SOCIALISM"),
    (11389, "290 GORBACHEV AND SOVIET SOCIALISM"),
    (12828, "SOVIET SOCIALISM IN HISTORICAL PERSPECTIVE 327"),
]

REVISIONIST = (
    "Revisionist scholarship (defined by Sheila Fitzpatrick as “scholarship that is "
    "explicitly abandoning the totalitarian model”)1 has explored the broader socio-economic "
    "and cultural context of the early Soviet period, examining history “from below”. "
    "Eschewing the totalitarian emphasis upon high politics, the state and events in "
    "Petrograd and Moscow, revisionists have explored the actions and reactions of workers, "
    "peasants, soldiers and sailors, of events in the regions. One of the outcomes of this "
    "detailed research has been that a much more diverse, complex, sprawling, chaotic "
    "picture of Soviet history emerges. As Fitzpatrick describes,"
)
DUALITY = (
    "The implications of this “duality”, however it is conceived, were to become fully "
    "apparent in Russia after 1917. The earlier more “Romanticist” writings, which "
    "emphasized human emancipation, were not published until 1932. Soviet views of the "
    "future society were conditioned by the later, more sociological, empirical writings of "
    "Marx and Engels. The stress in the works which the Russian Marxists studied were "
    "derived from the modernist strand of Marx’s works. Centralization, rapid development of "
    "the industrial sector and the elimination of want, exploitation and oppression were "
    "central to their understanding of the post-revolutionary society. From the later works "
    "of Marx it is possible to define communism and communist society as a set of "
    "institutional structures and features. Creating communism was, on this reading, "
    "reducible to the construction of a series of political and economic structures. The "
    "nature of these specific features is of critical importance in understanding Marx’s "
    "contribution to the Soviet view of socialism."
)
WALICKI = (
    "Walicki also identifies a shift in Marx’s thinking. He argues that Marx was concerned "
    "to establish the conditions for the total and unconditional liberation of humanity.24 "
    "While his conception of freedom remained virtually unchanged, Marx’s understanding of "
    "the means by which this would be achieved shifted, according to Walicki. Communist "
    "society was the point in history where humanity would be fully free according to Marx. "
    "By freedom, Marx understood a mode of existence in which humans were living in harmony "
    "with themselves and with others. To achieve this required overcoming those forces and "
    "conditions that both dominated and divided humanity, and which caused individuals to be "
    "alienated from themselves. According to Walicki, Marx believed that the basis of "
    "freedom lay in “rational, conscious, collective control over economic forces”,25 and in "
    "the abolition of the divisive institutions of capitalism, namely private ownership and "
    "the division of labour.26 In Marx’s early works, he viewed human creative labour as the "
    "means for overcoming self-alienation, and the replacement of market forces with "
    "rational planning as the means to establish human freedom.27"
)

SENTENCES_ACROSS_PAGE_BREAKS = {
    "blank-run-56": (
        "One of the outcomes of this detailed research has been that a much more diverse, "
        "complex, sprawling, chaotic picture of Soviet history emerges."
    ),
    "blank-run-188": (
        "Other scholars—Berki, Lichtheim and others—have also highlighted many of the tensions "
        "within socialism, which can be explained by a combination of philosophical and "
        "historical factors."
    ),
    "blank-run-6663": (
        "Scholars remain divided as to the relative importance of the political struggle for "
        "supremacy, as opposed to the changing internal and international situation after "
        "1927.2"
    ),
    "blank-run-8123": (
        "This was particularly the case with regard to relations between the state and rural "
        "society."
    ),
    "blank-run-capital-10923": (
        "Instead, the following analysis sets out the variety of factors—theoretical, "
        "political, economic, social and international—that shaped Humane Democratic "
        "Socialism, before setting out the essential features of the centre-piece of "
        "Gorbachev’s ideological renewal."
    ),
    "blank-run-12730": (
        "The Bolshevik preference for certain socio-economic and political forms—non-market, "
        "centralist, statist, planned, technocratic—was reinforced by the circumstances of "
        "economic, cultural and technological backwardness"
    ),
    "header-381": (
        "Creating communism was, on this reading, reducible to the construction of a series of "
        "political and economic structures."
    ),
    "header-3227": (
        "The debate in western literature has focused on the respective roles played by "
        "ideology, political choices and circumstances in conditioning these developments.68"
    ),
    "header-5793": (
        "while in the latter two fields the Bolsheviks were “accommodating” themselves to the "
        "stubborn reality of Russian socio-economic structures, in the political sphere, there "
        "was greater pressure towards centralization, monism and dictatorship"
    ),
    "header-6011": (
        "This accounts for Bukharin’s support for co-operation rather than collectivization in "
        "the medium term, as co-operation would demonstrate the superiority of collectivism "
        "over individualism"
    ),
    "header-7261": (
        "the overriding priority was to promote the wider goals of the state: the construction "
        "of a modern industrial, technologically advanced planned economy."
    ),
    "leading-space-106": (
        "outlined that “the real problem is to show how ideologies were used”.9 Many contributions"
    ),
    "leading-space-241": (
        "Zygmunt Bauman examines the antinomies at the heart of socialism: “freedom and "
        "equality, the community and the state, history as lawful process and as a creative "
        "act”.10"
    ),
    "leading-space-1624": (
        "In the midst of revolution, war, social polarization and economic collapse, the "
        "Bolsheviks were faced with attempting to wed pragmatic measures"
    ),
    "single-blank-lowercase-354": (
        "collective control over economic forces”,25 and in the abolition of the divisive "
        "institutions of capitalism"
    ),
}


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks]


def index_of(blocks: list[str], text: str) -> int:
    assert blocks.count(text) == 1, f"expected exactly one block with text {text[:60]!r}..."
    return blocks.index(text)


def index_containing(blocks: list[str], fragment: str) -> int:
    found = [i for i, text in enumerate(blocks) if fragment in text]
    assert len(found) == 1, f"expected exactly one block containing {fragment[:60]!r}..."
    return found[0]


@pytest.mark.parametrize(("line", "header"), RUNNING_HEADERS)
def test_it_reports_each_running_header_as_dropped(parsed, line, header):
    dropped = [d for d in parsed[BOOK].dropped if d.line == line]
    assert len(dropped) == 1
    assert dropped[0].text.strip() == header
    assert "running header" in dropped[0].reason


@pytest.mark.parametrize(("line", "header"), RUNNING_HEADERS)
def test_it_keeps_running_headers_out_of_the_text(parsed, line, header):
    title = header.strip("0123456789 ")
    for text in texts(parsed[BOOK]):
        assert header not in text
        assert title not in text


@pytest.mark.parametrize(
    "sentence",
    list(SENTENCES_ACROSS_PAGE_BREAKS.values()),
    ids=list(SENTENCES_ACROSS_PAGE_BREAKS),
)
def test_it_joins_a_sentence_split_by_a_page_break(parsed, sentence):
    blocks = texts(parsed[BOOK])
    assert parsed[BOOK].blocks[index_containing(blocks, sentence)].kind in ("body", "list_item")


@pytest.mark.parametrize("paragraph", [REVISIONIST, DUALITY, WALICKI])
def test_it_joins_a_whole_paragraph_across_a_page_break(parsed, paragraph):
    blocks = texts(parsed[BOOK])
    assert parsed[BOOK].blocks[index_of(blocks, paragraph)].kind == "body"


@pytest.mark.parametrize(
    ("end_of_first", "start_of_second"),
    [
        (
            "within either socialism or Marxism?",
            "The Marxist roots of Soviet socialism have been widely discussed by a number of "
            "theorists, both East and West.6",
        ),
        (
            "their struggle for the victory of communism.38",
            "The tension between ideological guidance and day-to-day intervention was resolved",
        ),
        ("substantiate their ideals in practice.4", "The revolutionary decrees"),
        ("humanism, diversity, and toleration.", "Perestroika and Developing Socialism"),
        (
            "The civil war and the death of Sverdlov were to change this.",
            "Society and culture under state capitalism",
        ),
    ],
    ids=["blank-run-12828", "header-10294", "blank-run-1574", "header-11389", "leading-2409"],
)
def test_it_keeps_a_paragraph_break_that_falls_on_a_page_break(
    parsed, end_of_first, start_of_second
):
    blocks = texts(parsed[BOOK])
    first = index_containing(blocks, end_of_first)
    assert blocks[first].endswith(end_of_first)
    assert blocks[first + 1].startswith(start_of_second)


def test_it_breaks_a_paragraph_at_a_short_line_ending_a_sentence_with_no_blank_line():
    from corpus.ingest import parse_text

    text = (
        "The committees of the factories met every week in the great hall of the works,\n"
        "and they argued about wages, hours and the supply of raw materials from the\n"
        "south, cut off by the fighting since the spring.\n"
        "Nobody knew how long the shortage would last, nor what the government in the\n"
        "capital meant to do about it when the harvest came in and the peasants would\n"
        "not sell their grain at the fixed price.\n"
    )
    assert [block.text[:14] for block in parse_text(text).blocks] == [
        "The committees",
        "Nobody knew ho",
    ]
