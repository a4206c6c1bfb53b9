"""Reading views: the book's longest section rendered in-process, as a reader gets it."""

import io

from django.core.management import call_command
from django.test import Client

from bench import median_seconds
from corpus.models import Document, Paragraph
from corpus.queries import outline_for

RUNS = 30


def longest_unit() -> tuple[Document, object]:
    """The seed book and its longest reading unit (first_ordinal, last_ordinal, order)."""
    book = Document.objects.get(slug="soviet-socialism-a-history")
    outline = outline_for(book.current_version_id, document_title=book.title)
    return book, max(outline.units, key=lambda u: u.last_ordinal - u.first_ordinal)


def longest_unit_url() -> tuple[str, int]:
    book, unit = longest_unit()
    return f"/read/{book.slug}/s/{unit.order}/", unit.last_ordinal - unit.first_ordinal + 1


def longest_unit_range() -> tuple[str, int, int, int]:
    """The longest unit's url, its text range [start, end) and its paragraphs."""
    book, unit = longest_unit()
    bounds = Paragraph.objects.filter(
        version=book.current_version_id, ordinal__in=[unit.first_ordinal, unit.last_ordinal]
    ).order_by("ordinal")
    first, last = list(bounds.values_list("start", "end"))
    url = f"/read/{book.slug}/s/{unit.order}/"
    return url, first[0], last[1], unit.last_ordinal - unit.first_ordinal + 1


def run() -> dict[str, float]:
    if not Document.objects.filter(slug="soviet-socialism-a-history").exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    url, paragraphs = longest_unit_url()
    client = Client()

    def render() -> None:
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    seconds = median_seconds(render, repeat=RUNS, warmup=3)
    print(
        f"reader.section: {seconds * 1000:.1f} ms for the longest book section "
        f"({paragraphs} paragraphs, {url}), median of {RUNS} (target < 50 ms)"
    )
    return {"render longest book section": seconds}
