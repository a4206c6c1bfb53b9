"""annotations.imports.highlights: Kindle, Hypothesis and Readwise files quoting the seeds,
imported as the reader's private highlights: exact, fuzzy for review, or reported."""

import pytest

from annotations.circles.services import circle_create
from annotations.imports.highlights import import_highlights
from annotations.imports.report import ImportFileError
from annotations.models import Anchor, Annotation, LibraryText
from tests.conftest import REPO

FILES = REPO / "tests" / "texts" / "imports"
RUSSIA, BETRAYED = "russia-and-socialism", "what-happened-in-the-soviet-union"


def data(name: str) -> bytes:
    return (FILES / name).read_bytes()


def statuses(report) -> list[tuple[str, str]]:
    return [(result.status, result.quote[:30]) for result in report.results]


def test_it_imports_kindle_clippings_by_their_titles(short_seeds, owner):
    report = import_highlights(user=owner, data=data("My Clippings.txt"))

    assert statuses(report) == [
        ("created", "Joseph Stalin’s Russia claimed"),
        ("created for review", "They argued the need for, and "),
        ("created for review", "It was the ﬁrst revolution in "),
        ("skipped", ""),
        ("created for review", "Rather than producing for prof"),
        ("created for review", "Soviet delegates were subject "),
        ("not found", "The planned economy was a triu"),
        ("created", "This is, of course, exactly wh"),
        ("no matching document", "Accumulate, accumulate! That i"),
    ]
    assert [r.book for r in report.results][-1] == "Capital, Volume I"
    created = Annotation.objects.filter(author=owner)
    assert created.count() == 6
    assert {a.document.slug for a in created} == {RUSSIA, BETRAYED}
    assert {a.visibility for a in created} == {"private"}


def test_it_makes_a_note_the_comment_of_the_highlight_at_its_location(short_seeds, owner):
    import_highlights(user=owner, data=data("My Clippings.txt"))

    first = Annotation.objects.get(
        exact="Joseph Stalin’s Russia claimed to be the expression of Marxism."
    )
    german = Annotation.objects.get(exact="This is, of course, exactly what happened in 1917.")
    assert first.comment == "Compare *The Revolution Betrayed*: the claim, not the practice."
    assert first.comment_html == (
        "<p>Compare <em>The Revolution Betrayed</em>: the claim, not the practice.</p>"
    )
    assert german.comment == "Permanent revolution, confirmed."


def test_it_places_an_approximate_quote_fuzzy_with_the_imported_words(short_seeds, owner):
    import_highlights(user=owner, data=data("My Clippings.txt"))

    changed = Annotation.objects.get(previous_exact__startswith="Soviet delegates")
    assert (changed.anchor, changed.exact, changed.previous_exact) == (
        Anchor.FUZZY,
        "Soviet delegates were subject to recall at any point by majority decision.",
        "Soviet delegates were subject to recall at any time by majority decision.",
    )
    ligature = Annotation.objects.get(previous_exact__startswith="It was the ﬁrst")
    assert ligature.exact == (
        "It was the first revolution in a major country inspired by the ideas of Marx and Engels."
    )
    quoted = Annotation.objects.get(previous_exact__startswith="They argued")
    assert quoted.exact.endswith("building “socialism in one country”, a theory alien to the "
                                 "internationalist socialist movement.")  # fmt: skip
    document = short_seeds[RUSSIA]
    assert document.current_version.text[changed.start : changed.end] == changed.exact


def test_a_second_import_of_the_same_file_creates_nothing(short_seeds, owner):
    first = import_highlights(user=owner, data=data("My Clippings.txt"))

    second = import_highlights(user=owner, data=data("My Clippings.txt"))

    assert (first.created, second.created) == (6, 0)
    assert second.count("already imported") == 6
    assert Annotation.objects.filter(author=owner).count() == 6
    assert "6 already imported" in second.summary()


