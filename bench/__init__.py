"""Benchmarks: `make bench`, or `python -m bench [NAME...]` against a migrated database.

Contract for a benchmark module:

- It lives at `bench/bench_<name>.py` and exposes `run() -> dict[str, float] | None`.
- `run()` takes no arguments and may assume Django is set up (settings loaded, apps
  ready) and the database is migrated. It creates the data it needs; `make bench`
  starts every run from a fresh SQLite database at data/bench.sqlite3.
- It returns a mapping from a short label to the *median* wall time in seconds of
  that measurement (use `median_seconds` below), or None if it prints its own report.
- It stays within a minute or so on a 2-core machine and touches no network.

The runner (`bench/__main__.py`) imports the modules in name order, calls `run()`,
prints one line per label, and with `--json PATH` also writes all results as JSON.
"""

import statistics
import time
from collections.abc import Callable


def median_seconds(
    fn: Callable[[], object],
    *,
    repeat: int = 5,
    warmup: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> float:
    """Call `fn` `warmup` times untimed, then `repeat` times; return the median seconds
    (of wall-clock time; `clock=time.process_time` for this process's CPU time, the
    steadier figure on a shared machine)."""
    for _ in range(warmup):
        fn()
    timings = []
    for _ in range(repeat):
        started = clock()
        fn()
        timings.append(clock() - started)
    return statistics.median(timings)
