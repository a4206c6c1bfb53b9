"""Rule 5: bullet lines become list items; quotations set apart become ``quote`` blocks."""

from __future__ import annotations

import pytest

from corpus.ingest import parse_text

BOOK = "soviet-socialism-a-history"
BLOG = "what-happened-in-the-soviet-union"

BLOG_ITEMS = [
    "Counter-revolutionary armies were being beaten back ...",
    "... but German and other revolutions also defeated",
    "Many Bolshevik cadres had died on war fronts",
    "Output of large-scale industry at 14% of 1913 level",
    "Working-class population of Petrograd halved",
    "Agricultural production was also falling with famine killing five million between 1921-2.",
]

BOOK_TENSIONS = [
    "the tension between centralization and decentralization (and the precise meaning of "
    "these terms in both economic and political terms);",
    "the tension in the political realm between elite, technocratic direction of social "
    "processes on the one hand, and popular control and participation on the other;",
    "the twin imperatives of the dictatorship of the proletariat, to repress and to emancipate;",
    "the meaning of “central planning”;",
    "the extent of inequality that would be tolerated under socialism as acceptable through "
    "the application of the Marxist dictum, “from each according to his ability, to each "
    "according to work done”;",
    "the attitudes towards the “West/capitalism” were ambiguous. On one level the West was "
    "an alien civilization to be struggled against, overthrown, rejected. On another level, "
    "its technology, working practices and “modernist” nature were to be embraced, copied "
    "and borrowed;",
    "the relationship between the party, the state apparatus and the network of Soviets.",
]

BOOK_ARTICLE_65 = [
    "persons who employ hired labour for profit;",
    "persons living on unearned income;",
    "private traders and commercial middle-men;",
    "monks and ministers of religion;",
    "employees and agents of the former police, as well as members of the former imperial family;",
    "persons declared insane by illegal proceeding;",
    "persons condemned for pecuniary and infamous crimes.63",
]

BOOK_WAR_COMMUNISM = [
    "a growing statization and central control of all aspects of life;",
    "extensive nationalization of industry;",
    "the administrative allocation of goods, services, raw materials, and labour;",
    "the attempt to suppress private trade by eliminating market relations and by abolishing "
    "money;",
    "the extensive use of coercion, terror and authoritarian practices;",
    "a bureaucratization of political and social processes;",
    "a massive growth in institution building.113",
]

BOOK_CORE_FEATURES = [
    "a worldview that was productivist, technocratic, constructivist, collectivist;",
    "the leading role of the communist party in guiding and managing social and economic "
    "processes, excluding other political organizations;",
    "an economy that was planned, centralized, nationalized, industrialized, technologically "
    "advanced, and which prioritized large-scale heavy industry.",
    "a central role for the state as an agent of social and economic transformation.",
]

BOOK_UNRESOLVED = [
    "what was meant by “planning”?",
    "what was the locus of decision-making within the economy? What was the balance between "
    "centralization and decentralization?",
    "what would the extent of inegalitarianism be under socialism? Which group would be "
    "privileged?",
    "what was the relationship between the interests of the international proletariat and "
    "the domestic interests of the Soviet state?",
    "what was the relationship between state control and popular participation in the "
    "administration of the system?",
    "should the process of transition be viewed as something to be accomplished rapidly and "
    "coercively, or gradually and consensually?",
    "how could the rural/urban divide be overcome? By what means should the countryside be "
    "socialized/collectivized?",
    "how could the peasantry be transformed into a rural proletariat?",
]

