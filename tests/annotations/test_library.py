"""annotations.library: putting a text in a circle's library, its counts; and what a
circle's library changes elsewhere: its reading list, its activity, its guide."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from annotations.circles.activity import circle_activity
from annotations.circles.reading_list import reading_list_add
from annotations.circles.services import circle_create
from annotations.errors import AnnotationError
from annotations.library import library_text_add, library_text_counts
from annotations.models import LibraryText, Membership, ReadingListEntry, Role
from annotations.services import reply_create
from tests.annotations.conftest import highlight, ingest_document


@pytest.fixture
def other(django_user_model):
    """Circle B: erin owns it; bob (``member`` of the owner's circle) belongs to it too."""
    erin = django_user_model.objects.create_user("erin", "erin@example.org", "x" * 20)
    return circle_create(owner=erin, name="Other circle")


def test_it_lets_owners_and_moderators_add_a_text_to_their_circles_library(
    document, circle, owner, moderator, member, outsider
):
    for actor in (member, outsider):
        with pytest.raises(PermissionDenied):
            library_text_add(document=document, circle=circle, actor=actor)

    entry = library_text_add(document=document, circle=circle, actor=moderator)

    assert (entry.document, entry.circle, entry.added_by) == (document, circle, moderator)
    with pytest.raises(AnnotationError) as error:
        library_text_add(document=document, circle=circle, actor=owner)
    assert error.value.field == "document"


def test_it_takes_a_text_off_other_circles_reading_lists(document, circle, owner, other):
    erin = other.memberships.get().user
    reading_list_add(circle=other, actor=erin, document=document)
    reading_list_add(circle=circle, actor=owner, document=document)

    library_text_add(document=document, circle=circle, actor=owner)

    assert list(ReadingListEntry.objects.values_list("circle", flat=True)) == [circle.pk]


def test_it_counts_the_annotations_readers_and_replies_that_go_with_a_text(document, owner, member):
    first = highlight(document, owner, "tax in kind", visibility="public")
    highlight(document, owner, "requisitioning")
    highlight(document, member, "Private trade")
    reply_create(annotation=first, author=member, body="Yes.")
    reply_create(annotation=first, author=owner, body="Quite.")

    counts = library_text_counts(document)

    assert (counts.annotations, counts.readers, counts.replies) == (3, 2, 2)


def test_a_reading_list_holds_only_public_texts_and_the_circles_own(circle, owner, other):
    public = ingest_document("open", "Open")
    own = ingest_document("own", "Own")
    theirs = ingest_document("theirs", "Theirs")
    LibraryText.objects.create(document=own, circle=circle)
    LibraryText.objects.create(document=theirs, circle=other)

    reading_list_add(circle=circle, actor=owner, document=public)
    reading_list_add(circle=circle, actor=owner, document=own)
    with pytest.raises(AnnotationError) as error:
        reading_list_add(circle=circle, actor=owner, document=theirs)

    assert error.value.field == "document"
    assert [e.document.slug for e in ReadingListEntry.objects.order_by("position")] == [
        "open",
        "own",
    ]


def test_the_circle_page_offers_and_accepts_only_texts_the_circle_may_read(
    client, circle, owner, other
):
    LibraryText.objects.create(document=ingest_document("theirs", "Theirs"), circle=other)
    ingest_document("open", "Open")
    client.force_login(owner)

    page = client.get(reverse("reader:circle", args=[circle.slug]))
    added = client.post(
        reverse("reader:circle_reading_add", args=[circle.slug]), {"target": "theirs"}
    )

    assert [t["document"].slug for t in page.context["targets"]] == ["open"]
    assert added.status_code == 302
    assert not ReadingListEntry.objects.exists()


def test_a_circles_activity_leaves_out_annotations_on_texts_a_reader_may_not_see(
    circle, owner, member, other
):
    """bob, in both circles, shares with circle A a note on circle B's text: alice, in A
    only, does not see it in A's activity; bob does."""
    Membership.objects.create(circle=other, user=member, role=Role.MEMBER)
    theirs = ingest_document("theirs", "Theirs")
    LibraryText.objects.create(document=theirs, circle=other)
    highlight(theirs, member, "tax in kind", visibility="circle", circle=circle.slug)

    assert circle_activity(circle, owner).annotation_count == 0
    assert circle_activity(circle, member).annotation_count == 1
