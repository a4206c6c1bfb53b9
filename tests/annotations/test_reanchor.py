import io

from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from annotations.margin import annotations_for_range
from annotations.models import Anchor, Reaction, ReactionKind
from annotations.services import annotation_create, reply_create
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest
from tests.essays import annotate_words, ingest_essay

FAILED = "The plan failed."
WHOLE = "Planning was central to the whole system."

HOOK = "annotations.reanchor.reanchor_annotations"


def essay_with_two_highlights(owner):
    """The essay, and the owner's highlights on its two sentences (kept, then edited)."""
    document = ingest_essay(FAILED, WHOLE).document
    return document, (
        annotate_words(document, owner, FAILED),
        annotate_words(document, owner, WHOLE),
    )


def test_it_moves_a_highlight_to_its_text_in_the_new_version(db, owner):
    document = ingest_essay("The plan failed.", "Planning was central to the system.").document
    annotation = annotate_words(document, owner, "central to the system")

    revised = ingest_essay(
        "A new opening paragraph.", "The plan failed.", "Planning was central to the system."
    ).version

    annotation.refresh_from_db()
    assert annotation.version_id == revised.pk
    assert revised.text[annotation.start : annotation.end] == "central to the system"
    assert annotation.prefix == revised.text[annotation.start - 32 : annotation.start]


def test_it_orphans_a_highlight_whose_text_is_gone_keeping_its_old_quote(db, owner):
    first = ingest_essay("The plan failed.", "Planning was central to the system.")
    annotation = annotate_words(first.document, owner, "central to the system")
    old_prefix = annotation.prefix

    revised = ingest_essay("The plan failed.", "Everything was rewritten.")

    annotation.refresh_from_db()
    assert annotation.version_id == revised.version.pk
    assert annotation.anchor == Anchor.ORPHANED
    assert (annotation.exact, annotation.previous_exact) == (
        "central to the system",
        "central to the system",
    )
    assert annotation.prefix == old_prefix
    assert revised.hook_results == {HOOK: {"exact": 0, "fuzzy": 0, "orphaned": 1}}


def test_it_places_a_lightly_edited_highlight_on_its_passage_for_review(db, owner):
    document = ingest_essay(
        "The plan failed.", "Planning was central to the whole system."
    ).document
    annotation = annotate_words(document, owner, "Planning was central to the whole system.")

    revised = ingest_essay("The plan failed.", "Planning was central to the entire system.")

    annotation.refresh_from_db()
    text = revised.version.text
    assert annotation.anchor == Anchor.FUZZY
    assert annotation.previous_exact == "Planning was central to the whole system."
    assert text[annotation.start : annotation.end] == annotation.exact
    assert annotation.exact == "Planning was central to the entire system."
    assert revised.hook_results == {HOOK: {"exact": 0, "fuzzy": 1, "orphaned": 0}}


def test_it_keeps_replies_reactions_tags_and_circle_through_a_new_version(
    db, owner, member, circle
):
    document = ingest_essay(
        "The plan failed.", "Planning was central to the whole system."
    ).document
    start = document.current_version.text.index("central")
    annotation = annotation_create(
        author=owner,
        document=document,
        start=start,
        end=start + len("central to the whole system"),
        exact="central to the whole system",
        tags=["planning"],
        visibility="circle",
        circle=circle.slug,
    )
    reply_create(annotation=annotation, author=member, body="Agreed.")
    Reaction.objects.create(annotation=annotation, user=member, kind=ReactionKind.values[0])

    ingest_essay("The plan failed.", "Planning was central to the entire system.")

    annotation.refresh_from_db()
    assert annotation.anchor == Anchor.FUZZY
    assert list(annotation.replies.values_list("body", flat=True)) == ["Agreed."]
    assert annotation.reactions.count() == 1
    assert list(annotation.tags.names()) == ["planning"]
    assert (annotation.visibility, annotation.circle_id) == ("circle", circle.pk)


def test_it_picks_the_occurrence_nearest_the_old_position(db, owner):
    first = ingest_essay("Soviets first.", "Then soviets again.")
    text = first.version.text
    start = text.index("soviets")
    annotation = annotation_create(
        author=owner, document=first.document, start=start, end=start + 7, exact="soviets"
    )

    revised = ingest_essay("Soviets first.", "Then soviets again, and soviets once more.").version

    annotation.refresh_from_db()
    assert annotation.start == revised.text.index("soviets")


def test_the_ingest_command_reports_how_many_were_exact_fuzzy_and_orphaned(db, owner, tmp_path):
    document, _ = essay_with_two_highlights(owner)
    revised = tmp_path / "essay.txt"
    revised.write_text("Essay\n\nThe plan failed.\n\nPlanning was central to the entire system.\n")
    out = io.StringIO()

    call_command("ingest", str(revised), supersedes="essay", stdout=out)

    assert out.getvalue().splitlines()[-1] == "  annotations: 1 exact, 1 fuzzy, 0 orphaned"


