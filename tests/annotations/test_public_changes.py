"""DocumentVersion.public_changes: the database counts every change to a version's
public annotations, whichever code writes them (annotations migration 0016), so that the
popular layer's cache (annotations/margin.py) is never read after one."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import F

from annotations.account import account_delete
from annotations.models import Anchor, Annotation, Visibility
from annotations.services import annotation_create, annotation_delete, annotation_update
from annotations.trash import annotation_restore
from corpus.models import DocumentVersion
from tests.reader.conftest import ingest_book

WORDS = "First paragraph of chapter one."
TRIGGERS = {
    "annotation_public_insert",
    "annotation_public_delete",
    "annotation_public_update",
    "corpus_version_public_changes_kept",
}


@pytest.fixture
def book(db):
    return ingest_book()


def changes(book) -> int:
    return DocumentVersion.objects.get(pk=book.current_version_id).public_changes


def mark(book, author, **fields) -> Annotation:
    paragraph = book.current_version.paragraphs.get(ordinal=6)
    start = paragraph.start + paragraph.text.index(WORDS)
    return annotation_create(
        author=author, document=book, start=start, end=start + len(WORDS), exact=WORDS, **fields
    )


def test_the_triggers_exist(db):
    """A later migration that rebuilds a table on SQLite would drop them unseen."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert names >= TRIGGERS


def test_a_public_highlight_counts_and_a_private_one_does_not(book, owner):
    before = changes(book)

    mark(book, owner)
    assert changes(book) == before

    mark(book, owner, visibility="public")
    assert changes(book) == before + 1


def test_a_comment_or_a_colour_does_not_count_but_sharing_and_withdrawing_do(book, owner):
    annotation = mark(book, owner, visibility="public")
    before = changes(book)

    annotation_update(annotation=annotation, actor=owner, comment="Why?", color="blue")
    assert changes(book) == before

    annotation_update(annotation=annotation, actor=owner, visibility="private")
    assert changes(book) == before + 1

    annotation_update(annotation=annotation, actor=owner, visibility="public")
    assert changes(book) == before + 2


def test_a_delete_and_its_undo_count(book, owner):
    annotation = mark(book, owner, visibility="public")
    pk, before = annotation.pk, changes(book)

    annotation_delete(annotation=annotation, actor=owner)
    assert changes(book) == before + 1

    annotation_restore(pk=pk, actor=owner)
    assert changes(book) == before + 2


def test_writes_outside_the_services_count_too(book, owner, member):
    """A queryset update, a move by re-anchoring, an orphaning, an account's delete."""
    mine = mark(book, owner, visibility="public")
    mark(book, member, visibility="public")
    before = changes(book)

    Annotation.objects.filter(pk=mine.pk).update(start=mine.start + 1)
    assert changes(book) == before + 1

    Annotation.objects.filter(pk=mine.pk).update(anchor=Anchor.ORPHANED)
    assert changes(book) == before + 2

    account_delete(user=member)
    assert changes(book) == before + 3


def test_moving_to_another_version_counts_on_both(book, owner):
    other = ingest_book(slug="other", title="Other")
    annotation = mark(book, owner, visibility=Visibility.PUBLIC)
    before, before_other = changes(book), changes(other)

    Annotation.objects.filter(pk=annotation.pk).update(version=other.current_version)

    assert (changes(book), changes(other)) == (before + 1, before_other + 1)


def test_a_version_saved_from_an_older_copy_does_not_take_the_count_back(book, owner):
    stale = DocumentVersion.objects.get(pk=book.current_version_id)
    mark(book, owner, visibility="public")
    counted = changes(book)

    stale.save()

    assert changes(book) > counted


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")
def test_a_long_transaction_does_not_hold_up_other_public_writes_to_its_version(owner, member):
    """Counted at commit (migration 0017): a transaction that has changed a public
    highlight and is still going (re-anchoring thousands, a large import) does not make
    another reader's public highlight on the same version wait for it; both count."""
    book = ingest_book()
    theirs = mark(book, member, visibility="public")
    before = changes(book)
    changed, release = threading.Event(), threading.Event()

    def long_transaction():
        try:
            with transaction.atomic():
                Annotation.objects.filter(pk=theirs.pk).update(end=F("end") - 1)
                changed.set()
                release.wait(20)
        finally:
            connection.close()  # this thread's own

    thread = threading.Thread(target=long_transaction)
    thread.start()
    try:
        assert changed.wait(20)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")
            mark(book, owner, visibility="public")
        assert changes(book) == before + 1
    finally:
        release.set()
        thread.join()

    assert changes(book) == before + 2
