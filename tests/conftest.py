"""Fixtures shared by every test package. App-specific fixtures live beside their tests."""

import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from bench.live import CHROMIUM

# Every API request counts itself against its rate: one statement (annotations.api.throttles).
THROTTLE = 1

REPO = Path(__file__).resolve().parents[1]  # the repository's root
SHARED = REPO.parent / "shared"  # ../shared beside the repository
PASSWORD = "correct-horse-battery-staple"


def pytest_sessionstart(session: pytest.Session) -> None:
    remove_dead_test_databases()


def remove_dead_test_databases() -> list[Path]:
    """Remove the SQLite test databases (config/settings.py names them by process id)
    that runs which no longer exist left behind: a run killed before its teardown leaves
    its file, in memory when it is in /dev/shm. Those removed, for the test."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        return []
    ours = Path(database["TEST"]["NAME"])
    named = re.compile(r"marginalia-test-(\d+)\.sqlite3(-wal|-shm|-journal)?")
    removed = []
    for path in ours.parent.glob("marginalia-test-*.sqlite3*"):
        found = named.fullmatch(path.name)
        if found and not _running(int(found[1])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # `make browser-deps` installs chromium, and fails under CI if it cannot.
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `make browser-deps`")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Each test that uses the database starts with an empty cache. The cache outlives a
    test's database (a flush leaves its table), and ids start again after one, so a page
    an earlier test cached could be read for another one (annotations/margin.py's popular
    coverage, keyed by version id and change count)."""
    if request.node.get_closest_marker("django_db") is None and not {
        "db",
        "transactional_db",
    } & set(request.fixturenames):
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        cache.clear()


# annotations migration 0017: PostgreSQL's public-changes triggers, counted at commit.
PUBLIC_CHANGES_TRIGGERS = (
    "annotation_public_insert",
    "annotation_public_delete",
    "annotation_public_update",
)


@pytest.fixture(autouse=True)
def _public_changes_at_once(request):
    """PostgreSQL counts a version's public changes when the writing transaction commits
    (annotations migration 0017). A test on the ``db`` fixture runs in one transaction,
    never committed: there they count at once, as they would have by the next request.
    Tests on ``transactional_db`` (the live server's) commit each write, as a site does."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction", False)
    )
    if transactional or ("db" not in request.fixturenames and marker is None):
        return
    request.getfixturevalue("db")
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {', '.join(PUBLIC_CHANGES_TRIGGERS)} IMMEDIATE")


@pytest.fixture
def password() -> str:
    """The password of `owner`, `member` and `outsider`, for logging in through a form."""
    return PASSWORD


@pytest.fixture
def owner(django_user_model):
    """The reader who owns the thing under test (a circle, an annotation)."""
    return django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD)


@pytest.fixture
def member(django_user_model):
    """A reader who belongs (to the owner's circle), but owns nothing."""
    return django_user_model.objects.create_user("bob", "bob@example.org", PASSWORD)


@pytest.fixture
def outsider(django_user_model):
    """A signed-in reader with no connection to the thing under test."""
    return django_user_model.objects.create_user("carol", "carol@example.org", PASSWORD)


def signed_in(user) -> Client:
    """A browser (Django's test client) signed in as ``user``, for the tests of pages."""
    client = Client()
    client.force_login(user)
    return client


# API clients, for the tests of the JSON API.


@pytest.fixture
def client_as():
    """``client_as(user)``: an API client signed in (session) as ``user``."""

    def signed_in(user) -> APIClient:
        client = APIClient()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def anonymous() -> APIClient:
    return APIClient()


@pytest.fixture
def author_client(owner, client_as) -> APIClient:
    """Signed in as ``owner``, the author of the annotations under test."""
    return client_as(owner)


@pytest.fixture
def other_client(outsider, client_as) -> APIClient:
    """Signed in as ``outsider``, another reader."""
    return client_as(outsider)


# The seed corpus: parsed once for the whole session, stored where a test module asks.


@pytest.fixture(scope="session")
def seed_texts() -> list:
    """Every seed of corpus/seeds/manifest.toml with its parse, in manifest order: the
    parsing, the slow part, is done once for the whole run."""
    from corpus.ingest import read_any
    from corpus.seeds import seed_entries

    return [(entry, read_any(entry.path.read_bytes(), entry.path.name)) for entry in seed_entries()]


@pytest.fixture(scope="module")
def seeded_corpus(django_db_setup, django_db_blocker, seed_texts):
    """The seed corpus stored once for a module's tests (each test's own writes roll back),
    removed after it."""
    from corpus.models import Document
    from corpus.seeds import seed_ingest

    with django_db_blocker.unblock():
        for entry, parsed in seed_texts:
            seed_ingest(entry, parsed)
        yield
        Document.objects.all().delete()


# Two short seeds, for the tests that quote them (tests/texts/imports/): "Russia and
# socialism" and "The Revolution Betrayed: What happened in the Soviet Union?".
SHORT_SEEDS = ("russia-and-socialism", "what-happened-in-the-soviet-union")


@pytest.fixture(scope="session")
def short_seed_texts() -> list:
    """The two short seeds with their parse, done once for the whole run."""
    from corpus.ingest import read_any
    from corpus.seeds import seed_entries

    return [
        (entry, read_any(entry.path.read_bytes(), entry.path.name))
        for entry in seed_entries()
        if entry.metadata.get("slug") in SHORT_SEEDS
    ]


@pytest.fixture
def short_seeds(db, short_seed_texts) -> dict:
    """The two short seeds stored for one test: slug -> document."""
    from corpus.models import Document
    from corpus.seeds import seed_ingest

    for entry, parsed in short_seed_texts:
        seed_ingest(entry, parsed)
    return {document.slug: document for document in Document.objects.filter(slug__in=SHORT_SEEDS)}


@pytest.fixture
def run_worker(transactional_db):
    """``run_worker()``: do the queued tasks as ``manage.py db_worker`` does, then stop.

    The worker closes the database connection when it wakes; inside a test's transaction
    on PostgreSQL that would end the test's own connection, so a test that runs it runs
    outside one (``transactional_db``).
    """
    from django.core.management import call_command

    def run() -> None:
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    return run
