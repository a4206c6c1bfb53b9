"""corpus.search.parse_query: whatever is typed becomes words, prefixes and phrases, or nothing."""

import pytest

from corpus.search import MAX_TERMS, SearchQuery, Term, parse_query


def word(text: str) -> Term:
    return Term("word", (text,))


def prefix(text: str) -> Term:
    return Term("prefix", (text,))


def phrase(text: str) -> Term:
    return Term("phrase", tuple(text.split()))


def test_it_lowercases_plain_words():
    assert parse_query("Stalin  NEP") == SearchQuery([word("stalin"), word("nep")])


def test_it_reads_a_quoted_phrase():
    assert parse_query('"Five Year Plan" industry') == SearchQuery(
        [phrase("five year plan"), word("industry")]
    )


def test_it_reads_curly_quotes_as_a_phrase():
    assert parse_query("“five year plan”") == SearchQuery([phrase("five year plan")])


def test_it_reads_a_one_word_phrase_as_a_word():
    assert parse_query('"plan"') == SearchQuery([word("plan")])


def test_it_drops_an_unbalanced_quote():
    assert parse_query('"five year') == SearchQuery([word("five"), word("year")])


def test_it_keeps_the_balanced_phrase_before_an_unbalanced_quote():
    assert parse_query('"five year plan" "stalin') == SearchQuery(
        [phrase("five year plan"), word("stalin")]
    )


@pytest.mark.parametrize("q", ['"', '"""', '""', "“", "”"])
def test_it_finds_nothing_in_quotes_alone(q):
    assert parse_query(q).is_empty


def test_it_reads_a_star_after_two_letters_as_a_prefix():
    assert parse_query("collectivi* nep") == SearchQuery([prefix("collectivi"), word("nep")])


def test_it_reads_several_stars_as_one_prefix():
    assert parse_query("co**") == SearchQuery([prefix("co")])


def test_it_reads_a_star_after_one_letter_as_the_plain_word():
    assert parse_query("a*") == SearchQuery([word("a")])


@pytest.mark.parametrize(
    ("q", "terms"), [("*", []), ("**", []), (" * ** *** ", []), ("*nep", ["nep"])]
)
def test_it_ignores_a_star_on_its_own(q, terms):
    assert parse_query(q).terms == [word(text) for text in terms]


def test_it_ignores_a_star_inside_a_phrase():
    assert parse_query('"five year pl*"') == SearchQuery([phrase("five year pl")])


@pytest.mark.parametrize(
    ("q", "words"),
    [
        ("AND", ["and"]),
        ("OR OR", ["or"]),
        ("NOT stalin", ["not", "stalin"]),
        ("NEAR(plan industry)", ["near", "plan", "industry"]),
        ("text:plan", ["text", "plan"]),
        ("^plan -nep +lenin", ["plan", "nep", "lenin"]),
        ("plan | nep & lenin ! <-> trotsky", ["plan", "nep", "lenin", "trotsky"]),
        ("' OR 1=1 --", ["or", "1"]),
        ("plan:* <2> nep", ["plan", "2", "nep"]),
        ("five-year", ["five", "year"]),
    ],
)
def test_it_treats_operators_as_plain_words_or_nothing(q, words):
    parsed = parse_query(q)
    assert parsed.terms == [word(text) for text in words]


@pytest.mark.parametrize(
    "q", ["", "   ", "(", ")", ":", "^", "-", "+", "%", "_", "\x00", "💥", "<>"]
)
def test_it_finds_no_terms_in_punctuation_alone(q):
    assert parse_query(q).is_empty


def test_it_caps_the_input_at_500_characters():
    assert parse_query("x" * 5000) == SearchQuery([word("x" * 500)])


def test_it_caps_the_terms_at_twenty():
    parsed = parse_query(" ".join(f"w{number}" for number in range(100)))
    assert len(parsed.terms) == MAX_TERMS
    assert parsed.terms[-1] == word("w19")


def test_it_counts_a_repeated_term_once():
    assert parse_query("plan Plan PLAN plan*") == SearchQuery([word("plan"), prefix("plan")])


def test_it_keeps_letters_and_digits_of_any_script():
    assert parse_query("Ленин 1917 Écoles ﬁnance") == SearchQuery(
        [word("ленин"), word("1917"), word("écoles"), word("finance")]
    )


def test_it_reads_a_prefix_in_another_script():
    assert parse_query("коллектив*") == SearchQuery([prefix("коллектив")])


def test_it_never_fails_on_odd_unicode():
    q = "\ufdd0\ufdd1\ue000 \u200b\ufeff \U0010ffff \ud800 𝔰𝔬𝔳𝔦𝔢𝔱"
    assert parse_query(q).terms == [word("soviet")]
