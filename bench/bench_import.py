"""Importing W3C JSON-LD: 3,000 annotations on the seed texts, into one reader's notes.

Target (issue 15): at least 2,000 annotations a second through ``import_jsonld`` (the
path a request under the background threshold takes: parse, anchor, check, insert).
The file is made here, as an export of ours would be: a third of the annotations have
a Markdown comment, half have tags, colours vary. Each run imports into an empty
account (what it made is deleted between runs, untimed), after one untimed run.
"""

from __future__ import annotations

import io
import json
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations.export.importer import import_jsonld
from annotations.models import Annotation
from corpus.models import Document

COUNT = 3_000
WARMUP = 1
RUNS = 5
SEED = 15
TARGET_PER_SECOND = 2_000
COLOURS = ("yellow", "green", "blue", "pink", "purple")
TAGS = [f"topic {n}" for n in range(20)]


def run() -> dict[str, float]:
    if not Document.objects.exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    reader, _ = get_user_model().objects.get_or_create(username="bench-importer")
    data = json.dumps(_collection(COUNT)).encode()
    timings, cpu = [], []
    try:
        # One untimed run first, as median_seconds does: a server has imported before.
        for run in range(WARMUP + RUNS):
            started, started_cpu = time.perf_counter(), time.process_time()
            report = import_jsonld(user=reader, data=data)
            if run >= WARMUP:
                timings.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert report.created == COUNT, report.summary()
            Annotation.objects.filter(author=reader).delete()
    finally:
        Annotation.objects.filter(author=reader).delete()
        reader.delete()
    seconds = statistics.median(timings)
    rate = COUNT / seconds
    verdict = "OK" if rate >= TARGET_PER_SECOND else "MISSED"
    print(
        f"import: {COUNT:,} annotations ({len(data) / 2**20:.1f} MiB) in {seconds:.2f} s "
        f"median: {rate:,.0f} annotations/s ({verdict} >= {TARGET_PER_SECOND:,}); "
        f"{COUNT / statistics.median(cpu):,.0f} a second of this process's CPU time "
        "(on a shared machine the wall time also waits for a core)"
    )
    return {f"import {COUNT:,} annotations from JSON-LD": seconds}


def _collection(count: int) -> dict:
    """``count`` distinct annotations on word boundaries of the seed texts."""
    rng = random.Random(SEED)
    texts = [
        (document.slug, document.current_version.text)
        for document in Document.objects.filter(current_version__isnull=False).select_related(
            "current_version"
        )
    ]
    items: list[dict] = []
    seen: set[tuple[str, int, int]] = set()
    while len(items) < count:
        slug, text = rng.choice(texts)
        start = _word_start(text, rng.randrange(len(text) - 200))
        end = _word_end(text, start + rng.randrange(20, 120))
        if (slug, start, end) in seen or not text[start:end].strip():
            continue
        seen.add((slug, start, end))
        items.append(_item(len(items), slug, text, start, end, rng))
    return {
        "@context": ["http://www.w3.org/ns/anno.jsonld"],
        "type": "AnnotationCollection",
        "total": count,
        "first": {"type": "AnnotationPage", "items": items},
    }


def _word_start(text: str, position: int) -> int:
    while position < len(text) and not text[position].isalnum():
        position += 1
    return position


def _word_end(text: str, position: int) -> int:
    while position > 0 and not text[position - 1].isalnum():
        position -= 1
    return position


def _item(n: int, slug: str, text: str, start: int, end: int, rng: random.Random) -> dict:
    bodies = []
    if n % 3 == 0:
        bodies.append(
            {
                "type": "TextualBody",
                "value": f"Note {n}: *why* this matters.",
                "purpose": "commenting",
            }
        )
    if n % 2 == 0:
        bodies += [
            {"type": "TextualBody", "value": tag, "purpose": "tagging"}
            for tag in rng.sample(TAGS, 2)
        ]
    return {
        "id": f"https://elsewhere.test/api/annotations/{n}/",
        "type": "Annotation",
        "created": "2026-03-01T09:30:00Z",
        "modified": "2026-03-02T10:00:00Z",
        "marginalia:color": COLOURS[n % len(COLOURS)],
        "body": bodies,
        "target": {
            "source": f"https://elsewhere.test/read/{slug}/",
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": text[start:end],
                    "prefix": text[max(0, start - 32) : start],
                    "suffix": text[end : end + 32],
                },
                {"type": "TextPositionSelector", "start": start, "end": end},
            ],
        },
    }
