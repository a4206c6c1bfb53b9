"""The format readers, bytes in, entries out: Kindle's clippings in several languages and
ages, Hypothesis's two shapes, Readwise's and our own CSV columns. Pure, no database."""

import json

from annotations.imports.entries import NOT_IMPORTED, SKIPPED, Highlight, PassedOver
from annotations.imports.hypothesis import read_hypothesis
from annotations.imports.kindle import read_kindle
from annotations.imports.readwise import read_readwise
from tests.annotations.imports.test_highlights import data


def clippings(*entries: tuple[str, str, str]) -> bytes:
    return "".join(f"{t}\n{m}\n\n{x}\n==========\n" for t, m, x in entries).encode()


def test_it_reads_my_clippings_with_its_bom_and_crlf():
    entries = read_kindle(data("My Clippings.txt"))

    highlights = [entry for entry in entries if isinstance(entry, Highlight)]
    assert [(h.index, h.title) for h in highlights][:2] == [
        (0, "Russia and socialism"),
        (2, "Russia and socialism"),
    ]
    assert highlights[0].quote == "Joseph Stalin’s Russia claimed to be the expression of Marxism."
    assert "\r" not in "".join(h.quote + h.comment for h in highlights)
    assert [(e.index, e.status) for e in entries if isinstance(e, PassedOver)] == [(4, SKIPPED)]
    # Notes (entries 1 and 9) became comments, in French and German Kindles' wording too.
    assert highlights[-2].comment == "Permanent revolution, confirmed."


def test_it_reads_other_languages_and_older_kindles():
    entries = read_kindle(
        clippings(
            ("Libro (Autor)", "- Tu subrayado en la página 5 | posición 70-72 | Añadido", "Uno"),
            ("Libro (Autor)", "- Tu nota en la página 5 | posición 72 | Añadido", "Mi nota"),
            ("Book", "- Highlight Loc. 1170-72 | Added on Monday, March 3, 2011", "Two"),
            ("Book", "- Note Loc. 1171 | Added on Monday, March 3, 2011", "Its note"),
            ("Livre (Auteur)", "- Votre signet à l'emplacement 30 | Ajouté le lundi", ""),
        )
    )  # fmt: skip

    assert [(e.title, e.quote, e.comment) for e in entries if isinstance(e, Highlight)] == [
        ("Libro", "Uno", "Mi nota"),
        ("Book", "Two", "Its note"),
    ]
    assert [(e.status, e.title) for e in entries if isinstance(e, PassedOver)] == [
        (SKIPPED, "Livre")
    ]


def test_a_note_with_no_highlight_at_its_location_is_reported():
    entries = read_kindle(
        clippings(("Book (A)", "- Your Note on page 3 | Location 99 | Added on Monday", "Alone"))
    )
    assert entries == [
        PassedOver(
            0,
            NOT_IMPORTED,
            "A note with no highlight at its location: nothing to place it by.",
            "Book",
            "Alone",
        )
    ]


def test_it_reads_hypothesis_rows_as_a_list_or_a_page():
    rows = json.loads(data("hypothesis.json"))["rows"]

    as_list = read_hypothesis(json.dumps(rows).encode())
    as_page = read_hypothesis(data("hypothesis.json"))

    assert as_list == as_page
    first = as_page[0]
    assert (first.start, first.prefix[-10:], first.tags) == (
        18233,
        "eartland.\n",
        ["comintern", "1919"],
    )
    assert (
        first.title
        == "The Revolution Betrayed: What happened in the Soviet Union? | Socialist Party"
    )
    assert [(e.status, e.message) for e in as_page if isinstance(e, PassedOver)] == [
        (NOT_IMPORTED, "A page note: it quotes no passage."),
        (SKIPPED, "A reply: replies are not imported."),
    ]


def test_it_reads_readwise_and_our_own_columns():
    readwise = read_readwise(data("readwise.csv"))
    ours = read_readwise(
        b"Highlight,Title,Author,URL,Note,Location,Date,Tags\r\n"
        b"'=quoted,Russia and socialism,Abbie Bakan,http://x.test/read/russia-and-socialism/p/3/,"
        b'\'-a note,3,2025-03-02 10:15:00,"nep, plan"\r\n'
    )

    assert (readwise[0].title, readwise[0].color, readwise[0].tags) == (
        "Russia and socialism",
        "blue",
        ["state-capitalism", "economics"],
    )
    assert (
        readwise[2].quote
        == "Tragically Stalinism destroyed the gains\nof the Russian workers’ revolution."
    )
    assert ours == [
        Highlight(
            0,
            "=quoted",
            "Russia and socialism",
            comment="-a note",
            tags=["nep", "plan"],
            slug="russia-and-socialism",
        )
    ]