BLOG_QUOTES = [
    '"In an economically more backward country the proletariat may come to power sooner than '
    "in a country more advanced capitalistically ... upon coming to power the proletariat "
    "would inevitably push itself toward the management of the economy ... At what point the "
    "proletariat would be stopped will depend on the interrelation of forces. (Trotsky - "
    "1906)",
    '"The Russian revolution can achieve victory by its own efforts, but it cannot possibly '
    "hold and consolidate its gains by its own strength ... unless there is a Socialist "
    "revolution in the West. Without this condition restoration is inevitable ... for the "
    "small proprietor will inevitably turn against the proletariat” (Lenin - 1906)",
    '"As a matter of fact, Marx never said that Socialism could be achieved in a single '
    "country and moreover in a backward country… the wonder is that under such exceptionally "
    "unfavourable conditions, [the] planned economy has managed to demonstrate its "
    "insuperable benefits” (Leon Trotsky, Marxism in Our Time, 1939)",
    '"The [state] machine refused to obey the hand that guided it. It was like a car that '
    "was going not in the way the driver desired but in a direction someone else desired: as "
    "if it were being driven by some lawless, mysterious hand... perhaps of a profiteer, or "
    "of a private capitalist, or of both” (Lenin at the 1922 Party Congress)",
    '"Soviet forms of property on a basis of the most modern achievement of American '
    "technique transplanted into all branches of economic life – that would indeed be the "
    "first stage of socialism. Soviet forms with a low productivity of labour mean only a "
    "transitional regime whose destiny history has not yet finally weighed” (Leon Trotsky, "
    "Revolution Betrayed - 1937)",
    '"Stalin guards the conquests of the October Revolution not only against the '
    "counter-revolution, but also against the claims of the toilers [and] their "
    "dissatisfaction ... Leaning for support on the topmost layers of the new social "
    "hierarchy against the lowest - sometimes vice versa - Stalin has attained the complete "
    "concentration of power in his own hands. What else should this regime be called, if not "
    'Soviet Bonapartism?" (Trotsky, Writings 1934-35)',
]

FITZPATRICK_INTRO_END = "chaotic picture of Soviet history emerges. As Fitzpatrick describes,"
FITZPATRICK = (
    "At present, on every major issue of Soviet history, historians seem to be submerging "
    "themselves in data and periodically surfacing with a single astonished cry: "
    "“improvisation”. Chaos is almost becoming the dominant principle of Soviet development "
    "as the old explanatory structures disintegrate …Political leaders stagger from one "
    "unexpected crisis to another, pragmatically muddling through. Their minds are empty of "
    "ideology…and only circumstances govern their actions.2"
)
COOPER_INTRO = (
    "Conversely, scholars of a more left-leaning or revisionist orientation have posited a "
    "central explanatory role. Julian Cooper, in a remarkable piece on the collapse of "
    "Soviet Marxism-Leninism, stated that,"
)
COOPER = (
    "These observations are founded on a belief that ideology has been of profound "
    "significance as a determinant of the course of Soviet development from 1917 to the "
    "present day. Throughout this period the Soviet Union has had a political regime of an "
    "essentially theocratic nature, the policies and actions of its leadership being shaped "
    "and bounded by a relatively stable body of ideas consistently presented as the highest "
    "achievement of human science.5"
)

WRAPPED_LIST = (
    "The congress set out the first tasks of the new government in a long\n"
    "resolution that was adopted without a vote. Its main points were these:\n"
    "\n"
    "{bullet} the land was to be handed over to the peasants without compensation,\n"
    "and the landlords were to be expelled from their estates;\n"
    "{bullet} the banks were to be nationalized;\n"
    "{bullet} the war was to be ended at once, on the basis of a peace without any\n"
    "annexations or indemnities.\n"
    "\n"
    "The resolution was printed in every newspaper in the country the next day.\n"
)


def texts(doc) -> list[str]:
    return [block.text for block in doc.blocks]


def kinds(doc) -> list[str]:
    return [block.kind for block in doc.blocks]


def run_of_items(doc, items: list[str]) -> int:
    blocks = texts(doc)
    assert blocks.count(items[0]) == 1, items[0]
    start = blocks.index(items[0])
    end = start + len(items)
    assert blocks[start:end] == items
    assert kinds(doc)[start:end] == ["list_item"] * len(items)
    assert kinds(doc)[start - 1] != "list_item"
    assert kinds(doc)[end] != "list_item"
    return start


