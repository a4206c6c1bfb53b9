"""annotations/uploads/services.py: where a text goes, its preview and publication, the
pending upload between them, and new versions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from annotations.errors import AnnotationError
from annotations.models import Anchor, Membership, PendingUpload, Role
from annotations.services import annotation_create
from annotations.uploads import libraries, services
from annotations.uploads import pending as pending_uploads
from annotations.uploads.services import Published, Source
from tests.annotations.conftest import stored

ESSAY = b"---\ntitle: On planning\nauthor: A. Nove\ndate: 1969-03\n---\n\nPlanning was central.\n"


def essay(text: bytes = ESSAY) -> Source:
    return Source(data=text, filename="essay.md")


def publish(actor, library, source=None, **fields) -> Published:
    return services.upload_publish(actor=actor, source=source or essay(), library=library, **fields)


@pytest.mark.parametrize("name", ["me", "mine", "circle:", "", None, 3, "everyone"])
def test_it_names_the_library_field_for_a_library_that_is_not_one(db, owner, name):
    with pytest.raises(AnnotationError) as raised:
        libraries.library_for(actor=owner, name=name)

    assert raised.value.field == "library"


def test_it_takes_the_title_author_and_date_the_text_gives_unless_given(db, staff):
    library = libraries.library_for(actor=staff, name="public")

    report = services.upload_preview(actor=staff, source=essay(), library=library)
    given = services.upload_preview(
        actor=staff, source=essay(), library=library, title="Plans", published="1970"
    )

    assert (report["title"], report["author"], report["published"]) == (
        "On planning",
        "A. Nove",
        "1969-03",
    )
    assert (given["title"], given["author"], given["published"]) == ("Plans", "A. Nove", "1970")


def test_it_names_a_pasted_text_after_nothing_and_a_title_without_letters_after_nothing(db, staff):
    library = libraries.library_for(actor=staff, name="public")
    pasted = Source(data="Один абзац.".encode(), field="text")

    published = publish(staff, library, source=pasted, title="Вступление")

    assert (published.document.title, published.document.slug) == ("Вступление", "text")


def test_it_checks_the_actors_role_again_when_it_stores(db, circle, owner, moderator):
    library = libraries.library_for(actor=moderator, name="circle:study-group")
    Membership.objects.filter(user=moderator).update(role=Role.MEMBER)

    with pytest.raises(PermissionDenied):
        publish(moderator, library)
    assert stored() == (0, 0, 0)


def test_a_new_version_keeps_its_library_and_moves_the_highlights(db, circle, owner):
    library = libraries.library_for(actor=owner, name="circle:study-group")
    document = publish(owner, library).document
    start = document.current_version.text.index("central")
    annotation = annotation_create(
        author=owner, document=document, start=start, end=start + 7, exact="central"
    )

    revised = publish(
        owner,
        library,
        source=essay(ESSAY.replace(b"Planning was", b"Planning, they said, was")),
        supersedes=document,
    )

    annotation.refresh_from_db()
    assert (revised.document, revised.version.number, revised.library) == (document, 2, library)
    assert annotation.version_id == revised.version.pk
    assert annotation.anchor == Anchor.EXACT
    assert document.library_entry.circle == circle
    assert stored() == (1, 2, 1)


def test_a_new_version_with_many_highlights_moves_them_in_the_background(
    run_worker, staff, settings, django_capture_on_commit_callbacks
):
    settings.MARGINALIA_REANCHOR_INLINE_MAX = 0
    library = libraries.library_for(actor=staff, name="public")
    document = publish(staff, library).document
    annotation = annotation_create(
        author=staff, document=document, start=0, end=8, exact="Planning"
    )

    with django_capture_on_commit_callbacks(execute=True):
        revised = publish(
            staff, library, source=essay(ESSAY + b"\nA new paragraph.\n"), supersedes=document
        )
    annotation.refresh_from_db()
    assert annotation.version_id != revised.version.pk

    run_worker()

    annotation.refresh_from_db()
    assert annotation.version_id == revised.version.pk


def test_a_new_version_with_the_same_text_stores_nothing(db, staff):
    library = libraries.library_for(actor=staff, name="public")
    document = publish(staff, library).document

    report = services.upload_preview(
        actor=staff, source=essay(), library=library, supersedes=document
    )
    again = publish(staff, library, supersedes=document)

    assert report["duplicate"] == {"slug": document.slug, "title": "On planning"}
    assert (again.unchanged, again.version.number) == (True, 1)


def test_the_same_text_in_another_library_is_not_a_duplicate(db, circle, owner, staff):
    publish(staff, libraries.library_for(actor=staff, name="public"))
    library = libraries.library_for(actor=owner, name="circle:study-group")

    report = services.upload_preview(actor=owner, source=essay(), library=library)
    published = publish(owner, library)

    assert report["duplicate"] is None
    assert published.unchanged is False
    assert published.document.slug == "on-planning-2"


# The pending upload.


def keep(actor, library) -> PendingUpload:
    return pending_uploads.pending_upload_create(
        actor=actor, source=essay(), library=library, title="On planning", report={}
    )


def test_it_keeps_an_upload_a_day_for_its_sender_only(db, staff, owner):
    pending = keep(staff, libraries.library_for(actor=staff, name="public"))

    assert pending_uploads.get_pending_upload_for_user(staff, pending.pk) == pending
    with pytest.raises(Http404):
        pending_uploads.get_pending_upload_for_user(owner, pending.pk)
    PendingUpload.objects.update(expires=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Http404):
        pending_uploads.get_pending_upload_for_user(staff, pending.pk)


def test_keeping_an_upload_clears_the_expired_ones(db, staff):
    library = libraries.library_for(actor=staff, name="public")
    old = keep(staff, library)
    PendingUpload.objects.filter(pk=old.pk).update(expires=timezone.now())

    new = keep(staff, library)

    assert list(PendingUpload.objects.all()) == [new]


def test_publishing_an_upload_stores_it_once_and_lets_it_go(db, staff):
    pending = keep(staff, libraries.library_for(actor=staff, name="public"))

    with pytest.raises(AnnotationError) as raised:
        pending_uploads.pending_upload_publish(
            actor=staff, pending=pending, title="Planning", author="", published="bad"
        )
    assert (raised.value.field, stored(), PendingUpload.objects.count()) == (
        "published",
        (0, 0, 0),
        1,
    )

    published = pending_uploads.pending_upload_publish(
        actor=staff, pending=pending, title="Planning", author="", published=""
    )

    assert published.document.title == "Planning"
    assert PendingUpload.objects.count() == 0
