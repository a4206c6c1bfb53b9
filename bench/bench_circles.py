"""Circle pages at scale: 100,000 annotations from seed_demo, a circle of 20 members with
3,000 annotations shared with it (and their replies), and the circle page rendered
in-process as its owner sees it (test Client, secure=True, force_login).

Targets (the issue): the circle page and its activity stream under 100 ms median
in-process, with a query count that does not grow with members or annotations: the
same for a circle of 2 members as for one of 20.

It tops the database up to 100,000 annotations with seed_demo when it has fewer
(``make bench`` starts from a fresh one, and bench_annotations removes its own), and
removes what it created when it is done, so the other benchmarks are not affected.
"""

from __future__ import annotations

import io
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test import Client
from django.test.utils import CaptureQueriesContext

from annotations.circles import services as circle_services
from annotations.circles.activity import circle_activity
from annotations.models import Annotation, Circle, Membership, Reply, Role, Visibility
from bench import median_seconds
from corpus.models import Document

ANNOTATIONS = 100_000
DEMO_READERS = 20
SEED = 7
SHARED = 3_000  # annotations shared with each bench circle
HIDDEN_EVERY = 100  # one shared annotation in a hundred hidden by a moderator
RUNS = 30


def run() -> dict[str, float]:
    if not Document.objects.filter(current_version__isnull=False).exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    users_before = set(get_user_model().objects.values_list("id", flat=True))
    last_before = Annotation.objects.aggregate(last=Max("id"))["last"] or 0
    changed: list[tuple[int, str, bool]] = []  # pre-existing annotations this bench shares
    circles: list[int] = []
    try:
        return _measure(last_before, changed, circles)
    finally:
        _clean_up(users_before, last_before, changed, circles)


def _measure(last_before: int, changed: list, circles: list) -> dict[str, float]:
    results: dict[str, float] = {}
    existing = Annotation.objects.count()
    if existing < ANNOTATIONS:
        started = time.perf_counter()
        call_command(
            "seed_demo",
            f"--users={DEMO_READERS}",
            f"--annotations={ANNOTATIONS - existing}",
            f"--seed={SEED}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        print(
            f"seed_demo: {ANNOTATIONS - existing:,} annotations in "
            f"{time.perf_counter() - started:.1f} s"
        )
    total = Annotation.objects.count()
    readers = list(
        get_user_model()
        .objects.filter(username__in=[f"reader{n}" for n in range(1, DEMO_READERS + 1)])
        .order_by("id")
    )
    owner = readers[0]
    big = _circle("Bench circle of twenty", owner, readers[1:], changed, circles)
    small = _circle("Bench circle of two", owner, readers[1:2], changed, circles)
    replies = Reply.objects.filter(annotation__circle=big).count()
    print(
        f"{total:,} annotations in the database; {big.name}: {len(readers)} members, "
        f"{SHARED:,} shared annotations and {replies:,} replies"
    )

    client = Client()
    client.force_login(owner)
    url = f"/circles/{big.slug}/"

    def render(page_url: str = url) -> None:
        response = client.get(page_url, secure=True)
        assert response.status_code == 200, response.status_code

    seconds = median_seconds(render, repeat=RUNS, warmup=3)
    results["circle page, 20 members (owner)"] = seconds
    print(
        f"circle page ({len(readers)} members, {SHARED:,} shared): {seconds * 1000:.1f} ms "
        f"median of {RUNS} (target < 100 ms) {_verdict(seconds < 0.100)}"
    )

    deep = f"{url}?page=10"
    seconds = median_seconds(lambda: render(deep), repeat=RUNS, warmup=3)
    results["circle page 10 of the activity"] = seconds
    print(f"circle page, activity page 10: {seconds * 1000:.1f} ms median of {RUNS}")

    def activity() -> None:
        circle_activity(big, owner, page=1, since=big.created)

    seconds = median_seconds(activity, repeat=RUNS, warmup=3)
    results["activity stream alone (page 1)"] = seconds
    print(
        f"activity stream alone: {seconds * 1000:.1f} ms median of {RUNS} "
        f"(target < 100 ms) {_verdict(seconds < 0.100)}"
    )

    member_client = Client()
    member_client.force_login(readers[5])
    seconds = median_seconds(lambda: member_client.get(url, secure=True), repeat=RUNS, warmup=3)
    results["circle page, 20 members (member)"] = seconds
    print(f"circle page as a plain member: {seconds * 1000:.1f} ms median of {RUNS}")

    big_queries = _query_count(client, url)
    small_queries = _query_count(client, f"/circles/{small.slug}/")
    print(
        f"circle page queries (owner): {small_queries} with 2 members, {big_queries} with "
        f"{len(readers)} members (target: the same) {_verdict(big_queries == small_queries)}"
    )
    return results


def _circle(name: str, owner, members: list, changed: list, circles: list) -> Circle:
    """A circle of ``owner`` and ``members``, with SHARED of their annotations shared."""
    circle = circle_services.circle_create(owner=owner, name=name)
    circles.append(circle.pk)
    Membership.objects.bulk_create(
        Membership(circle=circle, user=user, role=Role.MEMBER) for user in members
    )
    Membership.objects.filter(circle=circle, user=members[0]).update(role=Role.MODERATOR)
    authors = [owner.pk, *(user.pk for user in members)]
    rows = list(
        Annotation.objects.filter(author__in=authors, circle__isnull=True)
        .order_by("id")
        .values_list("id", "visibility", "hidden")[:SHARED]
    )
    changed.extend(rows)
    ids = [row[0] for row in rows]
    Annotation.objects.filter(pk__in=ids).update(visibility=Visibility.CIRCLE, circle=circle)
    Annotation.objects.filter(pk__in=ids[::HIDDEN_EVERY]).update(hidden=True)
    # So that some of the activity counts as new for the owner.
    newest = Annotation.objects.filter(pk__in=ids).order_by("-created").values("created")
    Membership.objects.filter(circle=circle, user=owner).update(
        last_visit=newest[SHARED // 10]["created"]
    )
    return circle


def _query_count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    assert response.status_code == 200, response.status_code
    return len(queries.captured_queries)


def _clean_up(users_before: set[int], last_before: int, changed: list, circles: list) -> None:
    """Remove the circles, the annotations seeded here and the readers made here; put back
    the annotations that were there before as they were."""
    Circle.objects.filter(pk__in=circles).delete()
    for pk, visibility, hidden in changed:
        if pk <= last_before:
            Annotation.objects.filter(pk=pk).update(visibility=visibility, hidden=hidden)
    Annotation.objects.filter(pk__gt=last_before).delete()
    get_user_model().objects.exclude(id__in=users_before).delete()


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
