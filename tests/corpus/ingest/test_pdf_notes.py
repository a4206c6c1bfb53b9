"""Footnotes at the foot of PDF pages: real PDFs against hand-read truth, and each rule
with its counter-example (``readers/pdfnotes.py``, ``notes.place_page_notes``)."""

from __future__ import annotations

import collections
import io
import re

import pytest

from corpus.ingest import SourcePage, parse_pages, read_any
from corpus.ingest.blocks import PageNote
from corpus.ingest.readers.pdfnotes import PdfBox, PdfLine, split_notes
from tests.conftest import REPO

PDF = REPO / "tests" / "texts" / "pdf"
# Words of letters: a marker set against its word ("reports1") or a note's label, taken
# off as its number, leaves them whole.
WORD = re.compile(r"[^\W\d_]+")

# Hand-read from the PDFs: each footnote's number, marker as printed, and first words.
TRUTH = {
    "ca5-opinion-st-pierre.pdf": [
        (1, "*", "Pursuant to 5th Circuit Rule 47.5"),
        (1, "1", "“Pending E of I” is shorthand"),
        (2, "2", "St. Pierre submits various pre-Insurance Code cases"),
        (3, "3", "St. Pierre contends she relied instead"),
    ],
    "ca1-opinion-calvary-chapel.pdf": [
        (1, "1", "The Chapel claimed violations of the Free Exercise Clause"),
        (2, "2", "Even if these circumstances qualified as a close call"),
    ],
    "federal-register-737-max.pdf": [
        (1, "1", "Preliminary KNKT.18.10.35.04 Aircraft"),
        (2, "2", "The flight control system for 737 MAX airplanes"),
        (3, "3", "An airplane’s nose-up or nose-down attitude"),
        (4, "4", "The angle of attack (or AOA)"),
        (5, "5", "Stall warning indication is the activation"),
        (6, "6", "Flight data recorder (FDR) data"),
        (7, "7", "Ethiopian Aircraft Accident Investigation"),
        (8, "8", "MCAS is a function of the Speed Trim System"),
        (9, "9", "An AOA disagree alert"),
        (10, "10", "A flight control law generates commands"),
        (11, "11", "The calculated threshold would be a function"),
        (12, "12", "The magnitude of the command varies"),
        (13, "13", "More than 10 degrees difference"),
        (14, "14", "The AFM is an FAA-approved document"),
        (15, "15", "All of the checklists that the FAA proposes"),
    ],
}


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


@pytest.fixture(scope="module")
def parsed():
    return {name: read_any((PDF / name).read_bytes(), name) for name in TRUTH}


def test_it_finds_nine_in_ten_footnotes_each_linked_from_its_marker(parsed):
    found = expected = 0
    for name, notes in TRUTH.items():
        blocks = parsed[name].blocks
        note_blocks = [(i, b) for i, b in enumerate(blocks) if b.kind == "note"]
        refs = [(i, b, r) for i, b in enumerate(blocks) for r in b.refs]
        for number, label, opening in notes:
            expected += 1
            at = next((i for i, b in note_blocks if _norm(b.text).startswith(_norm(opening))), None)
            # Its marker, as printed, points to it: the nearest note so numbered after it.
            linked = any(
                r.number == number
                and b.text[r.start : r.end] == label
                and next((j for j, n in note_blocks if j > i and n.number == number), None) == at
                for i, b, r in refs
            )
            found += at is not None and blocks[at].number == number and linked
    assert found / expected >= 0.9, (found, expected)


def test_it_keeps_the_words_of_a_pdf_with_footnotes(parsed):
    from pdfminer.high_level import extract_text

    for name in TRUTH:
        source = collections.Counter(
            WORD.findall(extract_text(io.BytesIO((PDF / name).read_bytes())).lower())
        )
        doc = parsed[name]
        kept = collections.Counter(w for b in doc.blocks for w in WORD.findall(b.text.lower()))
        # Furniture dropped aside.
        kept.update(w for d in doc.dropped for w in WORD.findall(d.text.lower()))
        total = sum(source.values())
        share = sum(min(count, kept[word]) for word, count in source.items()) / total
        assert share >= 0.995, (name, share)


def test_it_joins_the_paragraph_a_footnote_sat_under_across_the_page(parsed):
    text = " ".join(b.text for b in parsed["ca5-opinion-st-pierre.pdf"].blocks if b.kind != "note")
    assert "St. Pierre submits various" not in text
    notes = [b.text for b in parsed["ca5-opinion-st-pierre.pdf"].blocks if b.kind == "note"]
    # The note runs on at the next page's foot: one note.
    assert any(t.endswith("halting that treatment.") and t.startswith("St. Pierre") for t in notes)


# Rules, on pages laid out by hand (PDF coordinates: y grows upwards).
def _text_box(y: float, text: str, raised: tuple[str, ...] = ()) -> PdfBox:
    return PdfBox(72, y, 540, y + 12, [PdfLine(text, 12.0, raised)])


def _page(*foot: PdfBox, raised: tuple[str, ...] = ("1",), marked: str = "law.1") -> list[PdfBox]:
    return [
        _text_box(700, "The court held that the contract was void under the law of the state."),
        _text_box(680, f"There was no such {marked} Thus the appeal fails on every", raised),
        *foot,
    ]


def test_it_takes_a_smaller_labelled_line_at_the_foot_as_the_note_its_marker_names():
    note = PdfBox(72, 100, 540, 110, [PdfLine("1 See the statute, section 4.", 9.0, (), "1")])
    lines, notes = split_notes(_page(note), 12.0)
    assert notes == [PageNote(1, "1", "See the statute, section 4.")]
    assert not any("statute" in line for line in lines)


