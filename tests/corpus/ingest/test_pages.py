"""Page furniture found by repetition across pages, removed, and the text joined across."""

from __future__ import annotations

from corpus.ingest import SourcePage, parse_pages, parse_text, read_any
from tests.conftest import REPO

_BODY = (
    "The committees of the factories met every week in the great hall of the works, and\n"
    "they argued about wages, hours and the supply of raw materials from the south, which\n"
    "had been cut off by the fighting since the spring of that year. Nobody knew how long\n"
    "the shortage would last, nor what the government in the capital meant to do about it\n"
    "when the harvest came in and the peasants would not sell their grain at the fixed\n"
    "price that the commissariat had set for them in the winter before the war had\n"
)


def _page_text(number: int, first: int = 0) -> list[str]:
    """A page: its running header, the text (ending mid-sentence), its number at the foot."""
    if number % 2 == 0:
        header = f"{number} THE STATE AND THE FACTORIES"
    else:
        header = f"CHAPTER TWO: WORKERS IN POWER {number}"
    opening = [] if number == first else [f"country. On day {number} they met again."]
    body = _BODY.splitlines()
    return [header, "", *opening, *body, f"begun in earnest, on day {number}, across the whole", ""]


def _pdftotext(first: int, count: int) -> str:
    pages = [
        "\n".join([*_page_text(number, first), str(number), ""])
        for number in range(first, first + count)
    ]
    return "\f".join(pages)


def test_it_drops_running_headers_and_page_numbers_that_change_with_the_pages():
    doc = parse_text(_pdftotext(12, 6))
    reasons = {(d.text, d.reason) for d in doc.dropped}
    assert ("12 THE STATE AND THE FACTORIES", "running header") in reasons
    assert ("CHAPTER TWO: WORKERS IN POWER 13", "running header") in reasons
    assert ("17", "page number") in reasons
    assert not any("THE STATE AND THE FACTORIES" in b.text for b in doc.blocks)
    assert [b.kind for b in doc.blocks] == ["body"] * len(doc.blocks)


def test_it_joins_a_sentence_a_page_break_split_though_furniture_sat_between():
    doc = parse_text(_pdftotext(12, 6))
    joined = "the war had begun in earnest, on day 14, across the whole country. On day"
    assert any(joined in block.text for block in doc.blocks)


def test_parse_pages_takes_a_readers_pages_and_its_dropped_lines():
    pages = [SourcePage(n, [*_page_text(n, 3), str(n)]) for n in range(3, 8)]
    doc = parse_pages(pages, dropped=[])
    assert {d.reason for d in doc.dropped} == {"running header", "page number"}
    assert len([d for d in doc.dropped if d.reason == "page number"]) == 5
    assert not any(block.text.isdigit() for block in doc.blocks)


def test_it_finds_page_numbers_where_no_page_break_shows():
    page = _BODY.splitlines() * 5
    text = ""
    for number in range(40, 46):
        text += "\n".join(page) + f"\n\n{number}\n\n"
    doc = parse_text(text + "The end of the book.\n")
    assert sorted(d.text for d in doc.dropped if d.reason == "page number") == [
        str(n) for n in range(40, 46)
    ]


def test_it_keeps_chapter_numbers_that_do_not_keep_pace_with_the_pages():
    chapters = []
    for number in range(1, 5):
        pages = [f"CHAPTER {number}\n\n" + _BODY, _BODY, _BODY + "The chapter ends.\n"]
        chapters.append("\f".join(pages))
    doc = parse_text("\f".join(chapters))
    assert not [d for d in doc.dropped if "CHAPTER" in d.text]


def _ocr_book(heads: list[str], *, number_first: bool) -> str:
    """An Internet Archive OCR text: each page's number and head set apart by blank lines."""
    pages = []
    for index, head in enumerate(heads):
        body = "\n".join(
            f"line {line} of page {index + 2} goes on with the text of the book and"
            for line in range(20)
        )
        edge = [str(index + 2), head] if number_first else [head, str(index + 2)]
        pages.append("\n\n\n".join(edge) + "\n\n\n" + body)
    return "\n\n\n\n".join(pages) + "\n"


