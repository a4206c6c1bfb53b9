"""Run the benchmarks in bench/: `python -m bench [NAME...] [--json PATH]`.

NAME selects `bench/bench_NAME.py` (default: all of them). See bench/__init__.py for
what a benchmark module must provide.
"""

import argparse
import gc
import importlib
import json
import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def discover(names: list[str]) -> list[str]:
    available = sorted(path.stem.removeprefix("bench_") for path in BENCH_DIR.glob("bench_*.py"))
    unknown = sorted(set(names) - set(available))
    if unknown:
        raise SystemExit(f"unknown benchmark(s): {', '.join(unknown)}; available: {available}")
    return [name for name in available if not names or name in names]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="NAME", help="run only bench_NAME.py")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write results as JSON")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    # As the server does once it has loaded (config/wsgi.py): what loading made is kept out
    # of the garbage collector's full passes, so that they cost what requests make.
    gc.freeze()

    names = discover(args.names)
    if not names:
        print("no benchmarks yet: add bench/bench_<name>.py with a run() function")
        return 0

    results: dict[str, dict[str, float]] = {}
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        medians = module.run() or {}
        for label, seconds in medians.items():
            print(f"{name:>12}  {label:<40} median {seconds * 1000:10.2f} ms")
        results[name] = dict(medians)

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
