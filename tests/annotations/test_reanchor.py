from annotations.models import Annotation
from annotations.services import annotation_create
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest


def ingest(*texts):
    blocks = [Block("heading", "Essay", level=1)] + [Block("body", text) for text in texts]
    return document_ingest(parsed=ParsedDocument(blocks=blocks), slug="essay", title="Essay")


def annotate(document, author, words):
    text = document.current_version.text
    start = text.index(words)
    return annotation_create(
        author=author, document=document, start=start, end=start + len(words), exact=words
    )


def test_it_moves_a_highlight_to_its_text_in_the_new_version(db, owner):
    document = ingest("The plan failed.", "Planning was central to the system.").document
    annotation = annotate(document, owner, "central to the system")

    revised = ingest(
        "A new opening paragraph.", "The plan failed.", "Planning was central to the system."
    ).version

    annotation.refresh_from_db()
    assert annotation.version_id == revised.pk
    assert revised.text[annotation.start : annotation.end] == "central to the system"
    assert annotation.prefix == revised.text[annotation.start - 32 : annotation.start]


def test_it_leaves_a_highlight_whose_text_is_gone_on_the_old_version(db, owner):
    first = ingest("The plan failed.", "Planning was central to the system.")
    annotation = annotate(first.document, owner, "central to the system")

    ingest("The plan failed.", "Everything was rewritten.")

    annotation.refresh_from_db()
    assert annotation.version_id == first.version.pk
    assert Annotation.objects.count() == 1


def test_it_picks_the_occurrence_nearest_the_old_position(db, owner):
    first = ingest("Soviets first.", "Then soviets again.")
    text = first.version.text
    start = text.index("soviets")
    annotation = annotation_create(
        author=owner, document=first.document, start=start, end=start + 7, exact="soviets"
    )

    revised = ingest("Soviets first.", "Then soviets again, and soviets once more.").version

    annotation.refresh_from_db()
    assert annotation.start == revised.text.index("soviets")
