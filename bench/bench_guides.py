"""Study guides at scale: 100,000 annotations, 5,000 of them on one topic in a circle.

Targets (issue 17): the guide page renders in under 150 ms median, in-process, and
its query count does not grow with the number of passages (measured against a topic
of 50 annotations in the same circle).

It makes its annotations with ``annotations.demo.seed_demo`` and removes what it made
when it is done, so the other benchmarks are not affected.
"""

from __future__ import annotations

import io
import random
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Max
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from annotations import demo
from annotations.guides.guide import PASSAGES_PER_PAGE
from annotations.models import Annotation, Circle, Membership, Role, TaggedAnnotation, Visibility
from bench import median_seconds
from corpus.models import Document
from reader.views.guides import guide_page, guides

TOTAL = 100_000
IN_TOPIC = 5_000
SMALL_TOPIC = 50
READERS = 20
SEED = 11
TARGET_SECONDS = 0.15
SCOPE = "circle:bench-guides"


def run() -> dict[str, float]:
    if not Document.objects.exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    users_before = set(get_user_model().objects.values_list("id", flat=True))
    last_before = Annotation.objects.aggregate(last=Max("id"))["last"] or 0
    tags_before = set(Tag.objects.values_list("id", flat=True))
    try:
        return _measure(last_before)
    finally:
        Annotation.objects.filter(id__gt=last_before).delete()
        Circle.objects.filter(slug="bench-guides").delete()
        Tag.objects.exclude(id__in=tags_before).delete()
        get_user_model().objects.exclude(id__in=users_before).delete()


def _measure(last_before: int) -> dict[str, float]:
    started = time.perf_counter()
    demo.seed_demo(users=READERS, annotations=TOTAL, seed=SEED)
    readers = list(
        get_user_model().objects.filter(username__startswith=demo.USERNAME_PREFIX).order_by("id")
    )
    circle = Circle.objects.create(name="Bench guides", slug="bench-guides")
    Membership.objects.bulk_create(
        Membership(circle=circle, user=reader, role=Role.OWNER if i == 0 else Role.MEMBER)
        for i, reader in enumerate(readers)
    )
    made = list(Annotation.objects.filter(id__gt=last_before).values_list("id", flat=True))
    picked = random.Random(SEED).sample(made, IN_TOPIC + SMALL_TOPIC)
    Annotation.objects.filter(id__in=picked).update(
        visibility=Visibility.CIRCLE, circle=circle, hidden=False
    )
    big, small = Tag.objects.create(name="bench-topic"), Tag.objects.create(name="bench-small")
    TaggedAnnotation.objects.bulk_create(
        [TaggedAnnotation(tag=big, content_object_id=pk) for pk in picked[:IN_TOPIC]]
        + [TaggedAnnotation(tag=small, content_object_id=pk) for pk in picked[IN_TOPIC:]],
        batch_size=1000,
    )
    count = Annotation.objects.filter(id__gt=last_before).count()
    print(f"guides: seeded {count:,} annotations in {time.perf_counter() - started:.1f} s")

    reader = readers[0]
    factory = RequestFactory()

    def render(view, *args):
        request = factory.get("/")
        request.user = reader
        response = view(request, SCOPE, *args)
        assert response.status_code == 200, response.status_code
        return response

    queries = {}
    for tag in ("bench-topic", "bench-small"):
        with CaptureQueriesContext(connection) as captured:
            response = render(guide_page, tag)
        queries[tag] = len(captured)
    seconds = median_seconds(lambda: render(guide_page, "bench-topic"), repeat=9)
    cpu = median_seconds(
        lambda: render(guide_page, "bench-topic"), repeat=9, clock=time.process_time
    )
    index_seconds = median_seconds(lambda: render(guides), repeat=3)
    size = len(response.content)
    print(
        f"guides: the {IN_TOPIC:,}-annotation guide in {seconds * 1000:.0f} ms median "
        f"({_verdict(seconds < TARGET_SECONDS)} < {TARGET_SECONDS * 1000:.0f} ms; "
        f"{cpu * 1000:.0f} ms of CPU); "
        f"{queries['bench-topic']} queries, {queries['bench-small']} for {SMALL_TOPIC} "
        f"annotations ({_verdict(queries['bench-topic'] == queries['bench-small'])}); "
        f"the small guide's page is {size:,} bytes; the large one lays out its first "
        f"{PASSAGES_PER_PAGE} passages"
    )
    return {
        f"guide page, {IN_TOPIC:,} annotations in the topic": seconds,
        f"guide page, {IN_TOPIC:,} annotations, CPU time": cpu,
        "guide index of a circle": index_seconds,
    }


def _verdict(ok: bool) -> str:
    return "OK" if ok else "MISSED"
