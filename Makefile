# One Makefile whose targets CI also calls: `make test` is what .ci/run runs.
.DEFAULT_GOAL := help
.PHONY: help install run lint format test test-sqlite test-postgres browser-deps bench loadtest demo clean

PYTHON_SYSTEM ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Extra arguments for pytest, e.g. `make test-sqlite PYTEST_ARGS="-k ingest -x"`.
PYTEST_ARGS ?=
BENCH_DB := data/bench.sqlite3

help:
	@echo "make run            install, migrate, ingest the seed texts, serve on 127.0.0.1:8000"
	@echo "make test           lint, then the test suite on SQLite and on PostgreSQL (what CI runs)"
	@echo "make install        create .venv and install requirements.txt (only when it changed)"
	@echo "make lint           ruff check and ruff format --check"
	@echo "make format         ruff format and ruff check --fix"
	@echo "make test-sqlite    the test suite on SQLite"
	@echo "make test-postgres  the test suite (less browser tests) on a throw-away PostgreSQL"
	@echo "make browser-deps   make sure Debian's chromium is installed for browser tests"
	@echo "make bench          run the benchmarks in bench/ against a fresh SQLite database"
	@echo "make loadtest       locust: 50 readers and writers against 2 gunicorns on PostgreSQL, then 1"
	@echo "make demo           migrate, ingest the seed texts, add demo readers and annotations"
	@echo "make clean          remove .venv, data/, staticfiles/ and caches"

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: export DEBUG = 1
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py ingest --seeds
	@# The worker does queued background work (re-anchoring a large book's highlights);
	@# it stops with the server.
	$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Prerequisites run in order (no -j in CI): lint and browser-deps fail fast.
test: install lint browser-deps
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_ARGS)

# Browser tests check pages, not the database: SQLite's run covers them.
test-postgres: install
	scripts/with-postgres.sh --replica $(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

browser-deps:
	scripts/ensure-chromium.sh

bench: export DATABASE_URL = sqlite:///$(CURDIR)/$(BENCH_DB)
bench: export SECRET_KEY = bench-only-not-a-secret
bench: install
	rm -f $(BENCH_DB) $(BENCH_DB)-wal $(BENCH_DB)-shm
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py createcachetable
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) -m bench

# bench/loadtest.py: a throw-away PostgreSQL, two gunicorn instances, then one (~4 min;
# LOADTEST_SECONDS a run, LOADTEST_USERS). Not part of `make test`.
loadtest: export SECRET_KEY = loadtest-only-not-a-secret
loadtest: install
	scripts/with-postgres.sh $(PY) -m bench.loadtest

demo: export DEBUG = 1
demo: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py ingest --seeds
	$(PY) manage.py seed_demo --users 5 --annotations 300 --seed 1
	@echo "Demo ready. Start the site with 'make run', then sign in at"
	@echo "http://127.0.0.1:8000/accounts/login/ as reader1 (… reader5), password: marginalia-demo"

clean:
	rm -rf $(VENV) data staticfiles .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
