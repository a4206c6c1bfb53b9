"""Locust users for `make loadtest` (bench/loadtest.py): readers and writers of a circle.

Reads the plan (bench/loadtest_site.py:build_plan) from the JSON file named by
LOADTEST_PLAN. LOADTEST_HOSTS (comma-separated base URLs) spreads the users over several
app servers, each kind of user in turn; without it, locust's --host. LOADTEST_WAIT is the
longest pause between a user's actions in seconds (default 2; the shortest is a quarter).
LOADTEST_WRITERS fixes how many users are writers (default: one in five, by weight).

Each user is one reader, signed in with a session cookie as a browser is, and sends the
CSRF header on writes as static/js/api.js does. A request counts as a success only with
the status the page or the API gives when it did what was asked (200, 201): locust's
statistics by name are then the number of writes that must be in the database. They are
written as JSON to LOADTEST_STATS as locust quits, when the last users have finished
(its CSV files are written before that).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import secrets
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
HOSTS = [host for host in os.environ.get("LOADTEST_HOSTS", "").split(",") if host]
WAIT = float(os.environ.get("LOADTEST_WAIT", "2"))
_next_reader = itertools.count()


class CircleMember(HttpUser):
    abstract = True
    wait_time = between(WAIT / 4, WAIT)
    _next_host: itertools.count

    def __init__(self, environment):
        number = next(type(self)._next_host)
        if HOSTS:
            self.host = HOSTS[number % len(HOSTS)]
        super().__init__(environment)
        readers = PLAN["readers"]
        self.reader = readers[next(_next_reader) % len(readers)]
        self.rng = random.Random()
        # Any 32 letters and digits are a CSRF secret Django accepts, cookie and header alike.
        self.csrf = secrets.token_hex(16)
        self.client.cookies.set("sessionid", self.reader["session"])
        self.client.cookies.set("csrftoken", self.csrf)

    def expect(self, method: str, path: str, name: str, status: int, **kwargs):
        """One request, a failure unless answered ``status``; the answer's JSON or None."""
        if method != "GET":
            kwargs.setdefault("headers", {})["X-CSRFToken"] = self.csrf
        with self.client.request(
            method, path, name=name, catch_response=True, timeout=60, **kwargs
        ) as response:
            if response.status_code != status:
                response.failure(f"{response.status_code}: {response.text[:200]}")
                return None
            response.success()
            if "json" in response.headers.get("Content-Type", ""):
                return response.json()
            return {}

    def open_chapter(self) -> dict:
        chapter = self.rng.choice(PLAN["chapters"])
        self.expect("GET", f"/read/{chapter['slug']}/s/{chapter['order']}/", "read: chapter", 200)
        return chapter


class Reader(CircleMember):
    """Reads chapters, opens cards, searches, and reads guides."""

    weight = 4
    _next_host = itertools.count()

    @task(6)
    def chapter(self):
        self.open_chapter()

    @task(4)
    def card(self):
        card = self.rng.choice(PLAN["cards"])
        self.expect("GET", f"/api/annotations/{card}/", "read: card", 200)

    @task(2)
    def search(self):
        self.expect(
            "GET", "/search/", "read: search", 200, params={"q": self.rng.choice(PLAN["searches"])}
        )

    @task(1)
    def guide(self):
        self.expect("GET", self.rng.choice(PLAN["guides"]), "read: guide", 200)


class Writer(CircleMember):
    """Reads a chapter, highlights a sentence in it, for the circle or in public (half
    each: a public one changes the chapter's popular layer, which readers then read and
    cache again), comments on the highlight, and replies to a public annotation."""

    weight = 1
    fixed_count = int(os.environ.get("LOADTEST_WRITERS") or 0)
    _next_host = itertools.count()

    @task
    def highlight_comment_reply(self):
        chapter = self.open_chapter()
        start, end, exact = self.rng.choice(chapter["highlights"])
        public = self.rng.random() < 0.5
        created = self.expect(
            "POST",
            "/api/annotations/",
            "write: highlight",
            201,
            json={
                "document": chapter["slug"],
                "start": start,
                "end": end,
                "exact": exact,
                "color": self.rng.choice(["yellow", "green", "blue"]),
                "tags": [self.rng.choice(PLAN["tags"])] if PLAN["tags"] else [],
                "visibility": "public" if public else "circle",
                "circle": None if public else PLAN["circle"],
            },
        )
        if created:
            self.expect(
                "PATCH",
                f"/api/annotations/{created['id']}/",
                "write: comment",
                200,
                json={"comment": f"{PLAN['comment_marker']} by {self.reader['username']}."},
            )
        if PLAN["cards"]:
            card = self.rng.choice(PLAN["cards"])
            self.expect(
                "POST",
                f"/api/annotations/{card}/replies/",
                "write: reply",
                201,
                json={"body": f"A reply from {self.reader['username']}."},
            )


@events.quitting.add_listener
def write_stats(environment, **kwargs):
    """Requests, failures, requests a second and p95, p99 (ms) by name, and "all"."""
    path = os.environ.get("LOADTEST_STATS")
    if not path:
        return
    stats = environment.stats
    entries = {entry.name: entry for entry in stats.entries.values()} | {"all": stats.total}
    with open(path, "w", encoding="utf-8") as file:
        json.dump(
            {
                name: {
                    "requests": entry.num_requests,
                    "failures": entry.num_failures,
                    "rps": entry.total_rps,
                    "p95": entry.get_response_time_percentile(0.95),
                    "p99": entry.get_response_time_percentile(0.99),
                }
                for name, entry in entries.items()
            },
            file,
        )
