"""Export at scale: one reader's 100,000 annotations to JSON-LD and to CSV.

Targets (the issue): each export streams 100,000 annotations in under 10 s, and its
peak memory does not grow with the count: measured (tracemalloc, in a separate run
from the timing, which it slows) for 10,000 and for 100,000 annotations.

It makes its annotations with ``annotations.demo.seed_demo`` (one reader) and removes
what it made when it is done, so the other benchmarks are not affected.
"""

from __future__ import annotations

import io
import time
import tracemalloc

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max

from annotations import demo
from annotations.export.links import Links
from annotations.export.scopes import annotations_for_export
from annotations.export.streams import export_file
from annotations.models import Annotation
from bench import median_seconds
from corpus.models import Document

SMALL = 10_000
LARGE = 100_000
SEED = 7
TARGET_SECONDS = 10.0
# Peak memory may vary a little with the data, never in proportion to it.
MAX_GROWTH = 1.5


def run() -> dict[str, float]:
    if not Document.objects.exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    users_before = set(get_user_model().objects.values_list("id", flat=True))
    last_before = Annotation.objects.aggregate(last=Max("id"))["last"] or 0
    try:
        return _measure()
    finally:
        Annotation.objects.filter(id__gt=last_before).delete()
        get_user_model().objects.exclude(id__in=users_before).delete()


def _measure() -> dict[str, float]:
    results: dict[str, float] = {}
    peaks: dict[tuple[str, int], int] = {}
    started = time.perf_counter()
    demo.seed_demo(users=1, annotations=SMALL, seed=SEED)
    reader = get_user_model().objects.get(username=f"{demo.USERNAME_PREFIX}1")
    print(f"export: seeded {SMALL:,} annotations in {time.perf_counter() - started:.1f} s")
    for fmt in ("jsonld", "csv"):
        peaks[fmt, SMALL] = _peak_bytes(reader, fmt)

    started = time.perf_counter()
    demo.seed_demo(users=1, annotations=LARGE - SMALL, seed=SEED + 1)
    count = annotations_for_export(reader, "me").count()
    print(f"export: seeded up to {count:,} annotations in {time.perf_counter() - started:.1f} s")
    for fmt in ("jsonld", "csv"):
        seconds = median_seconds(lambda fmt=fmt: _consume(reader, fmt), repeat=3, warmup=0)
        results[f"export {count:,} annotations to {fmt}"] = seconds
        peaks[fmt, LARGE] = _peak_bytes(reader, fmt)
        growth = peaks[fmt, LARGE] / peaks[fmt, SMALL]
        print(
            f"export {fmt}: {seconds:.2f} s median for {count:,} "
            f"({_verdict(seconds < TARGET_SECONDS)} < {TARGET_SECONDS:.0f} s); peak memory "
            f"{peaks[fmt, SMALL] / 2**20:.1f} MiB for {SMALL:,}, "
            f"{peaks[fmt, LARGE] / 2**20:.1f} MiB for {count:,} "
            f"(x{growth:.2f}, {_verdict(growth < MAX_GROWTH)})"
        )
    return results


def _consume(reader, fmt: str) -> int:
    """Export as a download would, into nothing: the byte count."""
    exported = export_file(annotations_for_export(reader, "me"), fmt, Links())
    return sum(len(chunk) for chunk in exported.chunks)


def _peak_bytes(reader, fmt: str) -> int:
    tracemalloc.start()
    try:
        _consume(reader, fmt)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
