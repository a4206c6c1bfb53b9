"""`make loadtest`: mixed readers and writers against two app servers sharing one
PostgreSQL, then against one, with locust (bench/locustfile.py).

Run through scripts/with-postgres.sh (DATABASE_URL names a throw-away database):
migrates it, ingests the seed corpus, adds public annotations by LOADTEST_USERS readers
(default 50) who form a circle, starts two gunicorn instances (the repository's
gunicorn.conf.py, each on its own port, as two machines would run it) and runs
LOADTEST_USERS locust users spread over both for LOADTEST_SECONDS (default 60); then the
same with one instance. After each run it counts the rows the writes left against the
writes locust saw succeed. It prints a table (throughput, p95 and p99 per request kind,
errors, lost writes) and exits 1 on any error or lost write. Locust's and gunicorn's own
output goes to bench/results/loadtest/.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "loadtest"
PYTHON = Path(sys.executable)
# Modest for a 2-core machine: each instance can hold 2 × 4 requests at once.
WORKERS, THREADS = 2, 4
WRITES = ("highlight", "comment", "reply")
# Public annotations already there (the demo's), so cards, replies and guides have some.
BACKGROUND_ANNOTATIONS = 3000
# What the servers need to answer plain HTTP without DEBUG, and no limit in the way:
# every locust user is a reader well under real rates, but 50 of them share one address.
SERVER_ENV = {
    "DEBUG": "0",
    "HTTPS_ONLY": "0",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "THROTTLE_ANON": "1000000/min",
    "THROTTLE_USER": "1000000/min",
    "AXES_FAILURE_LIMIT": "1000000",
    "DB_CONN_MAX_AGE": "60",
}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site(readers: int) -> dict:
    """Migrate, ingest the seeds, add readers, their circle and public annotations; the plan."""
    import django
    from django.core.management import call_command

    django.setup()
    from annotations.demo import seed_demo
    from bench.loadtest_site import build_plan, readers_in_a_circle

    steps = (
        ("migrate", lambda: call_command("migrate", interactive=False, verbosity=0)),
        ("createcachetable", lambda: call_command("createcachetable", verbosity=0)),
        ("collectstatic", collect_static),
        ("ingest --seeds", lambda: call_command("ingest", seeds=True, stdout=io.StringIO())),
        (
            f"{BACKGROUND_ANNOTATIONS} annotations",
            lambda: seed_demo(users=readers, annotations=BACKGROUND_ANNOTATIONS, seed=1),
        ),
    )
    for label, step in steps:
        started = time.monotonic()
        step()
        print(f"loadtest:   {label}: {time.monotonic() - started:.0f} s", flush=True)
    users, circle = readers_in_a_circle(readers)
    return build_plan(readers=users, circle=circle)


def collect_static() -> None:
    """`collectstatic` (pages without DEBUG need its manifest), unless it is newer than
    every static file: hashing and compressing them takes a minute on a busy machine."""
    from django.conf import settings
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [REPO / "config" / "storage.py", *(REPO / "static").rglob("*")]
    if manifest.exists() and manifest.stat().st_mtime > max(p.stat().st_mtime for p in sources):
        return
    call_command("collectstatic", interactive=False, verbosity=0)


def start_servers(count: int, run: str) -> tuple[list[str], list[subprocess.Popen]]:
    urls, processes = [], []
    for number in range(count):
        port = free_port()
        log = (RESULTS / f"{run}-gunicorn-{number + 1}.log").open("w")
        env = {
            **os.environ,
            **SERVER_ENV,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(WORKERS),
            "GUNICORN_THREADS": str(THREADS),
        }
        env.pop("GUNICORN_CMD_ARGS", None)
        processes.append(
            subprocess.Popen(
                [str(PYTHON.with_name("gunicorn")), "config.wsgi"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    for url in urls:
        wait_for(url)
    return urls, processes


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run_locust(
    *,
    hosts: list[str],
    plan_path: Path,
    users: int,
    seconds: int,
    prefix: Path,
    wait: str,
    writers: int = 0,
) -> dict:
    """Locust headless against ``hosts``; its statistics by request name (locustfile.py)."""
    stats_path = Path(f"{prefix}-stats.json")
    env = {
        **os.environ,
        "LOADTEST_PLAN": str(plan_path),
        "LOADTEST_HOSTS": ",".join(hosts),
        "LOADTEST_STATS": str(stats_path),
        "LOADTEST_WAIT": wait,
        "LOADTEST_WRITERS": str(writers or ""),
    }
    command = [
        str(PYTHON),
        "-m",
        "locust",
        "-f",
        str(REPO / "bench" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, min(users, 10))),
        "--run-time",
        f"{seconds}s",
        # A user ends the request it is in: no write lands unseen at the end.
        "--stop-timeout",
        "60",
        "--host",
        hosts[0],
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]
    with open(f"{prefix}-locust.log", "w") as log:
        subprocess.run(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, check=True)
    return json.loads(stats_path.read_text())


@dataclass
class Run:
    servers: int
    stats: dict
    rows: dict = field(default_factory=dict)  # kind -> (successes, rows written)

    @property
    def errors(self) -> int:
        return self.stats["all"]["failures"]

    @property
    def lost(self) -> int:
        """Writes answered as done whose rows are not in the database."""
        return sum(max(0, ok - rows) for ok, rows in self.rows.values())

    @property
    def unseen(self) -> int:
        """Rows no answered write accounts for (a request that failed yet wrote)."""
        return sum(max(0, rows - ok) for ok, rows in self.rows.values())


def measured_run(*, servers: int, plan_path: Path, users: int, seconds: int, wait: str) -> Run:
    from bench.loadtest_site import written_rows

    name = f"{servers}-server{'s' if servers > 1 else ''}"
    hosts, processes = start_servers(servers, name)
    try:
        before = written_rows()
        stats = run_locust(
            hosts=hosts,
            plan_path=plan_path,
            users=users,
            seconds=seconds,
            prefix=RESULTS / name,
            wait=wait,
        )
        after = written_rows()
    finally:
        stop(processes)
    run = Run(servers=servers, stats=stats)
    for kind in WRITES:
        stat = stats.get(f"write: {kind}", {"requests": 0, "failures": 0})
        run.rows[kind] = (stat["requests"] - stat["failures"], after[kind] - before[kind])
    return run


def report(two: Run, one: Run, *, users: int, seconds: int) -> str:
    kinds = sorted(name for name in two.stats if name != "all") + ["all"]
    lines = [
        f"{users} users, {seconds} s a run, gunicorn {WORKERS} workers × {THREADS} threads "
        "an instance, one PostgreSQL",
        f"{'request':<18}{'2 servers req/s':>16}{'p95':>8}{'p99':>8}{'1 server req/s':>16}"
        f"{'p95':>8}{'p99':>8}{'2/1':>7}",
    ]
    for kind in kinds:
        a, b = two.stats[kind], one.stats.get(kind)
        if b is None:
            continue
        ratio = a["rps"] / b["rps"] if b["rps"] else float("nan")
        lines.append(
            f"{kind:<18}{a['rps']:>16.1f}{a['p95']:>8.0f}{a['p99']:>8.0f}"
            f"{b['rps']:>16.1f}{b['p95']:>8.0f}{b['p99']:>8.0f}{ratio:>7.2f}"
        )
    lines.append("(times in ms)")
    for run in (two, one):
        writes = ", ".join(
            f"{kind} {ok} answered / {rows} rows" for kind, (ok, rows) in run.rows.items()
        )
        lines.append(
            f"{run.servers} server{'s' if run.servers > 1 else ''}: errors: {run.errors}, "
            f"lost writes: {run.lost}, unanswered rows: {run.unseen} ({writes})"
        )
    return "\n".join(lines)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "loadtest-only-not-a-secret")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make loadtest runs through scripts/with-postgres.sh (DATABASE_URL postgres://…)")
        return 2
    users = env_int("LOADTEST_USERS", 50)
    seconds = env_int("LOADTEST_SECONDS", 60)
    wait = os.environ.get("LOADTEST_WAIT", "2")
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"loadtest: preparing the site ({users} readers)…", flush=True)
    plan = prepare_site(users)
    plan_path = RESULTS / "plan.json"
    plan_path.write_text(json.dumps(plan))
    runs = []
    for servers in (2, 1):
        print(f"loadtest: {seconds} s against {servers} gunicorn instance(s)…", flush=True)
        runs.append(
            measured_run(
                servers=servers, plan_path=plan_path, users=users, seconds=seconds, wait=wait
            )
        )
    two, one = runs
    print(report(two, one, users=users, seconds=seconds))
    print(f"loadtest: {time.monotonic() - started:.0f} s in all; logs in {RESULTS}")
    return 1 if any(run.errors or run.lost or run.unseen for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
