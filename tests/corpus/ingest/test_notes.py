"""Rule 7: numbered endnotes become ``note`` blocks; markers in the text become NoteRefs."""

from __future__ import annotations

import pytest

BOOK = "soviet-socialism-a-history"
BLOG = "what-happened-in-the-soviet-union"
ARTICLE_2020 = "socialism-and-the-soviet-union-2020"
ARTICLE_2021 = "socialism-and-the-soviet-union-2021"
RUSSIA = "russia-and-socialism"

NOTE_NUMBERS_2021 = [*range(1, 16), *range(17, 24)]

NOTE_TEXTS_2021 = {
    1: "‘Defending Planning’ by Brian Green 1999",
    2: "’Transition to Socialism 4.0′ by Jonathan Clyne, pp.90-93",
    3: "Pat Divine offers a utopia – Highlight Loc. 72-76 Friday, June 28",
    4: "’Lecture on the 1905 Revolution’ by V.I.Lenin 22 January, 1917, source online:",
    5: (
        "Full quote: “Of course, in our Soviet Republic, th",
        "ss Publishers, Moscow, 1965, Vol 33, p.481-86",
    ),
    6: (
        "Full quote: “The proletariat after its victory mus",
        "tion’ by Nikolai Bukharin, December 13, 1924,",
    ),
    7: "’Transition to Socialism 4.0′ by Jonathan Clyne, pp.90-93",
    8: (
        "’Bukharin and the Bolshevik Revolution: A Political Biography, 1888-1938′ by Stephen "
        "F. Cohen p.157"
    ),
    9: "‘The Prophet Unarmed: Trotsky, 1921-1929’ by Isaac Deutscher, p.360",
    10: (
        "Full quote: “Meantime, however, Trotsky was confro",
        "rotsky, 1921-1929’ by Isaac Deutscher, p.375)",
    ),
    11: "’The Prophet Unarmed: Trotsky, 1921-1929′ by Isaac Deutscher, p.264",
    12: (
        "Full quote: “Bukharin went to see Kamenev in order",
        "evik Party (CP) of the USSR’ by Pierre Broué,",
    ),
    13: (
        "Source: Revelations from the Russian Archives: Internal Workings of the Soviet Union, "
        "Library of Congress,"
    ),
    14: "’The History of the Bolshevik Party (CP) of the USSR’ by Pierre Broué,",
    15: "’Transition to Socialism 4.0′ by Jonathan Clyne, pp.44-46",
    17: "’Nikolai Bukharin and the New Economic Policy. A Middle Way?’ by Jonathan J. Bean",
    18: "‘Democracy and Economic Planning’ by Pat Devine, Polity Press 1988, p.12",
    19: (
        "‘Democracy and Economic Planning’ by Pat Devine, Polity Press 1988, Kindle Highlight "
        "Loc. 1335-45"
    ),
    20: (
        "‘Democracy and Economic Planning’ by Pat Devine, Polity Press 1988, Kindle highlight "
        "Loc. 2254-58"
    ),
    21: (
        "‘Democracy and Economic Planning’ by Pat Devine, Polity Press 1988, Kindle highlight "
        "Loc. 2171-90"
    ),
    22: (
        "‘Democracy and Economic Planning’ by Pat Devine, Polity Press 1988, Kindle highlight "
        "Loc. 4753-65"
    ),
    23: "Gorbachev 1987, p. 24",
}

REFS_2021 = [
    ("and even genocide.” 1", 1),
    ("previous already low level.2", 2),
    ("for an ideal society.3", 3),
    ("coming revolution.” 4", 4),
    ("“would be fatal.” 5", 5),
    ("the peasantry with it.6", 6),
    ("to be speeded up.” 7", 7),
    ("power to destroy them all.8", 8),
    ("the Opposition’s main task.9", 9),
    ("against Bukharin.” 10", 10),
    ("against Stalin? Never!” 11", 11),
    ("our former differences with you.12", 12),
    ("consumer goods occurred.13", 13),
    ("and will strangle us.14", 14),
    ("giant facilities.” 15", 15),
    ("than in other socialist countries.17", 17),
    ("to enforce it.” 18", 18),
    ("statist countries.” 19", 19),
    ("affecting them.” 20", 20),
    ("further development.” 21", 21),
    ("dominance of the party/state22", 22),
    ("in a free country.” 23", 23),
]

REFS_2020 = [
    ("“would be fatal.” 1", 1),
    ("of communal life.2", 2),
    ("peasantry with it.” 2", 2),
    ("destroy them all.3", 3),
    ("Opposition’s main task.4", 4),
    ("against Bukharin.” 5", 5),
    ("Stalin? Never!” 6", 6),
    ("we had with you.” 7", 7),
    ("will strangle us.8", 8),
]

NOT_REFS_2021 = [
    "killed 2.5 million Russian",
    "between 4.6 million – 8.5 million",
    "from 1936-8 when",
    "by the $4 billion in",
    "amounted to only 1 percent",
    "a tram ticket just 20.",
    "the Soviet Union’s 4 per cent",
    "polluting industrial complexes.16",
]


def notes(doc) -> list:
    return [block for block in doc.blocks if block.kind == "note"]


def block_containing(doc, fragment: str):
    matches = [block for block in doc.blocks if fragment in block.text]
    assert len(matches) == 1, f"expected exactly one block containing {fragment!r}"
    return matches[0]


def all_ref_numbers(doc) -> list[int]:
    return sorted(ref.number for block in doc.blocks for ref in block.refs)


