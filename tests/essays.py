"""A short essay ingested in as many versions as a test needs, and highlights on it by
their words: what the revision tests (re-anchoring, versions, compare) start from."""

from annotations.services import annotation_create
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest


def ingest_essay(*paragraphs: str, slug: str = "essay", **options):
    """A version of the essay "Essay" made of these paragraphs (a new version each time)."""
    blocks = [Block("heading", "Essay", level=1)] + [Block("body", text) for text in paragraphs]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug=slug, title="Essay", **options
    )


def annotate_words(document, author, words: str, **fields):
    """A highlight on the first occurrence of ``words`` in the document's current text."""
    text = document.current_version.text
    start = text.index(words)
    return annotation_create(
        author=author, document=document, start=start, end=start + len(words), exact=words, **fields
    )