def test_it_drops_an_ocr_texts_running_heads_set_apart_by_blank_lines_even_misread():
    heads = ["CERTAIN SYMPTOMS OF", "NERVOUS EXHAUSTION."] * 4
    heads[4] = "CERTAIN SYMPTOMS OP"
    doc = parse_text(_ocr_book(heads, number_first=True))
    dropped = {d.text: d.reason for d in doc.dropped}
    assert dropped["CERTAIN SYMPTOMS OP"] == "running header"
    assert dropped["NERVOUS EXHAUSTION."] == "running header"
    assert dropped["5"] == "page number"
    assert not any("SYMPTOMS" in b.text or "EXHAUSTION" in b.text for b in doc.blocks)


_CROPS = "wheat rye barley oats millet flax hemp beet maize".split()


def _lecture(heads: list[str]) -> str:
    """An OCR text of a book's pages, each its number and running head set apart by blank
    lines, then prose whose sentence runs on over the page break."""
    pages = []
    for index, head in enumerate(heads):
        crop = _CROPS[index]
        body = [f"{line.rstrip(',.')} of {crop}" for line in _BODY.lower().splitlines() * 3]
        pages.append(f"{index + 2}\n\n\n{head}\n\n\n" + "\n".join(body))
    return "\n\n\n\n".join(pages) + "\n"


def test_it_drops_a_head_printed_on_two_pages_only_where_it_splits_a_sentence():
    # A short section's running head, on its two pages: too rare to repeat, but each
    # stands inside a sentence the page break split, where no heading can.
    heads = ["ON IRRITATION."] * 5 + ["TREATMENT OF IRRITATION."] * 2
    doc = parse_text(_lecture(heads))
    reasons = [d.reason for d in doc.dropped if d.text == "TREATMENT OF IRRITATION."]
    assert reasons == ["running header", "running header"]
    assert not any("TREATMENT" in b.text for b in doc.blocks)
    assert any("winter before the war had of flax the committees" in b.text for b in doc.blocks)


def test_it_keeps_a_title_in_capitals_beside_a_page_number_where_a_sentence_ended():
    heads = ["ON IRRITATION."] * 5 + ["TREATMENT OF IRRITATION."] * 2
    text = _lecture(heads).replace("winter before the war had of millet", "winter. The end.")
    head = "TREATMENT OF IRRITATION.\n\n\n"
    text = text.replace(head + "the committees", head + "The committees", 1)
    doc = parse_text(text)
    assert [d.text for d in doc.dropped].count("TREATMENT OF IRRITATION.") == 1
    assert any(b.text == "TREATMENT OF IRRITATION." for b in doc.blocks)


def test_it_drops_a_new_head_beside_every_page_number():
    heads = [f"TOPIC NUMBER {word}." for word in "ONE TWO THREE FOUR FIVE SIX SEVEN".split()]
    text = _ocr_book(heads, number_first=False).replace("\n\n\n\n", "\n\n")
    text = text.replace("\n\n\n", "\n\n")
    doc = parse_text(text)
    reasons = {d.text: d.reason for d in doc.dropped}
    assert all(reasons.get(head) == "running header" for head in heads), reasons


def test_it_drops_a_proofs_margin_line_numbers_and_keeps_its_text():
    body = [f"the {n}th line of this proof page runs on into the next one and" for n in range(33)]
    column = [str(n) for n in range(1, 34)]
    column[31], column[16] = "S32", "Co17"
    page = "\n".join(column) + "\n\n" + "\n".join(body) + "\n"
    doc = parse_text(page + "\f" + page)
    reasons = {d.reason for d in doc.dropped if d.text in ("S32", "Co17", "1", "33")}
    assert reasons == {"line number"}
    assert all(block.kind == "body" for block in doc.blocks)


def test_it_takes_a_misread_page_number_between_two_and_a_repeated_head_beside_them():
    pages = []
    for number in range(2, 9):
        body = "\n".join(
            f"text line {n} of the preface of a treatise goes on and" for n in range(30)
        )
        shown = "8" if number == 4 else str(number)
        pages.append(f"{shown}\nPREFACE.\n{body}")
    doc = parse_text("PREFACE.\n\n" + "\n".join(pages) + "\n")
    reasons = [(d.text, d.reason) for d in doc.dropped]
    assert ("8", "page number") in reasons
    assert reasons.count(("PREFACE.", "running header")) == 7
    assert doc.blocks[0].text.startswith("PREFACE.")  # the heading the running head repeats


def test_it_takes_layout_margin_line_numbers_off_the_lines_and_reports_them():
    lines = [
        f"    the {n}th line of this proof page runs on into the next one and   {n + 1}"
        for n in range(30)
    ]
    page = "\n".join(lines) + "\n"
    doc = parse_text(page + "\f" + page)
    assert not any(char.isdigit() for b in doc.blocks for char in b.text.split("line")[-1])
    taken = [d.text for d in doc.dropped if d.reason == "line number"]
    assert taken[:3] == ["1", "2", "3"] and len(taken) == 60