def test_it_numbers_the_endnotes_of_the_2021_revision(parsed):
    assert [block.number for block in notes(parsed[ARTICLE_2021])] == NOTE_NUMBERS_2021


def test_it_puts_the_endnotes_last_in_source_order(parsed):
    blocks = parsed[ARTICLE_2021].blocks
    tail = blocks[-len(NOTE_NUMBERS_2021) :]
    assert [block.kind for block in tail] == ["note"] * len(NOTE_NUMBERS_2021)
    assert [block.line for block in tail] == list(range(260, 282))


@pytest.mark.parametrize(("number", "expected"), list(NOTE_TEXTS_2021.items()))
def test_it_strips_the_number_from_the_note_text(parsed, number, expected):
    [note] = [block for block in notes(parsed[ARTICLE_2021]) if block.number == number]
    if isinstance(expected, tuple):
        assert note.text.startswith(expected[0])
        assert note.text.endswith(expected[1])
    else:
        assert note.text == expected


def test_it_finds_each_note_marker_of_the_2021_revision_once(parsed):
    assert all_ref_numbers(parsed[ARTICLE_2021]) == NOTE_NUMBERS_2021


@pytest.mark.parametrize(("fragment", "number"), REFS_2021, ids=[str(n) for _, n in REFS_2021])
def test_it_places_a_note_ref_on_the_marker_digits(parsed, fragment, number):
    block = block_containing(parsed[ARTICLE_2021], fragment)
    start = block.text.index(fragment) + len(fragment) - len(str(number))
    assert (start, start + len(str(number)), number) in [
        (ref.start, ref.end, ref.number) for ref in block.refs
    ]


def test_it_orders_the_refs_of_a_block_by_offset(parsed):
    block = block_containing(parsed[ARTICLE_2021], "against Bukharin.” 10")
    assert [ref.number for ref in block.refs] == [10, 11]
    block = block_containing(parsed[ARTICLE_2021], "for an ideal society.3")
    assert [ref.number for ref in block.refs] == [3, 4]


@pytest.mark.parametrize("fragment", NOT_REFS_2021)
def test_it_never_takes_a_quantity_or_year_for_a_marker(parsed, fragment):
    assert block_containing(parsed[ARTICLE_2021], fragment).refs == ()


def test_it_keeps_a_marker_without_a_note_as_plain_text(parsed):
    block = block_containing(parsed[ARTICLE_2021], "polluting industrial complexes.16")
    assert block.text.endswith("polluting industrial complexes.16")
    assert block.refs == ()


def test_it_finds_no_refs_inside_notes(parsed, seed_name):
    for block in notes(parsed[seed_name]):
        assert block.refs == ()


def test_it_numbers_the_endnotes_of_the_2020_version(parsed):
    doc = parsed[ARTICLE_2020]
    assert [block.number for block in notes(doc)] == list(range(1, 9))
    assert [block.kind for block in doc.blocks[-8:]] == ["note"] * 8
    assert notes(doc)[2].text == (
        "‘Bukharin and the Bolshevik Revolution: A Political Biography, 1888-1938’ by Stephen "
        "F. Cohen p.157"
    )
    assert notes(doc)[7].text == (
        "‘The History of the Bolshevik Party (CP) of the USSR’ by Pierre Broué,"
    )


@pytest.mark.parametrize(("fragment", "number"), REFS_2020, ids=[f for f, _ in REFS_2020])
def test_it_finds_the_markers_of_the_2020_version(parsed, fragment, number):
    block = block_containing(parsed[ARTICLE_2020], fragment)
    start = block.text.index(fragment) + len(fragment) - len(str(number))
    assert (start, start + len(str(number)), number) in [
        (ref.start, ref.end, ref.number) for ref in block.refs
    ]


def test_it_finds_every_marker_of_the_2020_version_once(parsed):
    assert all_ref_numbers(parsed[ARTICLE_2020]) == [1, 2, 2, 3, 4, 5, 6, 7, 8]


def test_it_points_every_ref_at_its_digits_and_at_an_existing_note(parsed, seed_name):
    doc = parsed[seed_name]
    note_numbers = {block.number for block in notes(doc)}
    for block in doc.blocks:
        for ref in block.refs:
            assert 0 <= ref.start < ref.end <= len(block.text)
            assert block.text[ref.start : ref.end] == str(ref.number)
            assert ref.number in note_numbers


def test_it_sets_a_number_on_notes_only(parsed, seed_name):
    for block in parsed[seed_name].blocks:
        if block.kind == "note":
            assert isinstance(block.number, int)
        else:
            assert block.number is None


@pytest.mark.parametrize("name", [BOOK, BLOG, RUSSIA])
def test_it_finds_no_notes_where_there_is_no_notes_section(parsed, name):
    assert notes(parsed[name]) == []


def test_it_links_a_books_bracketed_footnotes_to_their_markers():
    from corpus.ingest import parse_text

    text = (
        "The mill stood by the river, as it had done for a hundred years and more,[1]\n"
        "and the miller kept it going through the long winters of the valley.\n\n"
        "[1] It was first built in 1720, by the miller's great-grandfather.\n\n"
        "In the spring the water rose and the wheel turned faster than ever before.\n"
    )
    doc = parse_text(text)
    notes = [b for b in doc.blocks if b.kind == "note"]
    assert [(n.number, n.text) for n in notes] == [
        (1, "It was first built in 1720, by the miller's great-grandfather.")
    ]
    body = doc.blocks[0]
    (ref,) = body.refs
    assert body.text[ref.start : ref.end] == "1" and ref.number == 1
