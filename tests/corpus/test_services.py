import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corpus.ingest import SourcePage, parse_pages
from corpus.ingest.blocks import NOTE_LABEL_MAX, Block, IngestError, PageNote
from corpus.models import Document, DocumentVersion, Paragraph, Section
from corpus.services import document_ingest


def row_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Document, DocumentVersion, Section, Paragraph)
    }


@pytest.fixture
def first_text(build):
    return build.parsed(
        blocks=[
            build.heading("Introduction"),
            build.body("The revolution of 1917."),
            build.body("It was popular."),
        ]
    )


@pytest.fixture
def second_text(build):
    return build.parsed(
        blocks=[
            build.heading("Introduction"),
            build.body("The revolution of October 1917."),
            build.body("It was popular."),
        ]
    )


def test_it_creates_a_document_with_its_first_version(db, first_text):
    result = document_ingest(
        parsed=first_text,
        slug="soviet",
        title="The Soviet Union",
        author="A. Writer",
        publisher="A Press",
        published="2020-09",
        note="First draft.",
        source_name="soviet.txt",
    )

    document = Document.objects.get()
    version = DocumentVersion.objects.get()
    assert (result.document, result.version) == (document, version)
    assert (result.created, result.unchanged) == (True, False)
    assert document.current_version == version
    assert (document.slug, document.title, document.author) == (
        "soviet",
        "The Soviet Union",
        "A. Writer",
    )
    assert (document.publisher, document.published, document.updated, document.note) == (
        "A Press",
        "2020-09",
        "",
        "First draft.",
    )
    assert version.number == 1
    assert version.supersedes is None
    assert version.source_name == "soviet.txt"


def test_it_joins_paragraph_texts_with_blank_lines(db, first_text):
    version = document_ingest(parsed=first_text, slug="soviet", title="Soviet").version

    version.refresh_from_db()
    assert version.text == "Introduction\n\nThe revolution of 1917.\n\nIt was popular."
    assert version.content_hash == hashlib.sha256(version.text.encode()).hexdigest()
    assert version.word_count == 8


def test_it_records_paragraph_offsets_into_the_version_text(db, first_text):
    version = document_ingest(parsed=first_text, slug="soviet", title="Soviet").version

    paragraphs = list(version.paragraphs.order_by("ordinal"))
    assert [(p.ordinal, p.kind, p.start, p.end) for p in paragraphs] == [
        (1, "heading", 0, 12),
        (2, "body", 14, 37),
        (3, "body", 39, 54),
    ]
    assert all(version.text[p.start : p.end] == p.text for p in paragraphs)


def test_it_stores_the_parser_report(db, build):
    parsed = build.parsed(
        blocks=[build.body("Text.")],
        dropped=[build.dropped(line=3, text="Share this", reason="page chrome")],
        warnings=["decoded as cp1252"],
    )

    version = document_ingest(parsed=parsed, slug="s", title="S").version

    version.refresh_from_db()
    assert version.report == {
        "dropped": [{"line": 3, "reason": "page chrome", "text": "Share this"}],
        "warnings": ["decoded as cp1252"],
    }


def test_it_stores_a_new_version_under_the_same_slug(db, first_text, second_text):
    first = document_ingest(parsed=first_text, slug="soviet", title="Soviet", author="A").version

    result = document_ingest(
        parsed=second_text, slug="soviet", title="", author="B", updated="2021-07"
    )

    document = Document.objects.get()
    assert (result.created, result.unchanged) == (False, False)
    assert result.version.number == 2
    assert result.version.supersedes == first
    assert document.current_version == result.version
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    # Empty arguments keep the stored metadata; given ones replace it.
    assert (document.title, document.author, document.updated) == ("Soviet", "B", "2021-07")
    assert first.paragraphs.count() == 3


def test_it_stores_a_new_version_of_the_document_it_supersedes(db, first_text, second_text):
    first = document_ingest(parsed=first_text, slug="soviet", title="Soviet").version

    result = document_ingest(parsed=second_text, slug="", title="", supersedes="soviet")

    assert result.document == first.document
    assert (result.version.number, result.version.supersedes) == (2, first)
    assert Document.objects.get().current_version == result.version


def test_it_rejects_an_unknown_supersedes_slug_and_changes_nothing(db, first_text, second_text):
    document_ingest(parsed=first_text, slug="soviet", title="Soviet")
    before = row_counts()

    with pytest.raises(IngestError, match="supersedes: no document with slug 'nope'"):
        document_ingest(parsed=second_text, slug="", title="Other", supersedes="nope")

    assert row_counts() == before


def test_it_rejects_a_slug_that_differs_from_supersedes(db, first_text, second_text):
    document_ingest(parsed=first_text, slug="soviet", title="Soviet")

    with pytest.raises(IngestError, match="name different documents"):
        document_ingest(parsed=second_text, slug="other", title="", supersedes="soviet")

    assert DocumentVersion.objects.count() == 1