def test_it_makes_the_blog_bullets_list_items_without_the_bullet(parsed):
    doc = parsed[BLOG]
    start = run_of_items(doc, BLOG_ITEMS)
    assert doc.blocks[start - 1].text == (
        "But the Bolsheviks had been left with an even more difficult situation from which to "
        "build:"
    )
    assert doc.blocks[start + len(BLOG_ITEMS)].text.startswith(
        "The famine had been a product of the Civil War"
    )


@pytest.mark.parametrize(
    "items",
    [BOOK_TENSIONS, BOOK_ARTICLE_65, BOOK_WAR_COMMUNISM, BOOK_CORE_FEATURES, BOOK_UNRESOLVED],
    ids=["tensions", "article-65", "war-communism", "core-features", "unresolved"],
)
def test_it_joins_each_wrapped_book_bullet_into_one_list_item(parsed, items):
    run_of_items(parsed[BOOK], items)


def test_it_keeps_the_sentence_between_two_book_lists_as_body(parsed):
    doc = parsed[BOOK]
    start = run_of_items(doc, BOOK_CORE_FEATURES) + len(BOOK_CORE_FEATURES)
    assert doc.blocks[start].kind == "body"
    assert doc.blocks[start].text == (
        "The post-1917 practice, however, left many issues unresolved. These included:"
    )
    assert doc.blocks[start + 1].text == BOOK_UNRESOLVED[0]


def test_it_never_leaves_the_bullet_in_a_list_item(parsed, seed_name):
    for block in parsed[seed_name].blocks:
        if block.kind == "list_item":
            assert not block.text.startswith(("•", "*", "-")), block.text


@pytest.mark.parametrize("bullet", ["•", "*"])
def test_it_keeps_a_bullet_that_wraps_onto_the_next_line_one_item(bullet):
    doc = parse_text(WRAPPED_LIST.format(bullet=bullet))
    assert [(block.kind, block.text) for block in doc.blocks] == [
        (
            "body",
            "The congress set out the first tasks of the new government in a long resolution "
            "that was adopted without a vote. Its main points were these:",
        ),
        (
            "list_item",
            "the land was to be handed over to the peasants without compensation, and the "
            "landlords were to be expelled from their estates;",
        ),
        ("list_item", "the banks were to be nationalized;"),
        (
            "list_item",
            "the war was to be ended at once, on the basis of a peace without any annexations "
            "or indemnities.",
        ),
        ("body", "The resolution was printed in every newspaper in the country the next day."),
    ]


@pytest.mark.parametrize("quote", BLOG_QUOTES, ids=[q[1:30] for q in BLOG_QUOTES])
def test_it_makes_a_blog_paragraph_that_opens_with_a_quote_mark_a_quote(parsed, quote):
    matches = [block for block in parsed[BLOG].blocks if block.text == quote]
    assert [block.kind for block in matches] == ["quote"]


@pytest.mark.parametrize(
    ("intro", "quote", "following"),
    [
        (
            FITZPATRICK_INTRO_END,
            FITZPATRICK,
            "However, this totalitarian/revisionist dichotomy does not adequately characterize",
        ),
        (COOPER_INTRO, COOPER, "This issue appears to straddle traditional historiographical"),
    ],
    ids=["fitzpatrick", "cooper"],
)
def test_it_sets_a_book_block_quotation_apart_from_its_introduction(
    parsed, intro, quote, following
):
    doc = parsed[BOOK]
    blocks = texts(doc)
    assert blocks.count(quote) == 1
    at = blocks.index(quote)
    assert doc.blocks[at].kind == "quote"
    assert doc.blocks[at - 1].kind == "body"
    assert blocks[at - 1].endswith(intro)
    assert doc.blocks[at + 1].kind == "body"
    assert blocks[at + 1].startswith(following)
