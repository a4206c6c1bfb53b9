"""A small corpus and annotations with fixed times, for exact (golden) outputs."""

import datetime

import pytest

from annotations.models import Annotation
from tests.annotations.conftest import highlight, ingest_document

BASE = "http://testserver"
WHEN = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)


def fix_times(annotation, when=WHEN):
    """Give an annotation fixed created and updated times, so outputs are exact."""
    Annotation.objects.filter(pk=annotation.pk).update(created=when, updated=when)
    annotation.refresh_from_db()
    return annotation


@pytest.fixture
def document(db):
    return ingest_document()


@pytest.fixture
def notes(document, owner):
    """Two of the owner's annotations on "The NEP": one with a comment and tags."""
    first = fix_times(
        highlight(
            document,
            owner,
            "tax in kind",
            comment="The *heart* of it.",
            tags=["nep", "Agriculture"],
        )
    )
    second = fix_times(highlight(document, owner, "Private trade returned to the towns"))
    return [first, second]
