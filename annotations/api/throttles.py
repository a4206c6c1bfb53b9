"""The API's rates: requests per client per window, counted in the database so that every
app server shares them, in one statement a request (an upsert that returns the count).

Windows are fixed (a minute, an hour, as the rate says): a client may spend its whole
allowance at the end of one window and again at the start of the next. Over it: 429 with
Retry-After, the seconds to the next window (DRF's Throttled).
"""

from __future__ import annotations

import random
import time

from django.db import connection
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from annotations.models import ThrottleCount

_UPSERT = (
    "INSERT INTO {table} (key, started, hits) VALUES (%s, %s, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN {table}.started = excluded.started THEN {table}.hits + 1 ELSE 1 END, "
    "started = excluded.started "
    "RETURNING hits"
)
# Now and then, rows of windows long gone are deleted (clients who went away).
PRUNE_CHANCE = 0.001
PRUNE_AFTER = 2 * 24 * 3600


class DatabaseRateThrottle(BaseThrottle):
    scope = ""

    def __init__(self):
        self.wait_seconds: float | None = None

    def client(self, request, view) -> str | None:
        """Who is counted; None: this throttle leaves the request alone."""
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        client = self.client(request, view)
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if client is None or not rate:
            return True
        allowed, seconds = SimpleRateThrottle.parse_rate(None, rate)
        now = time.time()
        started = int(now // seconds) * seconds
        table = connection.ops.quote_name(ThrottleCount._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT.format(table=table), [f"{self.scope}:{client}"[:200], started])
            hits = cursor.fetchone()[0]
        if random.random() < PRUNE_CHANCE:  # noqa: S311 - not for security
            ThrottleCount.objects.filter(started__lt=now - PRUNE_AFTER).delete()
        self.wait_seconds = started + seconds - now
        return hits <= allowed

    def wait(self) -> float | None:
        return self.wait_seconds


class AnonymousThrottle(DatabaseRateThrottle):
    """Requests without a session or a token, per address."""

    scope = "anon"

    def client(self, request, view):
        return None if request.user.is_authenticated else self.get_ident(request)


class ReaderThrottle(DatabaseRateThrottle):
    """A signed-in reader's requests, by session or API token alike."""

    scope = "user"

    def client(self, request, view):
        return str(request.user.pk) if request.user.is_authenticated else None


class WriteScopedRateThrottle(DatabaseRateThrottle):
    """A view's ``throttle_scope`` rate, counted on its writes only, per reader (or
    address): importing highlights or adding a text is limited, reading is not."""

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, "throttle_scope", "")
        if not self.scope or request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def client(self, request, view):
        if request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return self.get_ident(request)
