"""`make loadtest`'s locust users (bench/locustfile.py), for a few seconds against a live
server: every request they make succeeds, and every write they saw succeed is a row."""

import json

import pytest
from django.db import connection

from annotations import services
from annotations.demo.write import ensure_demo_users
from annotations.models import Visibility
from bench.loadtest import run_locust
from bench.loadtest_site import build_plan, readers_in_a_circle, written_rows
from corpus.ingest.blocks import Block, ParsedDocument
from corpus.services import document_ingest

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The load test is the deployment: app servers on PostgreSQL. Concurrent
    # writers on a SQLite file are measured by `make bench` (bench_reliability).
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="concurrent users need PostgreSQL's test database"
    ),
]

SENTENCES = (
    "The harvest of nineteen twenty-one failed along the Volga. "
    "Relief came late and from abroad. "
    "The party turned to the market it had abolished. "
)


def a_small_book():
    blocks = []
    for number in range(1, 4):
        blocks.append(Block("heading", f"Chapter {number}", level=1))
        blocks += [Block("body", SENTENCES * 2) for _ in range(3)]
    return document_ingest(
        parsed=ParsedDocument(blocks=blocks), slug="famine", title="Famine"
    ).document


def test_it_reads_and_writes_with_no_failing_request_and_no_lost_write(live_server, tmp_path):
    book = a_small_book()
    author = ensure_demo_users(1)[0]
    exact = "Relief came late and from abroad."
    start = book.current_version.text.index(exact)
    for visibility in (Visibility.PUBLIC, Visibility.PRIVATE):
        services.annotation_create(
            author=author,
            document=book,
            start=start,
            end=start + len(exact),
            exact=exact,
            tags=["famine"],
            visibility=visibility,
        )
    readers, circle = readers_in_a_circle(2)
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps(build_plan(readers=readers, circle=circle)))
    before = written_rows()

    stats = run_locust(
        hosts=[live_server.url],
        plan_path=plan_path,
        users=2,
        seconds=4,
        prefix=tmp_path / "smoke",
        wait="0.2",
        writers=1,
    )

    after = written_rows()
    failed = {name: entry["failures"] for name, entry in stats.items() if entry["failures"]}
    assert failed == {}, (tmp_path / "smoke-locust.log").read_text()[-3000:]
    assert {"read: chapter", "write: highlight", "write: comment", "write: reply"} <= set(stats)
    answered = {kind: stats[f"write: {kind}"]["requests"] for kind in after}
    assert {kind: after[kind] - before[kind] for kind in after} == answered
