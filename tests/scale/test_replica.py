"""Reads from a PostgreSQL streaming replica (config/replica.py), against a real one.

`scripts/with-postgres.sh --replica` (make test-postgres) starts a primary and a hot
standby following it and names the standby in MARGINALIA_TEST_REPLICA_URL. The test
database is created on the primary; the standby replays it. Replay is paused to make
the replica lag on purpose.
"""

import os
import re
import time
from contextlib import contextmanager

import dj_database_url
import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.connection import ConnectionDoesNotExist

from config import replica
from tests.essays import annotate_words, ingest_essay

REPLICA_URL = os.environ.get("MARGINALIA_TEST_REPLICA_URL")
pytestmark = [
    pytest.mark.skipif(not REPLICA_URL, reason="needs scripts/with-postgres.sh --replica"),
    pytest.mark.django_db(transaction=True),
]
WORDS = "the harvest failed along the Volga"


@contextmanager
def replica_alias(url: str, **settings):
    """The alias "replica" connected to ``url`` (over the default's settings and
    ``settings``), gone afterwards, with no replica lag remembered either side."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    settings_dict = {**connections["default"].settings_dict, **dj_database_url.parse(url)}
    wrapper = DatabaseWrapper({**settings_dict, **settings}, alias=replica.REPLICA)
    connections[replica.REPLICA] = wrapper
    replica.lag.forget()
    try:
        yield wrapper
    finally:
        wrapper.close()
        del connections[replica.REPLICA]
        replica.lag.forget()


@pytest.fixture
def standby():
    """The alias "replica" connected to the standby's copy of the test database, the
    router on, replay running again afterwards."""
    test_database = connections["default"].settings_dict["NAME"]
    with replica_alias(REPLICA_URL, NAME=test_database) as wrapper:
        with override_settings(
            DATABASE_ROUTERS=["config.replica.ReplicaRouter"], MARGINALIA_REPLICA_MAX_LAG=60
        ):
            yield wrapper
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def standby_sql(standby, sql: str, params=()):
    with standby.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else None


def replayed(standby, sql: str, params=(), timeout: float = 20.0) -> None:
    """Wait until the standby answers ``sql`` (a count) with more than 0."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if standby_sql(standby, sql, params)[0]:
            return
        time.sleep(0.05)
    raise AssertionError(f"the standby did not replay {params} in {timeout} s")


def signed_in(standby, user) -> Client:
    """A browser signed in as ``user``, its session replayed on the standby.

    Signing in writes the session twice (the row, then the sign-in in it): wait for the
    row as the primary has it now, or the standby may still hold it empty, and the
    page read from there sees a reader signed out."""
    client = Client()
    client.force_login(user)
    with connections["default"].cursor() as cursor:
        key = client.session.session_key
        cursor.execute("SELECT session_data FROM django_session WHERE session_key = %s", [key])
        (data,) = cursor.fetchone()
    replayed(
        standby,
        "SELECT count(*) FROM django_session WHERE session_key = %s AND session_data = %s",
        [key, data],
    )
    return client


def annotation_replayed(standby, pk: int) -> None:
    replayed(standby, "SELECT count(*) FROM annotations_annotation WHERE id = %s", [pk])


def cache_replayed(standby) -> None:
    """Wait until the standby has every entry of the cache the primary has."""
    with connections["default"].cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "marginalia_cache"')
        (entries,) = cursor.fetchone()
    replayed(standby, 'SELECT count(*) >= %s FROM "marginalia_cache"', [entries])


def drawn(page: str, pk: int) -> bool:
    return re.search(rf'data-starts="(?:[^"]* )?{pk}(?: [^"]*)?"', page) is not None


