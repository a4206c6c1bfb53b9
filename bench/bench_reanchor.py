"""Re-anchoring: how highlights follow the seed article into its revision, beside a
Hypothesis-style matcher on the same highlights, and how long 10,000 annotations on the
book take to follow a new version of it.

The quality figures come from ``bench/reanchor_quality.py`` (also asserted by
tests/annotations/test_reanchor_quality.py); the timing stores a lightly edited copy of
the book as its new version and times the hook that moves the annotations.
"""

from __future__ import annotations

import io
import random
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.utils import override_settings

from annotations.models import Annotation
from annotations.reanchor import reanchor_annotations
from bench import reanchor_quality
from corpus.ingest import parse_text
from corpus.models import Document
from corpus.services import document_ingest

BOOK = "soviet-socialism-a-history"
ANNOTATIONS = 10_000


def run() -> dict[str, float]:
    ours, theirs = reanchor_quality.measure()
    for name, figures in (("ours", ours), ("Hypothesis-style", theirs)):
        for line in figures.lines():
            print(f"reanchor ({name}): {line}")
    if not Document.objects.filter(slug=BOOK).exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    seconds = _time_book()
    print(
        f"reanchor: {ANNOTATIONS:,} annotations on the book follow a new version in "
        f"{seconds:.1f} s (target < 30 s)"
    )
    return {f"re-anchor {ANNOTATIONS:,} annotations on the book (one run)": seconds}


def _time_book() -> float:
    book = Document.objects.get(slug=BOOK)
    version = book.current_version
    reader = get_user_model().objects.create_user("bench-reanchor", password="bench-only")
    rng = random.Random(13)
    text = version.text
    rows = []
    for _ in range(ANNOTATIONS):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randrange(20, 180)
        rows.append(
            Annotation(
                author=reader,
                document=book,
                version=version,
                start=start,
                end=end,
                exact=text[start:end],
                prefix=text[max(0, start - 32) : start],
                suffix=text[end : end + 32],
            )
        )
    Annotation.objects.bulk_create(rows, batch_size=2_000)
    # A revision: every twentieth paragraph reworded a little.
    paragraphs = text.split("\n\n")
    for index in range(0, len(paragraphs), 20):
        paragraphs[index] = paragraphs[index].replace(" the ", " this ", 2)
    # Stored without the hooks, so that the hook is timed alone, from the old places.
    with override_settings(MARGINALIA_NEW_VERSION_HOOKS=[]):
        revised = document_ingest(
            parsed=parse_text("\n\n".join(paragraphs)),
            slug=BOOK,
            title=book.title,
            supersedes=BOOK,
        ).version
    started = time.perf_counter()
    counts = reanchor_annotations(document=book, previous_version_id=version.pk, version=revised)
    seconds = time.perf_counter() - started
    print(f"reanchor: the book's {ANNOTATIONS:,} annotations: {counts}")
    # Leave the corpus as it was for the benchmarks after this one.
    Annotation.objects.filter(author=reader).delete()
    reader.delete()
    Document.objects.filter(pk=book.pk).update(current_version=version)
    revised.delete()
    return seconds