def test_the_reader_marks_no_orphan_over_the_new_text(db, owner):
    first = ingest_essay("The plan failed.", "Planning was central to the system.")
    annotate_words(first.document, owner, "central to the system")

    revised = ingest_essay("The plan failed.", "Everything was rewritten.").version

    marks = annotations_for_range(owner, version_id=revised.pk, start=0, end=len(revised.text))
    assert marks == []


# In the background: a large document's highlights move in a task, not the request.
# These tests commit (run_worker runs outside a test transaction): the worker, as in
# production, opens and closes its own connections, and the task is queued on commit.


def test_a_large_documents_highlights_move_in_a_queued_task(run_worker, owner, settings):
    settings.MARGINALIA_REANCHOR_INLINE_MAX = 1
    document, (kept, edited) = essay_with_two_highlights(owner)

    revised = document_ingest(
        parsed=ParsedDocument(
            blocks=[
                Block("heading", "Essay", level=1),
                Block("body", "The plan failed."),
                Block("body", "Planning was central to the entire system."),
            ]
        ),
        slug="essay",
        title="Essay",
        background=True,
    )

    assert revised.hook_results == {HOOK: {"queued": 2}}
    # Still on the old version until the worker has done it.
    kept.refresh_from_db()
    assert kept.version_id != revised.version.pk
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    kept.refresh_from_db()
    edited.refresh_from_db()
    assert (kept.version_id, kept.anchor) == (revised.version.pk, Anchor.EXACT)
    assert (edited.version_id, edited.anchor) == (revised.version.pk, Anchor.FUZZY)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == {"exact": 1, "fuzzy": 1, "orphaned": 0, "steps": 1}


def test_the_task_follows_versions_that_came_in_while_it_waited(run_worker, owner, settings):
    settings.MARGINALIA_REANCHOR_INLINE_MAX = 1
    document = ingest_essay(
        "The plan failed.", "Planning was central to the whole system."
    ).document
    annotation = annotate_words(document, owner, "central to the whole system")
    annotate_words(document, owner, "The plan failed.")
    document_ingest(
        parsed=ParsedDocument(
            blocks=[Block("heading", "Essay", level=1), Block("body", "New.")]
            + [
                Block("body", t)
                for t in ("The plan failed.", "Planning was central to the whole system.")
            ]
        ),
        slug="essay",
        title="Essay",
        background=True,
    )
    third = ingest_essay("Newer.", "The plan failed.", "Planning was central to the whole system.")

    run_worker()

    annotation.refresh_from_db()
    assert annotation.version_id == third.version.pk
    text = third.version.text
    assert text[annotation.start : annotation.end] == "central to the whole system"
    assert DBTaskResult.objects.get().return_value["steps"] == 2


def test_the_ingest_command_queues_in_the_background_when_asked(db, owner, settings, tmp_path):
    settings.MARGINALIA_REANCHOR_INLINE_MAX = 1
    document, _ = essay_with_two_highlights(owner)
    revised = tmp_path / "essay.txt"
    revised.write_text("Essay\n\nThe plan failed.\n\nPlanning was central to the entire system.\n")
    out = io.StringIO()

    call_command("ingest", str(revised), supersedes="essay", background=True, stdout=out)

    assert out.getvalue().splitlines()[-1] == (
        "  annotations: 2 queued to move to the new version in the background "
        "(manage.py db_worker does it)"
    )


def test_the_document_page_says_highlights_are_moving_until_the_worker_is_done(
    client, run_worker, owner, member, settings
):
    settings.MARGINALIA_REANCHOR_INLINE_MAX = 1
    document, _ = essay_with_two_highlights(owner)
    document_ingest(
        parsed=ParsedDocument(
            blocks=[Block("heading", "Essay", level=1), Block("body", "The plan failed.")]
        ),
        slug="essay",
        title="Essay",
        background=True,
    )
    url = reverse("reader:document", args=["essay"])
    client.force_login(owner)
    moving = "2 highlights you can see are being moved to version 2."

    assert moving in client.get(url).content.decode()
    # Another reader sees nothing of private highlights, not even how many.
    client.force_login(member)
    assert "being moved" not in client.get(url).content.decode()

    run_worker()

    client.force_login(owner)
    assert "being moved" not in client.get(url).content.decode()


def test_an_orphan_whose_words_come_back_in_a_later_version_is_placed_for_review(db, owner):
    first = ingest_essay("The plan failed.", "Planning was central to the system.")
    annotation = annotate_words(first.document, owner, "central to the system")
    ingest_essay("The plan failed.", "Everything was rewritten.")
    annotation.refresh_from_db()
    assert annotation.anchor == Anchor.ORPHANED

    third = ingest_essay("The plan failed at last.", "Planning was central to the system.").version

    annotation.refresh_from_db()
    assert (annotation.version_id, annotation.anchor) == (third.pk, Anchor.FUZZY)
    assert third.text[annotation.start : annotation.end] == "central to the system"
    assert annotation.previous_exact == "central to the system"
