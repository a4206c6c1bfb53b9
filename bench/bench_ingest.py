"""Ingest speed: the parser alone, a 300-page PDF read, and the five seeds stored into a
fresh SQLite file.

Targets (issue 12): the parser reads plain text at 2 MB/s or more; a 300-page PDF is
read in under 15 s; the seeds ingest no slower than before.
"""

import io
import statistics
import tempfile
import time
import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from bench.pdf_book import book_lines, book_pdf
from corpus.ingest import decode_bytes, parse_text, read_any

PARSE_RUNS = 7
INGEST_RUNS = 5
PDF_RUNS = 3
PDF_PAGES = 300


def seed_files() -> list[Path]:
    seeds_dir = Path(settings.MARGINALIA_SEEDS_DIR)
    manifest = tomllib.loads((seeds_dir / "manifest.toml").read_text(encoding="utf-8"))
    return [seeds_dir / entry["file"] for entry in manifest["document"]]


def parse_all(sources: list[tuple[bytes, str]]) -> None:
    for data, name in sources:
        text, _ = decode_bytes(data, name)
        parse_text(text)


def wall_and_cpu(fn, *, repeat: int, warmup: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn``: on a shared machine the CPU time is what an
    idle one would take (the parser neither waits on I/O nor uses a second core)."""
    for _ in range(warmup):
        fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def ingest_into_fresh_database(folder: Path, run: int) -> float:
    """Migrate a new SQLite file (untimed), then time `manage.py ingest --seeds` into it."""
    connection.close()
    connection.settings_dict["NAME"] = str(folder / f"ingest-{run}.sqlite3")
    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    return time.perf_counter() - started


def run() -> dict[str, float]:
    sources = [(path.read_bytes(), path.name) for path in seed_files()]
    megabytes = sum(len(data) for data, _ in sources) / 1e6
    parse_seconds, parse_cpu = wall_and_cpu(lambda: parse_all(sources), repeat=PARSE_RUNS, warmup=1)
    print(
        f"ingest.parse: {megabytes / parse_seconds:.1f} MB/s (median of {PARSE_RUNS}; "
        f"{megabytes / parse_cpu:.1f} MB/s of CPU time)"
    )

    results = {"parse five seeds": parse_seconds}
    # The seed book (hard-wrapped, from a PDF) set again as a PDF: a real book's pages.
    book = max(sources, key=lambda source: len(source[0]))[0].decode("utf-8")
    pdf = book_pdf(book_lines(book), pages=PDF_PAGES)
    pdf_seconds, pdf_cpu = wall_and_cpu(
        lambda: read_any(pdf, "book.pdf"), repeat=PDF_RUNS, warmup=0
    )
    print(
        f"ingest.pdf: {PDF_PAGES} pages in {pdf_seconds:.1f} s (median of {PDF_RUNS}; "
        f"{pdf_cpu:.1f} s of CPU time)"
    )
    results[f"read a {PDF_PAGES}-page PDF"] = pdf_seconds
    if connection.vendor != "sqlite":
        print("ingest.seeds: skipped (needs SQLite: set DATABASE_URL=sqlite:///...)")
        return results

    original_name = connection.settings_dict["NAME"]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as folder:
            # One untimed warm-up run, then the timed ones.
            timings = [
                ingest_into_fresh_database(Path(folder), run) for run in range(INGEST_RUNS + 1)
            ]
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name
    ingest_seconds = statistics.median(timings[1:])
    print(f"ingest.seeds: {ingest_seconds:.2f} s into fresh SQLite (median of {INGEST_RUNS})")
    results["ingest five seeds, fresh SQLite"] = ingest_seconds
    return results
