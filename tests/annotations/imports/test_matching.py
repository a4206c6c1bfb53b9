"""annotations.imports.matching: a quote found verbatim, typographically different, with a
word changed, or not at all. Pure, no database."""

from annotations.imports.matching import EXACT, FUZZY, DocumentText, Match, fold

TEXT = (
    "These councils, referred to in Russian as “soviets”, were the kernel of a new, "
    "genuinely democratic workers’ state.\n\n"
    "Rather than producing for profit, production was determined by need. Soviet "
    "delegates were subject to recall at any point by majority decision.\n\n"
    "The first revolution was a workers’ revolution; the first of many, they hoped."
)


def found(quote: str, **context) -> tuple[str, str] | None:
    match = DocumentText(TEXT).find(quote, **context)
    return (match.anchor, TEXT[match.start : match.end]) if match else None


def test_it_finds_a_quote_verbatim():
    assert found("production was determined by need.") == (
        EXACT,
        "production was determined by need.",
    )


def test_it_breaks_ties_by_context_and_position():
    text = DocumentText(TEXT)
    second = TEXT.index("the first of many")
    assert text.find("first", prefix="revolution; the ") == Match(EXACT, second + 4, second + 9)
    assert text.find("first", start=second + 3) == Match(EXACT, second + 4, second + 9)


def test_it_finds_typographic_variants_for_review():
    assert found('referred to in Russian as "soviets", were') == (
        FUZZY,
        "referred to in Russian as “soviets”, were",
    )
    assert found("genuinely  democratic\nworkers' state.") == (
        FUZZY,
        "genuinely democratic workers’ state.",
    )
    assert found("The ﬁrst revolution") == (FUZZY, "The first revolution")


def test_it_finds_a_quote_with_a_word_changed_for_review():
    assert found("Soviet delegates were subject to recall at any time by majority decision.") == (
        FUZZY,
        "Soviet delegates were subject to recall at any point by majority decision.",
    )


def test_it_does_not_find_what_is_not_there():
    assert found("The market was abolished overnight by decree of the central committee.") is None
    assert found("soviet power") is None  # short: only verbatim or typographic
    assert found("   ") is None


def test_folding_keeps_where_each_character_came_from():
    folded, origins = fold("Ｆﬁne “words”  here")
    assert folded == 'ffine "words" here'
    # Both letters of the ligature come from it; the two spaces became one.
    assert origins[:4] == [0, 1, 1, 2]
    assert origins[folded.index("h")] == len("Ｆﬁne “words”  ")
