"""The compare page: the seed article's two versions side by side, as a reader gets it."""

import io

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bench import median_seconds
from corpus.models import Document

RUNS = 20
SLUG = "socialism-and-the-soviet-union"


def run() -> dict[str, float]:
    if not Document.objects.filter(slug=SLUG, versions__number=2).exists():
        call_command("ingest", "--seeds", stdout=io.StringIO(), stderr=io.StringIO())
    url = reverse("reader:compare", args=[SLUG, 1, 2])
    client = Client()

    def render() -> None:
        response = client.get(url, secure=True)
        assert response.status_code == 200, response.status_code

    seconds = median_seconds(render, repeat=RUNS, warmup=2)
    print(
        f"reader.compare: {seconds * 1000:.1f} ms for the seed article's versions 1 and 2 "
        f"({url}), median of {RUNS} (target < 300 ms)"
    )
    return {"render the seed pair's compare page": seconds}
