import os
import secrets
import socket
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

from config.settings import env_bool, env_list

BASE_DIR = settings.BASE_DIR
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")

# What every subprocess below starts from: none of the variables under test.
_CLEAN_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "HTTPS_ONLY"}
    and not key.startswith("SECURE_")
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**_CLEAN_ENV, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def sqlite_pragmas(wrapper) -> dict[str, object]:
    with wrapper.cursor() as cursor:
        return {
            name: (cursor.execute(f"PRAGMA {name}").fetchone() or [None])[0]
            for name in (
                "journal_mode",
                "busy_timeout",
                "synchronous",
                "foreign_keys",
                "mmap_size",
                "cache_size",
            )
        }


@on_sqlite
def test_it_opens_sqlite_file_connections_in_wal_mode(tmp_path, django_db_blocker):
    # A new file like data/marginalia.sqlite3, opened with the site's settings (the test
    # database is one too, but made by Django's test runner).
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "wal.sqlite3")}
    wrapper = SQLiteDatabaseWrapper(settings_dict, alias="wal_check")
    with django_db_blocker.unblock():
        try:
            pragmas = sqlite_pragmas(wrapper)
        finally:
            wrapper.close()

    # synchronous=1 is NORMAL.
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "synchronous": 1,
        "foreign_keys": 1,
        "mmap_size": 128 * 1024 * 1024,
        "cache_size": -16000,  # kibibytes when negative
    }
    assert wrapper.transaction_mode == "IMMEDIATE"


@on_sqlite
@pytest.mark.django_db
def test_it_sets_busy_timeout_on_the_test_database_connection():
    pragmas = sqlite_pragmas(connection)

    assert (pragmas["busy_timeout"], pragmas["synchronous"], pragmas["foreign_keys"]) == (
        5000,
        1,
        1,
    )


def test_it_requires_secret_key_without_debug():
    result = run_python("import django; django.setup()")

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith(
        f"{ImproperlyConfigured.__module__}.ImproperlyConfigured: SECRET_KEY"
    )


def test_it_uses_a_development_secret_key_with_debug():
    result = run_python("from django.conf import settings; print(settings.DEBUG)", DEBUG="1")

    assert (result.returncode, result.stdout) == (0, "True\n"), result.stderr


def test_it_defaults_to_sqlite_in_the_data_dir():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['NAME'])"
    result = run_python(code, SECRET_KEY="x")

    assert result.stdout == f"{BASE_DIR / 'data' / 'marginalia.sqlite3'}\n", result.stderr


def test_it_selects_postgres_from_database_url():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['HOST'], d['NAME'], d.get('OPTIONS', {}))"
    )
    result = run_python(
        code, SECRET_KEY="x", DATABASE_URL="postgres://postgres@%2Ftmp%2Fpg-socket/marginalia"
    )

    assert result.stdout == "django.db.backends.postgresql /tmp/pg-socket marginalia {}\n", (
        result.stderr
    )


def test_it_passes_check_deploy_without_debug():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env={
            **_CLEAN_ENV,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "marginalia.example.org",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("", False)]
)
def test_it_reads_booleans_from_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv("MARGINALIA_TEST_FLAG", raw)

    assert env_bool("MARGINALIA_TEST_FLAG", default=not expected) is expected


def test_it_rejects_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("MARGINALIA_TEST_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="MARGINALIA_TEST_FLAG='maybe'"):
        env_bool("MARGINALIA_TEST_FLAG")


def test_it_reads_comma_separated_lists(monkeypatch):
    monkeypatch.setenv("MARGINALIA_TEST_LIST", " a.example, b.example ,,")

    assert env_list("MARGINALIA_TEST_LIST", ["default"]) == ["a.example", "b.example"]


def test_it_falls_back_to_the_default_list(monkeypatch):
    monkeypatch.delenv("MARGINALIA_TEST_LIST", raising=False)

    assert env_list("MARGINALIA_TEST_LIST", ["default"]) == ["default"]


@pytest.mark.parametrize(
    ("seconds", "preload"),
    [(None, "True"), ("31536000", "True"), ("63072000", "True"), ("2592000", "False")],
)
def test_it_announces_hsts_preload_only_with_a_max_age_of_a_year(seconds, preload):
    env = {"SECRET_KEY": secrets.token_urlsafe(50), "HTTPS_ONLY": "1"}
    if seconds:
        env["SECURE_HSTS_SECONDS"] = seconds

    result = run_python(
        "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)", **env
    )

    assert result.stdout.strip() == preload, result.stderr


def test_a_replica_url_adds_the_replica_and_its_router():
    code = (
        "from django.conf import settings as s; "
        "print(s.DATABASES['replica']['HOST'], s.DATABASES['replica']['NAME'], "
        "s.DATABASE_ROUTERS, s.MARGINALIA_REPLICA_MAX_LAG)"
    )
    result = run_python(
        code,
        DEBUG="1",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org/marginalia",
        MARGINALIA_REPLICA_MAX_LAG="2.5",
    )
    assert result.stdout.split() == [
        "replica.example.org",
        "marginalia",
        "['config.replica.ReplicaRouter']",
        "2.5",
    ], result.stderr
    # Without one: no replica, no router.
    result = run_python(
        "from django.conf import settings as s; "
        "print('replica' in s.DATABASES, s.DATABASE_ROUTERS)",
        DEBUG="1",
    )
    assert result.stdout.split() == ["False", "[]"], result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://cache.example.org:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("unix:///run/redis/redis.sock", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_the_cache_is_the_database_or_the_redis_server_cache_url_names(url, expected):
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    result = run_python(code, DEBUG="1", CACHE_URL=url)
    assert result.stdout.strip() == expected, result.stderr


def test_a_redis_server_that_hangs_costs_a_cache_read_redis_timeout_not_seconds():
    """A host that takes the connection and never answers (a Redis server stuck, a
    firewall that drops): the read fails after REDIS_TIMEOUT, not redis-py's 5 s."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        code = (
            "import time, django; django.setup(); from django.core.cache import cache\n"
            "t = time.perf_counter()\n"
            "try:\n    cache.get('x')\nexcept Exception as e:\n    print(type(e).__name__)\n"
            "print(round(time.perf_counter() - t, 2))"
        )
        result = run_python(
            code, DEBUG="1", CACHE_URL=f"redis://127.0.0.1:{port}/0", REDIS_TIMEOUT="0.3"
        )
    error, seconds = result.stdout.split()
    assert error == "TimeoutError", result.stderr
    assert float(seconds) < 2


def test_a_cache_url_that_is_not_redis_is_refused_by_name():
    result = run_python("import django; django.setup()", DEBUG="1", CACHE_URL="memcached://x")
    assert result.returncode != 0
    assert "CACHE_URL='memcached://x' is not a Redis URL" in result.stderr
