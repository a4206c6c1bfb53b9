"""Project Gutenberg's header and licence, contents lists and figure markers are dropped."""

from __future__ import annotations

from corpus.ingest import parse_text

_PARAGRAPH = (
    "It was the best of times in the little town by the river, and the people who\n"
    "lived there worked in the mills from morning until night for very little\n"
    "pay.\n"
)

GUTENBERG = (
    "The Project Gutenberg eBook of The Mill Town\n"
    "\n"
    "This ebook is for the use of anyone anywhere in the United States and\n"
    "most other parts of the world at no cost and with almost no restrictions.\n"
    "\n"
    "Title: The Mill Town\n"
    "\n"
    "Author: Jane Weaver\n"
    "\n"
    "Release date: May 1, 2004 [eBook #12345]\n"
    "\n"
    "*** START OF THE PROJECT GUTENBERG EBOOK THE MILL TOWN ***\n"
    "\n"
    "Produced by a volunteer.\n"
    "\n"
    "CONTENTS\n"
    "\n"
    "CHAPTER I. The River\n"
    "CHAPTER II. The Mills\n"
    "\n"
    "CHAPTER I.\n"
    "\n"
    f"{_PARAGRAPH}\n"
    "[Illustration: The mill by the\n"
    "river at dawn]\n"
    "\n"
    f"{_PARAGRAPH}\n"
    "*** END OF THE PROJECT GUTENBERG EBOOK THE MILL TOWN ***\n"
    "\n"
    "Updated editions will replace the previous one--the old editions will\n"
    "be renamed.\n"
)


def test_it_drops_the_gutenberg_header_and_licence_and_reads_title_and_author():
    doc = parse_text(GUTENBERG)
    assert (doc.title, doc.author) == ("The Mill Town", "Jane Weaver")
    reasons = {d.text: d.reason for d in doc.dropped}
    assert reasons["Author: Jane Weaver"] == "Project Gutenberg header"
    assert reasons["Produced by a volunteer."] == "Project Gutenberg header"
    assert reasons["be renamed."] == "Project Gutenberg licence"
    assert not any("Gutenberg" in block.text or "editions" in block.text for block in doc.blocks)


def test_it_drops_a_contents_list_and_figure_markers():
    doc = parse_text(GUTENBERG)
    reasons = {d.text: d.reason for d in doc.dropped}
    assert reasons["CHAPTER II. The Mills"] == "table of contents"
    assert reasons["river at dawn]"] == "figure marker"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Chapter I"]
    assert [b.kind for b in doc.blocks] == ["heading", "body", "body"]


def test_it_keeps_a_roman_numerals_capitals_in_a_chapter_heading():
    doc = parse_text(GUTENBERG.replace("CHAPTER I.\n", "CHAPTER II.\n"))
    assert [b.text for b in doc.blocks if b.kind == "heading"] == ["Chapter II"]


def test_it_drops_a_contents_list_of_parts_and_long_chapter_titles():
    long_title = "The Reverend Arthur Beebe, the Reverend Cuthbert Eager, Mr. Emerson, " * 2
    text = (
        "CONTENTS\n\n Part One.\n Chapter I. The Bertolini\n Chapter II. In Santa Croce\n"
        f" Chapter III. {long_title.strip()}\n\n Part Two.\n Chapter IV. Medieval\n\n\n"
        "PART ONE\n\n\nChapter I\nThe Bertolini\n\n"
        "It was pleasant to wake up in Florence, to open the eyes upon a bright bare room.\n"
    )
    doc = parse_text(text)
    contents = [d.text for d in doc.dropped if d.reason == "table of contents"]
    assert contents[0] == "CONTENTS" and contents[-1] == "Chapter IV. Medieval"
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [
        "Part One",
        "Chapter I: The Bertolini",
    ]
