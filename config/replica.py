"""Reads of the reading pages, search and guides from a PostgreSQL streaming replica.

With ``DATABASE_REPLICA_URL`` set, settings add the database alias ``replica``, this
router and this middleware. Everything else stays on the primary:

- writes, always (``db_for_write``), and every read outside the pages named in
  ``REPLICA_PAGES``: the API, forms, the notebook, circles, accounts;
- reads that must see a write just made: after any POST, PUT, PATCH or DELETE the
  browser carries a cookie (``PIN_COOKIE``) for ``MARGINALIA_REPLICA_PIN_SECONDS``, and
  its requests read from the primary until it expires, whichever server answers;
- reads while the replica lags: each app server asks the replica how far behind it is
  at most once a second (``pg_last_xact_replay_timestamp``), and reads from the primary
  while that is over ``MARGINALIA_REPLICA_MAX_LAG`` seconds or the replica is down.

The choice is made per request (a context variable, safe with threaded workers); code
that runs after the response is handed back (a streamed body) reads from the primary.
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.utils.connection import ConnectionDoesNotExist

logger = logging.getLogger(__name__)

REPLICA = "replica"
PIN_COOKIE = "marginalia_primary"
# The pages whose reads may be a moment behind (URL names in the reader app).
REPLICA_PAGES = frozenset(
    {
        "library",
        "document",
        "section",
        "paragraph",
        "version",
        "version_section",
        "version_paragraph",
        "compare",
        "search",
        "guides",
        "guide",
        "guide_download",
    }
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "reading_from_replica", default=False
)


class ReplicaLag:
    """How far behind the replica is, asked of it at most every ``every`` seconds.

    Kept per process on purpose: each app server measures its own view of the replica,
    as a connection pool keeps its own connections; nothing here is shared state.
    """

    def __init__(self, every: float = 1.0) -> None:
        self.every = every
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._lag: float | None = None  # seconds; None: the replica did not answer

    def fresh(self) -> bool:
        """Whether the replica is close enough behind the primary to read from."""
        now = time.monotonic()
        if now - self._checked >= self.every:
            with self._lock:
                if now - self._checked >= self.every:
                    self._lag, self._checked = self._measure(), now
        return self._lag is not None and self._lag <= settings.MARGINALIA_REPLICA_MAX_LAG

    def forget(self) -> None:
        """Measure again on the next read (tests, and after a failover)."""
        self._checked = float("-inf")

    @staticmethod
    def _measure() -> float | None:
        try:
            with connections[REPLICA].cursor() as cursor:
                # Caught up (all it received is replayed): no lag, however long since
                # the primary last wrote. Otherwise: the age of the last replayed write.
                cursor.execute(
                    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
                    "THEN 0 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) "
                    "END"
                )
                (lag,) = cursor.fetchone()
        except (DatabaseError, ConnectionDoesNotExist):
            logger.warning("The replica did not answer; reading from the primary.")
            return None
        return float(lag or 0)


lag = ReplicaLag()


class ReplicaRouter:
    """Reads to ``replica`` while the current request may use it; all else to default."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_from_replica.get() and lag.fresh():
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        # The same data on both: an object read from one may point at one from the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        # The replica follows the primary's schema; it is never migrated itself.
        return db != REPLICA


class ReplicaMiddleware:
    """Marks the requests that may read from the replica, and pins a browser to the
    primary for a while after it wrote."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _reading_from_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _reading_from_replica.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.MARGINALIA_REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        match = request.resolver_match
        _reading_from_replica.set(
            request.method in SAFE_METHODS
            and PIN_COOKIE not in request.COOKIES
            and match is not None
            and match.namespace == "reader"
            and match.url_name in REPLICA_PAGES
        )