def test_it_changes_nothing_when_the_text_is_already_stored(db, first_text):
    first = document_ingest(parsed=first_text, slug="soviet", title="Soviet").version
    before = row_counts()

    with CaptureQueriesContext(connection) as queries:
        result = document_ingest(parsed=first_text, slug="soviet", title="Renamed", author="X")

    assert (result.created, result.unchanged) == (False, True)
    assert result.version == first
    assert row_counts() == before
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert Document.objects.get().title == "Soviet"


def test_it_finds_an_older_version_with_the_same_text(db, first_text, second_text):
    first = document_ingest(parsed=first_text, slug="soviet", title="Soviet").version
    second = document_ingest(parsed=second_text, slug="soviet", title="Soviet").version

    result = document_ingest(parsed=first_text, slug="soviet", title="Soviet")

    assert (result.unchanged, result.version) == (True, first)
    assert Document.objects.get().current_version == second


def test_it_starts_a_section_at_each_heading(db, build):
    parsed = build.parsed(
        blocks=[
            build.heading("Part One", level=1),
            build.heading("Chapter 1", level=2),
            build.body("a"),
            build.body("b"),
            build.heading("Chapter 2", level=2),
            build.body("c"),
        ]
    )

    version = document_ingest(parsed=parsed, slug="book", title="Book").version

    sections = version.sections.order_by("order")
    assert [
        (s.order, s.level, s.title, s.heading_ordinal, s.first_ordinal, s.last_ordinal)
        for s in sections
    ] == [
        (1, 1, "Part One", 1, 1, 1),
        (2, 2, "Chapter 1", 2, 2, 4),
        (3, 2, "Chapter 2", 5, 5, 6),
    ]
    section_titles = [p.section.title for p in version.paragraphs.select_related("section")]
    assert section_titles == ["Part One", "Chapter 1", "Chapter 1", "Chapter 1"] + ["Chapter 2"] * 2


def test_it_puts_paragraphs_before_the_first_heading_in_an_implicit_section(db, build):
    parsed = build.parsed(
        blocks=[build.body("Preamble."), build.body("More."), build.heading("One", level=2)]
    )

    version = document_ingest(parsed=parsed, slug="doc", title="The Document").version

    sections = version.sections.order_by("order")
    assert [
        (s.order, s.level, s.title, s.heading_ordinal, s.first_ordinal, s.last_ordinal)
        for s in sections
    ] == [
        (1, 1, "The Document", None, 1, 2),
        (2, 2, "One", 3, 3, 3),
    ]


def test_it_makes_one_section_of_a_text_without_headings(db, build):
    parsed = build.parsed(blocks=[build.body("a"), build.body("b"), build.body("c")])

    version = document_ingest(parsed=parsed, slug="doc", title="Doc").version

    section = Section.objects.get()
    assert (section.title, section.first_ordinal, section.last_ordinal) == ("Doc", 1, 3)
    assert version.paragraphs.filter(section=section).count() == 3


def test_it_maps_note_refs_to_the_ordinals_of_their_notes(db, build):
    text = "Lenin said so.1 Trotsky disagreed.2"
    parsed = build.parsed(
        blocks=[
            build.body(text, refs=(build.ref_to(text, "1", 1), build.ref_to(text, "2", 2))),
            build.heading("Notes"),
            build.note(1, "Collected Works, vol. 33."),
            build.note(2, "The Revolution Betrayed."),
        ]
    )

    version = document_ingest(parsed=parsed, slug="doc", title="Doc").version

    paragraphs = {p.ordinal: p for p in version.paragraphs.all()}
    assert paragraphs[1].note_refs == [[14, 15, 3], [34, 35, 4]]
    assert [paragraphs[1].text[s:e] for s, e, _ in paragraphs[1].note_refs] == ["1", "2"]
    assert (paragraphs[3].kind, paragraphs[3].note_number) == ("note", 1)
    assert (paragraphs[4].kind, paragraphs[4].note_number) == ("note", 2)
    assert paragraphs[1].note_number is None


def test_it_ignores_refs_to_notes_that_do_not_exist(db, build):
    text = "A claim.7"
    parsed = build.parsed(blocks=[build.body(text, refs=(build.ref_to(text, "7", 7),))])

    version = document_ingest(parsed=parsed, slug="doc", title="Doc").version

    assert version.paragraphs.get().note_refs == []


def test_it_maps_restarted_note_numbers_to_the_following_note(db, build):
    text = "Claim.1"
    ref = build.ref_to(text, "1", 1)
    parsed = build.parsed(
        blocks=[
            build.body(text, refs=(ref,)),  # 1
            build.note(1, "Chapter one's note."),  # 2
            build.body(text, refs=(ref,)),  # 3
            build.note(1, "Chapter two's note."),  # 4
        ]
    )

    version = document_ingest(parsed=parsed, slug="doc", title="Doc").version

    refs = dict(version.paragraphs.values_list("ordinal", "note_refs"))
    assert (refs[1], refs[3]) == ([[6, 7, 2]], [[6, 7, 4]])