def test_it_imports_into_the_document_the_reader_chose(short_seeds, owner):
    report = import_highlights(
        user=owner, data=data("My Clippings.txt"), format="kindle", document=short_seeds[RUSSIA]
    )
    # The other books' highlights are looked for in the chosen document too: not there.
    assert report.count("no matching document") == 0
    assert report.count("not found") == 3
    assert set(Annotation.objects.values_list("document__slug", flat=True)) == {RUSSIA}


def test_it_imports_hypothesis_rows(short_seeds, owner):
    report = import_highlights(user=owner, data=data("hypothesis.json"))

    assert [(r.status, r.source_id) for r in report.results] == [
        ("created", "Xk2pQm9WEe-3bH8lS0vB1A"),
        ("created for review", "Ym7tRa9WEe-Lh2NkWQ2xgQ"),
        ("not imported", "Zq1uTa9WEe-aFh6fK3mVzw"),
        ("skipped", "aB4vUa9WEe-2dTqmRk3p9g"),
        ("not found", "bC8wVa9WEe-9sLw1t0Qe6w"),
    ]
    comintern = Annotation.objects.get(pk=report.results[0].annotation)
    assert sorted(comintern.tags.names()) == ["1919", "comintern"]
    assert "<script" not in comintern.comment_html
    assert (
        '<a href="https://example.org/riddell" rel="nofollow noopener noreferrer" target="_blank">'
        in (comintern.comment_html)
    )
    assert comintern.document.slug == BETRAYED


def test_it_imports_readwise_csv_with_colours_notes_and_tags(short_seeds, owner):
    report = import_highlights(user=owner, data=data("readwise.csv"))

    assert [r.status for r in report.results] == [
        "created",
        "created for review",
        "created for review",
        "not found",
    ]
    exact = Annotation.objects.get(pk=report.results[0].annotation)
    assert (exact.color, exact.comment) == ("blue", "Cliff's argument in one sentence.")
    assert sorted(exact.tags.names()) == ["economics", "state-capitalism"]
    changed = Annotation.objects.get(pk=report.results[1].annotation)
    assert (changed.color, changed.anchor) == ("yellow", Anchor.FUZZY)
    assert changed.exact.endswith("facing torture and death if they resisted.")
    broken = Annotation.objects.get(pk=report.results[2].annotation)
    assert (
        broken.exact
        == "Tragically Stalinism destroyed the gains of the Russian workers’ revolution."
    )


@pytest.mark.parametrize(
    ("content", "format", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "This is a binary file"),
        (b"Just some words.", "", "Cannot tell this file's format"),
        (b'{"rows": [', "hypothesis", "The file is not JSON"),
        (b'{"rows": 3}', "hypothesis", "Expected Hypothesis API rows"),
        (b"Title,Note\nA,B\n", "readwise", "The CSV has no Highlight column"),
        (b'[{"id": "x"}]', "kindle", "This is not a Kindle My Clippings.txt"),
        (b"==========\n", "epub", "Unknown format 'epub'"),
    ],
)
def test_it_refuses_a_file_it_cannot_read_and_creates_nothing(
    content, format, message, short_seeds, owner
):
    with pytest.raises(ImportFileError) as raised:
        import_highlights(user=owner, data=content, format=format)
    assert str(raised.value).startswith(message)
    assert Annotation.objects.count() == 0


def test_it_imports_nothing_when_something_unexpected_fails(short_seeds, owner, monkeypatch):
    from annotations import services

    real = services.annotation_create
    calls = []

    def fail_on_the_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "annotation_create", fail_on_the_second)
    with pytest.raises(RuntimeError):
        import_highlights(user=owner, data=data("My Clippings.txt"))
    assert Annotation.objects.count() == 0


def test_it_refuses_a_document_the_reader_may_not_see(short_seeds, owner, outsider):
    circle = circle_create(owner=owner, name="Readers")
    LibraryText.objects.create(document=short_seeds[RUSSIA], circle=circle)

    with pytest.raises(ImportFileError) as raised:
        import_highlights(user=outsider, data=data("readwise.csv"), document=short_seeds[RUSSIA])
    assert (raised.value.field, str(raised.value)) == (
        "document",
        "No document 'russia-and-socialism' in your library.",
    )
    assert Annotation.objects.count() == 0
