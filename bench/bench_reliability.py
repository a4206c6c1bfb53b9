"""20 concurrent writers × 100 API operations through gunicorn, on SQLite and on
PostgreSQL (a throw-away server, as `make test` starts one): throughput, median and p99
latency, and the check that no write was lost, duplicated or refused.

Target (issue 15): 0 errors, 0 lost or duplicated writes on both databases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(env: dict, wrapper: list[str]) -> dict:
    command = [*wrapper, sys.executable, "-m", "bench.reliability"]
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode or not lines:
        raise RuntimeError(f"reliability run failed: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def run() -> dict[str, float]:
    medians: dict[str, float] = {}
    base = {**os.environ, "SECRET_KEY": "bench-only-not-a-secret", "DEBUG": "0"}
    base.pop("DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as directory:
        runs = {"sqlite": ({**base, "DATABASE_URL": f"sqlite:///{directory}/writers.sqlite3"}, [])}
        if any(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
            runs["postgresql"] = (base, [str(REPO / "scripts" / "with-postgres.sh")])
        for name, (env, wrapper) in runs.items():
            figures = _run({**env, "ALLOWED_HOSTS": "127.0.0.1", "HTTPS_ONLY": "0"}, wrapper)
            print(
                f"{'reliability':>12}  {name}: {figures['operations']} operations by 20 writers in "
                f"{figures['seconds']:.1f} s ({figures['throughput']:.0f}/s); errors "
                f"{figures['errors']}, lost {figures['lost']}, unexpected {figures['unexpected']}, "
                f"replies {figures['replies_stored']}/{figures['replies_expected']}"
                + (f"; first errors: {figures['first_errors']}" if figures["errors"] else "")
            )
            medians[f"{name}: median API write"] = figures["p50"]
            medians[f"{name}: p99 API write"] = figures["p99"]
    return medians
