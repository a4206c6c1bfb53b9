from dataclasses import dataclass

from corpus.outline import Outline


@dataclass
class S:
    order: int
    level: int
    title: str
    first_ordinal: int
    last_ordinal: int


BOOK = [
    S(1, 1, "Preface", 1, 3),
    S(2, 1, "Part One", 4, 5),
    S(3, 2, "Chapter One", 6, 8),
    S(4, 3, "Origins", 9, 12),
    S(5, 3, "Marx", 13, 15),
    S(6, 2, "Chapter Two", 16, 20),
    S(7, 1, "Part Two", 21, 22),
    S(8, 2, "Chapter Three", 23, 30),
    S(9, 3, "Summary", 31, 33),
    S(10, 1, "Conclusion", 34, 36),
    S(11, 3, "In perspective", 37, 40),
]


def test_it_reads_a_chapter_whole_and_lists_a_parts_chapters():
    outline = Outline(BOOK, document_title="A book")

    units = [(u.order, u.title, u.first_ordinal, u.last_ordinal) for u in outline.units]
    assert units == [
        (1, "Preface", 1, 3),
        (2, "Part One", 4, 5),
        (3, "Chapter One", 6, 15),
        (6, "Chapter Two", 16, 20),
        (7, "Part Two", 21, 22),
        (8, "Chapter Three", 23, 33),
        (10, "Conclusion", 34, 40),
    ]
    part_one = outline.unit_for_order(2)
    assert [s.title for s in part_one.contents] == ["Chapter One", "Chapter Two"]


def test_it_finds_the_unit_that_holds_a_sub_section_or_a_paragraph():
    outline = Outline(BOOK)

    assert outline.unit_for_order(5).order == 3
    assert outline.unit_for_ordinal(14).title == "Chapter One"
    assert outline.unit_for_ordinal(41) is None
    assert outline.section_for_ordinal(14).title == "Marx"
    assert outline.last_ordinal == 40


def test_it_reads_an_article_of_undivided_sections_on_one_page():
    sections = [S(1, 1, "Article", 1, 4), S(2, 1, "Second", 5, 9), S(3, 1, "Third", 10, 12)]

    outline = Outline(sections, document_title="An article")

    [unit] = outline.units
    assert (unit.order, unit.title, unit.level, unit.first_ordinal, unit.last_ordinal) == (
        1,
        "An article",
        0,
        1,
        12,
    )
    assert outline.unit_for_order(3) is unit


def test_it_gives_each_unit_its_neighbours():
    outline = Outline(BOOK)
    chapter_one = outline.unit_for_order(3)

    previous, following = outline.neighbours(chapter_one)

    assert (previous.title, following.title) == ("Part One", "Chapter Two")
    assert outline.neighbours(outline.units[0])[0] is None
    assert outline.neighbours(outline.units[-1])[1] is None


def test_it_has_no_units_without_sections():
    assert Outline([]).units == []