def test_it_rejects_an_empty_document_and_changes_nothing(db, build):
    with pytest.raises(IngestError, match="no paragraphs"):
        document_ingest(parsed=build.parsed(blocks=[]), slug="doc", title="Doc")

    assert row_counts() == {"Document": 0, "DocumentVersion": 0, "Section": 0, "Paragraph": 0}


@pytest.mark.parametrize("field", ["published", "updated"])
@pytest.mark.parametrize("value", ["2020-13", "Sept 2020", "2020-02-30", "20"])
def test_it_rejects_a_date_that_is_not_iso(db, first_text, field, value):
    with pytest.raises(IngestError, match=f"^{field}: "):
        document_ingest(parsed=first_text, slug="doc", title="Doc", **{field: value})

    assert Document.objects.count() == 0


@pytest.mark.parametrize("value", ["2020", "2020-09", "2019-10-30"])
def test_it_accepts_partial_iso_dates(db, first_text, value):
    document = document_ingest(parsed=first_text, slug="d", title="D", published=value).document

    assert document.published == value


def test_it_rejects_a_new_document_without_a_title(db, first_text):
    with pytest.raises(IngestError, match="title"):
        document_ingest(parsed=first_text, slug="doc", title="")

    assert Document.objects.count() == 0


def test_it_rejects_a_slug_that_is_not_a_slug(db, first_text):
    with pytest.raises(IngestError, match="slug"):
        document_ingest(parsed=first_text, slug="no spaces", title="Doc")


def test_it_stores_paragraphs_in_a_fixed_number_of_queries(db, build):
    def queries_for(paragraph_count: int, slug: str) -> int:
        parsed = build.parsed(
            blocks=[
                build.heading(f"Part {i}") if i % 10 == 0 else build.body(f"Paragraph {i}.")
                for i in range(paragraph_count)
            ]
        )
        with CaptureQueriesContext(connection) as queries:
            document_ingest(parsed=parsed, slug=slug, title=slug)
        return len(queries)

    assert queries_for(5, "small") == queries_for(50, "larger")


def test_it_rejects_metadata_longer_than_its_field(db, first_text):
    with pytest.raises(IngestError, match="^title: longer than 300 characters"):
        document_ingest(parsed=first_text, slug="doc", title="x" * 301)

    assert Document.objects.count() == 0


def test_it_rejects_an_unknown_paragraph_kind_and_changes_nothing(db, build):
    parsed = build.parsed(blocks=[build.body("a"), build.block(kind="figure", text="b")])

    with pytest.raises(IngestError, match="paragraph 2: unknown kind 'figure'"):
        document_ingest(parsed=parsed, slug="doc", title="Doc")

    assert row_counts() == {"Document": 0, "DocumentVersion": 0, "Section": 0, "Paragraph": 0}


def test_it_links_each_pdf_footnote_marker_to_its_own_note_though_numbers_repeat(db):
    # A court opinion: a '*' note on page 1 and a '1' note on page 3 are both numbered 1.
    from corpus.ingest import read_any
    from tests.conftest import REPO

    data = (REPO / "tests/texts/pdf/ca5-opinion-st-pierre.pdf").read_bytes()
    result = document_ingest(parsed=read_any(data, "ca5.pdf"), slug="st-pierre", title="St. Pierre")
    paragraphs = {p.ordinal: p for p in result.version.paragraphs.all()}
    linked = {
        paragraphs[p.ordinal].text[start:end]: paragraphs[ordinal].text[:30]
        for p in paragraphs.values()
        for start, end, ordinal in p.note_refs
    }

    assert linked == {
        "*": "Pursuant to 5th Circuit Rule 4",
        "1": "“Pending E of I” is shorthand ",
        "2": "St. Pierre submits various pre",
        "3": "St. Pierre contends she relied",
    }


def test_it_refuses_a_note_label_too_long_to_store_and_changes_nothing(db, build):
    # Checked before any row is written: PostgreSQL would refuse the column's overflow
    # halfway through the ingest, SQLite would store it.
    note = Block(kind="note", text="A note.", number=1, label="*" * (NOTE_LABEL_MAX + 1))
    with pytest.raises(IngestError, match="a note label of 17 characters"):
        document_ingest(
            parsed=build.parsed(blocks=[build.body("Text."), note]), slug="doc", title="Doc"
        )

    assert row_counts() == {"Document": 0, "DocumentVersion": 0, "Section": 0, "Paragraph": 0}


def test_it_keeps_a_pdf_notes_long_label_as_its_number(db):
    # A PDF page's note whose raised label runs long: stored as its number.
    page = SourcePage(1, ["A claim.", "", "1"], notes=[PageNote(20, "*" * 20, "A note.")])
    version = document_ingest(parsed=parse_pages([page]), slug="doc", title="Doc").version

    note = version.paragraphs.get(kind="note")
    assert (note.note_number, note.note_label) == (20, "")
