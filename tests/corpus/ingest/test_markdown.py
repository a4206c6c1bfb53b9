from corpus.ingest import parse_text

ESSAY = """# An essay on planning

Some intro text that is
wrapped over two lines.

## The first part

> A quotation that spans
> two lines.

- item one
- item two
  continues here

1. numbered one
2. numbered two

A **bold** claim, *emphasis*, a [link](https://example.org) and `code` in snake_case_words.

### A *detail*

Closing paragraph on socio-
economic matters.
"""


def kinds_and_texts(text):
    return [(block.kind, block.level, block.text) for block in parse_text(text).blocks]


def test_it_takes_the_single_top_heading_as_the_title():
    parsed = parse_text(ESSAY)

    assert parsed.title == "An essay on planning"
    assert parsed.dropped[0].reason.startswith("title")


def test_it_reads_markdown_blocks():
    assert kinds_and_texts(ESSAY) == [
        ("body", 0, "Some intro text that is wrapped over two lines."),
        ("heading", 1, "The first part"),
        ("quote", 0, "A quotation that spans two lines."),
        ("list_item", 0, "item one"),
        ("list_item", 0, "item two continues here"),
        ("list_item", 0, "1. numbered one"),
        ("list_item", 0, "2. numbered two"),
        ("body", 0, "A bold claim, emphasis, a link and code in snake_case_words."),
        ("heading", 2, "A detail"),
        ("body", 0, "Closing paragraph on socio-economic matters."),
    ]


def test_it_keeps_heading_levels_when_there_are_several_top_headings():
    text = "# One\n\nFirst.\n\n# Two\n\nSecond.\n"

    assert kinds_and_texts(text) == [
        ("heading", 1, "One"),
        ("body", 0, "First."),
        ("heading", 1, "Two"),
        ("body", 0, "Second."),
    ]
    assert parse_text(text).title is None