def _glued_pages(last_line: str, opening: str = "rect parody of the film.") -> str:
    """Six pdftotext pages whose even pages end on a running foot ('14 THE STATE…'); on
    page 14 the extractor ran the foot onto the page's last line of text."""
    pages = []
    for number in range(12, 18):
        body = _BODY.splitlines()
        lines = [*body, f"begun in earnest, on day {number}, across the whole"]
        if number == 14:
            lines[-1] = last_line
            pages.append("\n".join([*lines, ""]))
        elif number % 2 == 0:
            pages.append("\n".join([*lines, f"{number} THE STATE AND THE FACTORIES", ""]))
        else:
            first = opening if number == 15 else "country, and on they went."
            pages.append("\n".join([first, *lines, ""]))
    return "\f".join(pages)


def test_it_takes_a_running_foot_off_the_line_it_was_run_onto_and_joins_the_word():
    doc = parse_text(
        _glued_pages(
            "the war had begun, and Steamboat Willie is a di14 THE STATE AND THE FACTORIES"
        )
    )
    assert ("14 THE STATE AND THE FACTORIES", "running footer") in {
        (d.text, d.reason) for d in doc.dropped
    }
    text = " ".join(block.text for block in doc.blocks)
    # pdftotext drops the hyphen of a word run over the page: 'di' / 'rect' is one word.
    assert "Steamboat Willie is a direct parody of the film. The committees" in text
    assert "FACTORIES" not in text


def test_it_keeps_a_number_and_words_at_a_lines_end_that_are_not_the_pages_foot():
    # A year, not this page's number (14), closes the line: text, kept whole.
    doc = parse_text(_glued_pages("the war had begun in 1914 THE STATE AND THE FACTORIES"))
    text = " ".join(block.text for block in doc.blocks)
    assert "the war had begun in 1914 THE STATE AND THE FACTORIES" in text
    doc = parse_text(_glued_pages("the war had begun on page 31 THE STATE AND THE FACTORIES"))
    assert "on page 31 THE STATE AND THE FACTORIES" in " ".join(b.text for b in doc.blocks)


def test_it_joins_two_words_at_a_page_break_with_a_space():
    # 'some' / 'thing': both words, so no hyphen was lost between them.
    doc = parse_text(_glued_pages("the war was some 14 THE STATE AND THE FACTORIES", "thing else."))
    text = " ".join(block.text for block in doc.blocks)
    assert "the war was some thing else. The committees" in text


def test_it_drops_a_running_line_of_reference_numbers_wherever_its_page_number_stands():
    pages = [
        SourcePage(
            number,
            [
                f"Case: 21-50498   Document: 00516242060   Page: {number}   Date Filed: 03/16/2022",
                "No. 21-50498",
                *_BODY.splitlines()[number % 3 :],
                f"the day {number} came and went, and the committees met again.",
            ],
        )
        for number in range(1, 7)
    ]
    doc = parse_pages(pages)
    dropped = {d.text for d in doc.dropped if d.reason == "running header"}
    assert "No. 21-50498" in dropped
    assert "Case: 21-50498 Document: 00516242060 Page: 4 Date Filed: 03/16/2022" in dropped
    # Prose with one number in it, though it recurs at the foot, stays.
    assert "the day 4 came and went" in " ".join(b.text for b in doc.blocks)


def test_it_drops_page_numbers_of_five_digits():
    # The Federal Register numbers its pages through the year: 47699, 47700…
    doc = parse_text(_pdftotext(47699, 4))
    numbers = [d.text for d in doc.dropped if d.reason == "page number"]
    assert numbers == ["47699", "47700", "47701", "47702"]
    assert not any(block.text.isdigit() for block in doc.blocks)


def test_it_drops_the_federal_registers_page_numbers_from_a_real_pdf():
    pdf = REPO / "tests" / "texts" / "pdf" / "federal-register.pdf"
    doc = read_any(pdf.read_bytes(), "federal-register.pdf")
    numbers = [d.text for d in doc.dropped if d.reason == "page number"]
    assert numbers == ["47699", "47700", "47701", "47702"]
    assert not any(b.kind == "heading" and b.text.isdigit() for b in doc.blocks)