def test_it_keeps_a_page_number_at_the_foot_as_text_for_the_furniture_pass():
    number = PdfBox(300, 40, 310, 50, [PdfLine("1", 9.0)])
    lines, notes = split_notes(_page(number), 12.0)
    assert notes == [] and lines[-1] == "1"


def test_it_keeps_a_numbered_list_at_a_pages_end_as_text():
    # Its own size, no raised marker in the text: a list, though it opens with '1'.
    items = PdfBox(
        72,
        100,
        540,
        124,
        [PdfLine("1 Sign the form.", 12.0), PdfLine("2 Send it to the clerk.", 12.0)],
    )
    lines, notes = split_notes(_page(items, raised=(), marked="law."), 12.0)
    assert notes == [] and lines[-2:] == ["1 Sign the form.", "2 Send it to the clerk."]


def test_it_keeps_a_smaller_labelled_line_no_marker_points_to():
    caption = PdfBox(72, 100, 540, 110, [PdfLine("3 Figures in thousands.", 9.0)])
    lines, notes = split_notes(_page(caption), 12.0)
    assert notes == [] and "3 Figures in thousands." in lines


def test_it_takes_symbol_markers_and_a_note_run_over_from_the_page_before():
    note = PdfBox(72, 100, 540, 110, [PdfLine("* Decided without argument.", 9.0)])
    _lines, notes = split_notes(_page(note, raised=("*",), marked="law*"), 12.0)
    assert notes == [PageNote(1, "*", "Decided without argument.")]
    rest = PdfBox(72, 100, 540, 110, [PdfLine("and so on, in the same note.", 9.0)])
    more, also = split_notes(_page(rest, raised=()), 12.0, carried=notes[0])
    assert also == [] and notes[0].text == "Decided without argument. and so on, in the same note."
    assert "and so on, in the same note." not in more


def test_it_takes_a_bracketed_star_note_its_bracketed_marker_names():
    note = PdfBox(72, 100, 540, 110, [PdfLine("[*] Reporter's note.", 9.0)])
    _lines, notes = split_notes(_page(note, raised=(), marked="law[*]"), 12.0)
    assert notes == [PageNote(1, "*", "Reporter's note.")]


def test_a_number_inside_a_note_is_its_text_not_a_new_note():
    note = PdfBox(
        72,
        90,
        540,
        110,
        [PdfLine("13 More than 10 degrees for more than", 9.0), PdfLine("10 seconds.", 9.0)],
    )
    _lines, notes = split_notes(_page(note, raised=("13", "10"), marked="law13"), 12.0)
    assert notes == [PageNote(13, "13", "More than 10 degrees for more than 10 seconds.")]


def test_a_pages_notes_follow_its_last_paragraph_linked_from_their_markers():
    pages = [
        SourcePage(1, ["The court held, at 1:00 and in 1 day, that the law was void.1 It"]),
        SourcePage(2, ["went on to say more.", "", "A new paragraph."]),
    ]
    pages[0].notes = [PageNote(1, "1", "See the statute.")]
    blocks = parse_pages(pages).blocks
    assert [b.kind for b in blocks] == ["body", "note", "body"]
    body = blocks[0]
    assert [body.text[r.start : r.end] for r in body.refs] == ["1"]
    assert body.text[body.refs[0].start - 5 : body.refs[0].end] == "void.1"
    assert body.text.endswith("void.1 It went on to say more.")


@pytest.mark.parametrize(
    ("text", "label", "marker"),
    [
        ("there is no such law.2 Thus", "2", True),
        ("the flight control system2 generates", "2", True),
        ("Per Curiam:* This opinion", "*", True),
        ("the rule[*] was new", "*", True),
        ("a list: [*] first", "*", False),  # a bracket set apart opens an item
        ("a citation, 373 S.W.3d 6, held", "3", False),  # inside a reporter's name
        ("three factors: (3) reliance", "3", False),  # a list's number
        ("revoked by 1:00 p.m. that day", "1", False),  # a time
        ("published on April 10, 2019", "10", False),  # a date
    ],
)
def test_a_marker_is_a_label_set_against_a_word_not_a_number_in_the_text(text, label, marker):
    from corpus.ingest.notes import marker_pattern

    assert bool(marker_pattern(label).search(text)) is marker


def test_it_runs_double_spaced_lines_on_and_opens_a_paragraph_at_an_indent():
    from corpus.ingest.readers.pdfnotes import _page_lines

    def line(x0: float, y: float, text: str) -> PdfBox:
        return PdfBox(x0, y, 540, y + 12, [PdfLine(text, 12.0)])

    boxes = [
        line(108, 700, "The court held that the contract"),
        line(72, 673, "was void."),
        line(108, 646, "On appeal the parties"),
        line(72, 619, "agreed."),
        line(72, 592, "They settled."),
        line(72, 500, "A line far below: a new block."),
    ]
    assert _page_lines(boxes) == [
        "The court held that the contract",
        "was void.",
        "",
        "On appeal the parties",
        "agreed.",
        "They settled.",
        "",
        "A line far below: a new block.",
    ]
    # Single-spaced text, its paragraphs boxes of many lines, keeps its blank lines.
    paragraph = PdfBox(72, 600, 540, 700, [PdfLine("One.", 12.0), PdfLine("Two.", 12.0)])
    after = PdfBox(72, 580, 540, 592, [PdfLine("Three.", 12.0)])
    assert _page_lines([paragraph, after] * 3) == [
        *["One.", "Two.", "", "Three.", ""] * 2,
        "One.",
        "Two.",
        "",
        "Three.",
    ]
