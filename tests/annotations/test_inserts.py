"""rows_insert: many rows in a few statements, each object given its own row's id."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.inserts import MAX_PARAMETERS, rows_insert
from annotations.models import Reply
from reader.models import ReadingPosition
from tests.annotations.conftest import highlight


def test_each_object_gets_the_id_of_its_own_row(document, owner):
    annotation = highlight(document, owner)
    replies = [
        Reply(annotation=annotation, author=owner, body=f"reply {n}", body_html=f"<p>{n}</p>")
        for n in range(1_200)
    ]
    fields = len([f for f in Reply._meta.concrete_fields if not f.primary_key])
    with CaptureQueriesContext(connection) as queries:
        rows_insert(Reply, replies)
    # A statement a batch, the batch as large as the parameter limit allows.
    assert len(queries) == -(-1_200 // (MAX_PARAMETERS // fields))
    stored = dict(Reply.objects.values_list("pk", "body"))
    assert [stored[reply.pk] for reply in replies] == [f"reply {n}" for n in range(1_200)]
    assert not replies[0]._state.adding
    # Saved objects behave as saved: an update changes the row, not a new one.
    replies[5].body = "edited"
    replies[5].save(update_fields=["body"])
    assert Reply.objects.get(pk=replies[5].pk).body == "edited"
    assert Reply.objects.count() == 1_200


def test_nothing_to_insert_is_no_statement(db):
    with CaptureQueriesContext(connection) as queries:
        rows_insert(Reply, [])
    assert len(queries) == 0


def test_a_model_that_computes_fields_on_save_is_refused(document, owner):
    # ReadingPosition's "updated" is auto_now: only save() and bulk_create() set it.
    position = ReadingPosition(user=owner, document=document, ordinal=3)
    with pytest.raises(ValueError, match="updated is set on save"):
        rows_insert(ReadingPosition, [position])
    assert not ReadingPosition.objects.exists()
