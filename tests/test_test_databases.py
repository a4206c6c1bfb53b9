"""The SQLite test database is a file named by the run's process id (config/settings.py);
a run killed before its teardown leaves it behind, and the next run removes it."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import remove_dead_test_databases

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's test file")


@on_sqlite
def test_it_removes_the_files_of_runs_that_are_gone_and_keeps_its_own(db):
    ours = Path(settings.DATABASES["default"]["TEST"]["NAME"])
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(gone.stdout)
    left = [ours.parent / f"marginalia-test-{dead}.sqlite3{end}" for end in ("", "-wal", "-shm")]
    other = ours.parent / "marginalia-test-notes.txt"
    for path in [*left, other]:
        path.write_bytes(b"left behind")
    try:
        removed = remove_dead_test_databases()
        assert sorted(removed) == sorted(left)
        assert not any(path.exists() for path in left)
        assert other.exists()  # not one of ours
        assert ours.exists()  # this run's own, in use
    finally:
        for path in [*left, other]:
            path.unlink(missing_ok=True)