def test_reading_pages_read_from_the_replica_and_writers_see_their_writes(standby, owner):
    essay = ingest_essay(f"In 1921 {WORDS}, and relief came late.").document
    section = f"/read/{essay.slug}/s/1/"
    reader = signed_in(standby, owner)
    first = annotate_words(essay, owner, "relief came late")
    annotation_replayed(standby, first.pk)

    # The first reading caches the page's popular layer, a write, so on the primary (only
    # that); once the standby has it, a reading page reads nothing from the primary.
    with CaptureQueriesContext(connections["default"]) as filling:
        reader.get(section)
    written = [query["sql"] for query in filling if query["sql"] not in ("BEGIN", "COMMIT")]
    assert written
    assert all('"marginalia_cache"' in sql for sql in written), written
    cache_replayed(standby)

    # A reading page: every read from the replica, none from the primary.
    with CaptureQueriesContext(standby) as on_replica:
        with CaptureQueriesContext(connections["default"]) as on_primary:
            page = reader.get(section).content.decode()
    assert drawn(page, first.pk)
    assert len(on_replica) > 1  # the lag, then the page's own reads
    assert [query["sql"] for query in on_primary] == []

    # Replay stops: the replica falls behind. The reader highlights something.
    standby_sql(standby, "SELECT pg_wal_replay_pause()")
    start = essay.current_version.text.index(WORDS)
    response = reader.post(
        "/api/annotations/",
        {"document": essay.slug, "start": start, "end": start + len(WORDS), "exact": WORDS},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert replica.PIN_COOKIE in response.cookies

    # Their next page reads from the primary: the new highlight is there.
    with CaptureQueriesContext(standby) as on_replica:
        page = reader.get(section).content.decode()
    assert drawn(page, response.json()["id"])
    assert list(on_replica) == []


def test_a_replica_further_behind_than_the_limit_is_not_read(standby, owner):
    essay = ingest_essay(f"In 1921 {WORDS}.").document
    first = annotate_words(essay, owner, "In 1921")
    section = f"/read/{essay.slug}/s/1/"
    reader = signed_in(standby, owner)
    annotation_replayed(standby, first.pk)

    standby_sql(standby, "SELECT pg_wal_replay_pause()")
    second = annotate_words(essay, owner, WORDS)  # on the primary only, for now

    # Within the allowed lag: the page comes from the replica, a moment behind.
    replica.lag.forget()
    page = reader.get(section).content.decode()
    assert drawn(page, first.pk)
    assert not drawn(page, second.pk)

    # Past the limit: the primary answers, with everything.
    with override_settings(MARGINALIA_REPLICA_MAX_LAG=0.5):
        time.sleep(1.0)
        replica.lag.forget()
        with CaptureQueriesContext(standby) as on_replica:
            page = reader.get(section).content.decode()
    assert drawn(page, first.pk) and drawn(page, second.pk)
    assert len(on_replica) == 1  # asked how far behind it is, and nothing else

    # Replay resumes: the replica catches up and is read again.
    standby_sql(standby, "SELECT pg_wal_replay_resume()")
    annotation_replayed(standby, second.pk)
    replica.lag.forget()
    with CaptureQueriesContext(standby) as on_replica:
        page = reader.get(section).content.decode()
    assert drawn(page, second.pk)
    assert len(on_replica) > 1


def test_writes_and_other_pages_never_use_the_replica(standby, owner):
    reader = signed_in(standby, owner)
    with CaptureQueriesContext(standby) as on_replica:
        assert reader.get("/notebook/").status_code == 200
        assert reader.get("/api/annotations/").status_code == 200
    assert list(on_replica) == []


def test_a_replica_that_does_not_answer_sends_reads_to_the_primary(owner, db):
    broken = "postgres://postgres@%2Fnonexistent/nowhere"
    with (
        replica_alias(broken),
        override_settings(DATABASE_ROUTERS=["config.replica.ReplicaRouter"]),
    ):
        essay = ingest_essay(f"In 1921 {WORDS}.").document
        reader = Client()
        reader.force_login(owner)
        response = reader.get(f"/read/{essay.slug}/s/1/")
    assert response.status_code == 200
    with pytest.raises(ConnectionDoesNotExist):
        connections[replica.REPLICA]
