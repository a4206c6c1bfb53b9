"""Search speed: a common word, a phrase and a prefix over the seed corpus in fresh SQLite."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection

from bench import median_seconds
from corpus.search import search_paragraphs

RUNS = 50
TARGET_SECONDS = 0.030  # the common word, median
QUERIES = {
    "common word: socialism": "socialism",
    'phrase: "five year plan"': '"five year plan"',
    "prefix: collectivi*": "collectivi*",
    "words and prefix: planning collectivi*": "planning collectivi*",
}


def run() -> dict[str, float]:
    if connection.vendor != "sqlite":
        print("search: skipped (needs SQLite: set DATABASE_URL=sqlite:///...)")
        return {}
    original_name = connection.settings_dict["NAME"]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
            connection.close()
            connection.settings_dict["NAME"] = str(Path(folder) / "search.sqlite3")
            call_command("migrate", verbosity=0, interactive=False)
            call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
            results = {}
            for label, query in QUERIES.items():
                total = search_paragraphs(query).total
                seconds = median_seconds(lambda q=query: search_paragraphs(q), repeat=RUNS)
                print(f"search: {label}: {total} paragraphs, {seconds * 1000:.2f} ms")
                results[label] = seconds
            connection.close()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original_name

    common = results["common word: socialism"]
    verdict = "within" if common < TARGET_SECONDS else "OVER"
    print(f"search: common word {verdict} the {TARGET_SECONDS * 1000:.0f} ms target")
    return results
