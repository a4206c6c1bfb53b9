"""annotations/bulk.py: one action on many annotations, each checked on its own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import bulk, moderation, services
from annotations.circles.services import circle_create, member_remove
from annotations.errors import AnnotationError
from annotations.library import library_text_add
from annotations.limits import MAX_TAGS
from annotations.models import Annotation, Membership, Reply, Role, TaggedAnnotation
from annotations.permissions import LEFT_CIRCLE, OTHER_LIBRARY, REPLIED_TO
from tests.annotations.conftest import highlight, ingest_document

QUOTES = [
    "tax in kind",
    "sell what was left",
    "We are retreating",
    "Private trade returned",
    "within a year",
]


@pytest.fixture
def circle(owner, member):
    circle = circle_create(owner=owner, name="Tuesday Readers")
    Membership.objects.create(circle=circle, user=member, role=Role.MEMBER)
    return circle


def notes(document, author, count=3, **fields):
    return [highlight(document, author, quote, **fields) for quote in QUOTES[:count]]


def tags_of(annotation) -> list[str]:
    return sorted(
        TaggedAnnotation.objects.filter(content_object=annotation).values_list(
            "tag__name", flat=True
        )
    )


def test_it_adds_a_tag_to_each_and_reports_those_that_had_it(document, owner):
    first, second, third = notes(document, owner)
    services.annotation_update(annotation=second, actor=owner, tags=["NEP"])

    report = bulk.annotations_bulk_tag(actor=owner, ids=[first.pk, second.pk, third.pk], tag="nep")

    assert report.changed == [first.pk, third.pk]
    assert report.unchanged == [second.pk]
    # One tag whatever the case: the existing one.
    assert [tags_of(a) for a in (first, second, third)] == [["NEP"], ["NEP"], ["NEP"]]


def test_it_refuses_a_tag_past_the_limit_and_tags_the_rest(document, owner):
    full, other = notes(document, owner, 2)
    services.annotation_update(
        annotation=full, actor=owner, tags=[f"t{n}" for n in range(MAX_TAGS)]
    )

    report = bulk.annotations_bulk_tag(actor=owner, ids=[full.pk, other.pk], tag="nep")

    assert report.changed == [other.pk]
    assert [(r.id, r.reason) for r in report.refused] == [
        (full.pk, f"It has {MAX_TAGS} tags already, the most it can have.")
    ]
    assert "nep" not in tags_of(full)


def test_it_removes_a_tag_whatever_its_case(document, owner):
    first, second = notes(document, owner, 2, tags=["NEP", "keep"])
    services.annotation_update(annotation=second, actor=owner, tags=["keep"])

    report = bulk.annotations_bulk_untag(actor=owner, ids=[first.pk, second.pk], tag="nep")

    assert (report.changed, report.unchanged) == ([first.pk], [second.pk])
    assert tags_of(first) == tags_of(second) == ["keep"]


@pytest.mark.parametrize("tag", ["", "   ", "x" * 51])
def test_a_bad_tag_changes_nothing(document, owner, tag):
    first = notes(document, owner, 1)[0]

    with pytest.raises(AnnotationError):
        bulk.annotations_bulk_tag(actor=owner, ids=[first.pk], tag=tag)

    assert tags_of(first) == []


def test_it_shares_with_a_circle_public_and_back_to_private(document, owner, circle):
    ids = [a.pk for a in notes(document, owner)]

    shared = bulk.annotations_bulk_share(
        actor=owner, ids=ids, visibility="circle", circle=circle.slug
    )
    assert shared.changed == ids
    assert set(Annotation.objects.values_list("visibility", "circle")) == {("circle", circle.pk)}

    public = bulk.annotations_bulk_share(actor=owner, ids=ids, visibility="public")
    assert set(Annotation.objects.values_list("visibility", "circle")) == {("public", None)}
    assert public.changed == ids

    again = bulk.annotations_bulk_share(actor=owner, ids=ids, visibility="public")
    assert (again.changed, again.unchanged) == ([], ids)


def test_a_circle_text_is_shared_with_its_own_circle_only(owner, circle):
    other = circle_create(owner=owner, name="Other circle")
    text = ingest_document(slug="circle-text", title="Circle text")
    library_text_add(document=text, circle=circle, actor=owner)
    public_text = ingest_document()
    on_circle_text = highlight(text, owner, "tax in kind")
    on_public_text = highlight(public_text, owner, "tax in kind")
    ids = [on_circle_text.pk, on_public_text.pk]

    report = bulk.annotations_bulk_share(
        actor=owner, ids=ids, visibility="circle", circle=other.slug
    )

    assert report.changed == [on_public_text.pk]
    assert [(r.id, r.reason) for r in report.refused] == [(on_circle_text.pk, OTHER_LIBRARY)]
    on_circle_text.refresh_from_db()
    assert on_circle_text.visibility == "private"
    assert (
        bulk.annotations_bulk_share(
            actor=owner, ids=ids, visibility="circle", circle=circle.slug
        ).changed
        == ids
    )


def test_it_never_widens_what_others_replied_to(document, owner, member, circle):
    replied, quiet = notes(document, owner, 2, visibility="circle", circle=circle.slug)
    services.reply_create(annotation=replied, author=member, body="Yes.")

    report = bulk.annotations_bulk_share(
        actor=owner, ids=[replied.pk, quiet.pk], visibility="public"
    )

    assert report.changed == [quiet.pk]
    assert [(r.id, r.reason) for r in report.refused] == [(replied.pk, REPLIED_TO)]
    narrowed = bulk.annotations_bulk_share(actor=owner, ids=[replied.pk], visibility="private")
    assert narrowed.changed == [replied.pk]


def test_a_moderators_hide_holds_when_it_comes_back_to_the_circle(document, owner, member, circle):
    annotation = highlight(document, member, "tax in kind", visibility="circle", circle=circle.slug)
    moderation.annotation_hide(annotation=annotation, actor=owner)

    bulk.annotations_bulk_share(actor=member, ids=[annotation.pk], visibility="private")
    annotation.refresh_from_db()
    assert annotation.hidden is False
    bulk.annotations_bulk_share(
        actor=member, ids=[annotation.pk], visibility="circle", circle=circle.slug
    )
    annotation.refresh_from_db()
    assert annotation.hidden is True


def test_only_the_author_changes_and_others_are_never_named(document, owner, member, circle):
    mine = notes(document, owner, 1)[0]
    theirs_public = highlight(document, member, "We are retreating", visibility="public")
    theirs_private = highlight(document, member, "within a year")
    ids = [mine.pk, theirs_public.pk, theirs_private.pk]

    report = bulk.annotations_bulk_tag(actor=owner, ids=ids, tag="nep")
    deleted = bulk.annotations_bulk_delete(actor=owner, ids=ids)

    assert report.changed == [mine.pk]
    assert [r.id for r in report.refused] == [theirs_public.pk]
    assert report.missing == 1  # the private one: as if it did not exist
    assert deleted.changed == [mine.pk]
    assert [r.id for r in deleted.refused] == [theirs_public.pk]
    assert set(Annotation.objects.values_list("pk", flat=True)) == {
        theirs_public.pk,
        theirs_private.pk,
    }


def test_after_leaving_a_circle_its_annotations_can_be_deleted_not_changed(
    document, owner, member, circle
):
    left_behind = highlight(
        document, member, "tax in kind", visibility="circle", circle=circle.slug
    )
    own = highlight(document, member, "within a year")
    member_remove(circle=circle, actor=member, user=member)

    tagged = bulk.annotations_bulk_tag(actor=member, ids=[left_behind.pk, own.pk], tag="x")
    shared = bulk.annotations_bulk_share(
        actor=member, ids=[left_behind.pk, own.pk], visibility="public"
    )
    deleted = bulk.annotations_bulk_delete(actor=member, ids=[left_behind.pk])

    assert tagged.changed == [own.pk]
    assert [(r.id, r.reason) for r in tagged.refused] == [(left_behind.pk, LEFT_CIRCLE)]
    assert shared.changed == [own.pk]
    assert deleted.changed == [left_behind.pk]


def test_it_deletes_with_replies_and_tags(document, owner, member, circle):
    first, second = notes(document, owner, 2, tags=["nep"], visibility="circle", circle=circle.slug)
    services.reply_create(annotation=first, author=member, body="Yes.")

    report = bulk.annotations_bulk_delete(actor=owner, ids=[first.pk, second.pk])

    assert report.changed == [first.pk, second.pk]
    assert not Annotation.objects.exists()
    assert not Reply.objects.exists()
    assert not TaggedAnnotation.objects.exists()


@pytest.mark.parametrize("values", [[], ["x"], ["1e3"], ["-1"], ["1"] * (bulk.MAX_SELECTION + 1)])
def test_a_bad_selection_is_refused(values):
    if len(values) > bulk.MAX_SELECTION:
        values = [str(n) for n in range(bulk.MAX_SELECTION + 1)]
    with pytest.raises(AnnotationError) as error:
        bulk.selection(values)
    assert error.value.field == "id"


def queries_for(action, count, document, owner, circle) -> int:
    Annotation.objects.all().delete()
    ids = [a.pk for a in notes(document, owner, count, tags=["old"])]
    with CaptureQueriesContext(connection) as queries:
        action(ids)
    return len(queries)


@pytest.mark.parametrize(
    "name",
    ["tag", "untag", "share-circle", "share-public", "delete"],
)
def test_each_action_takes_the_same_number_of_queries_for_one_or_five(
    document, owner, circle, name
):
    actions = {
        "tag": lambda ids: bulk.annotations_bulk_tag(actor=owner, ids=ids, tag="new"),
        "untag": lambda ids: bulk.annotations_bulk_untag(actor=owner, ids=ids, tag="old"),
        "share-circle": lambda ids: bulk.annotations_bulk_share(
            actor=owner, ids=ids, visibility="circle", circle=circle.slug
        ),
        "share-public": lambda ids: bulk.annotations_bulk_share(
            actor=owner, ids=ids, visibility="public"
        ),
        "delete": lambda ids: bulk.annotations_bulk_delete(actor=owner, ids=ids),
    }
    action = actions[name]
    # The new tag exists after the first run: create it first, so both runs find it.
    services.annotation_update(annotation=highlight(document, owner), actor=owner, tags=["new"])

    one = queries_for(action, 1, document, owner, circle)
    five = queries_for(action, 5, document, owner, circle)

    assert one == five
    assert five <= 12
