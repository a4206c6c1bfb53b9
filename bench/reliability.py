"""Concurrent writers through gunicorn: 20 readers × 100 operations each on the API
(create an annotation, change it, reply to it, delete some), then the database checked
for every write: none lost, none duplicated, no error answered.

Run against the database in DATABASE_URL (``python -m bench.reliability``): it migrates
it, makes the readers and a text, serves the site with the repository's gunicorn.conf.py
and prints one JSON line of figures. ``bench/bench_reliability.py`` runs it on SQLite
and, through scripts/with-postgres.sh, on PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

WRITERS = 20
OPERATIONS = 100
REPO = Path(__file__).resolve().parents[1]
TEXT = (
    "The plan failed in the first winter, and the towns went hungry. Markets came back "
    "under the New Economic Policy, in the towns and on the land."
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare() -> tuple[list[str], dict]:
    """Migrate, and make the readers (with API tokens) and the text; the readers' tokens."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from corpus.ingest.blocks import Block, ParsedDocument
    from corpus.services import document_ingest

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    document = document_ingest(
        parsed=ParsedDocument(blocks=[Block("body", TEXT)]), slug="bench-writers", title="Writers"
    ).document
    User = get_user_model()
    tokens = []
    for number in range(WRITERS):
        user, _ = User.objects.get_or_create(username=f"writer{number}")
        tokens.append(Token.objects.get_or_create(user=user)[0].key)
    text = document.current_version.text
    return tokens, {"document": document.slug, "text": text}


def _writer(port: int, token: str, document: dict, number: int, out: dict) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    latencies, errors = [], []
    kept: dict[int, int] = {}  # annotation id -> replies it has
    words = ["plan", "winter", "towns", "Markets", "land"]

    def call(method, path, body=None):
        started = time.perf_counter()
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        data = response.read()
        latencies.append(time.perf_counter() - started)
        if response.status >= 300:
            errors.append(f"{method} {path} {response.status} {data[:120]!r}")
            return None
        return json.loads(data) if data else {}

    operation = 0
    while operation < OPERATIONS:
        word = words[operation % len(words)]
        start = document["text"].index(word)
        created = call(
            "POST",
            "/api/annotations/",
            {
                "document": document["document"],
                "start": start,
                "end": start + len(word),
                "exact": word,
                "comment": f"writer {number}, note {operation}",
                "tags": [f"tag{operation % 7}"],
            },
        )
        operation += 1
        if created is None:
            continue
        kept[created["id"]] = 0
        if operation < OPERATIONS:
            call("PATCH", f"/api/annotations/{created['id']}/", {"color": "green"})
            operation += 1
        if operation < OPERATIONS:
            if call("POST", f"/api/annotations/{created['id']}/replies/", {"body": "A reply."}):
                kept[created["id"]] += 1
            operation += 1
        if operation < OPERATIONS and operation % 8 == 0:
            if call("DELETE", f"/api/annotations/{created['id']}/") is not None:
                del kept[created["id"]]
            operation += 1
    out[number] = {"latencies": latencies, "errors": errors, "kept": kept}


def main() -> None:
    tokens, document = _prepare()
    port = _free_port()
    env = {**os.environ, "THROTTLE_USER": "1000000/min", "THROTTLE_ANON": "1000000/min"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        results: dict = {}
        threads = [
            threading.Thread(target=_writer, args=(port, token, document, number, results))
            for number, token in enumerate(tokens)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=60)

    from annotations.models import Annotation, Reply

    stored = set(
        Annotation.objects.filter(document__slug=document["document"]).values_list("pk", flat=True)
    )
    expected = set().union(*(set(r["kept"]) for r in results.values()))
    latencies = sorted(t for r in results.values() for t in r["latencies"])
    errors = [e for r in results.values() for e in r["errors"]]
    print(
        json.dumps(
            {
                "operations": len(latencies),
                "seconds": elapsed,
                "throughput": len(latencies) / elapsed,
                "p50": statistics.median(latencies),
                "p99": latencies[int(len(latencies) * 0.99) - 1],
                "errors": len(errors),
                "first_errors": errors[:3],
                "lost": len(expected - stored),
                "unexpected": len(stored - expected),
                "replies_expected": sum(sum(r["kept"].values()) for r in results.values()),
                "replies_stored": Reply.objects.filter(annotation__in=stored).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
