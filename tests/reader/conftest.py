import pytest

from corpus.ingest.blocks import Block, NoteRef, ParsedDocument
from corpus.services import document_ingest

# The study group (alice owns, dave moderates, bob belongs) and erin on the staff, as in
# tests/annotations; a test module with a circle of its own keeps it.
from tests.annotations.conftest import circle, moderator, staff  # noqa: F401


def ingest_book(slug: str = "book", title: str = "A Book", author: str = "A. Writer"):
    """A small book: a part, two chapters with sub-sections, quotes, a list and notes."""
    marked = "Planning was central.1 It failed."
    blocks = [
        Block("heading", "Preface", level=1),
        Block("body", "Why this book."),
        Block("heading", "Part One: Beginnings", level=1),
        Block("body", "The part opens."),
        Block("heading", "Chapter One: Origins", level=2),
        Block("body", "First paragraph of chapter one."),
        Block("heading", "A sub-section", level=3),
        Block("quote", "A quotation set apart <with> markup-like text & an ampersand."),
        Block("list_item", "First point"),
        Block("list_item", "Second point"),
        Block("body", marked, refs=(NoteRef(marked.index("1"), marked.index("1") + 1, 1),)),
        Block("heading", "Chapter Two: Later", level=2),
        Block("body", "Chapter two begins."),
        Block("note", "A note on planning.", number=1),
    ]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug=slug, title=title, author=author
    ).document


@pytest.fixture
def book(db):
    return ingest_book()
