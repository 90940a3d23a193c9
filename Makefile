# Two set-up commands for a fresh machine (see README.md):
#   make run    the app on 127.0.0.1:8000 with a Celery worker and beat, on SQLite and a
#               filesystem broker (no servers needed), with demo data and one user per role
#   make test   the whole suite against PostgreSQL and Redis at their standard local addresses;
#               as root on Debian it installs what is missing (Chromium, Pango) and starts them

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint benchmark faults load clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve

# Overridable: `DATABASE_URL=postgres://… REDIS_URL=redis://… make test`.
test: export DATABASE_URL ?= postgres://elevium:elevium@127.0.0.1:5432/elevium
# Redis database 1: the suite empties its cache and purges its queues, so it keeps off database 0.
test: export REDIS_URL ?= redis://127.0.0.1:6379/1
test: $(STAMP)
	bin/test-prerequisites
	bin/local-services
	$(BIN)/pytest $(PYTEST_ARGS)

# Figures, not pass/fail: in-process evaluation (and its ratio to a JSON round-trip), 10,000 stored
# reassessments re-evaluated, the 100,000-case sweep, the worklist, then the API against a bare DRF
# view on its own gunicorn (ratios; needs wrk; drops and re-creates <database>_bench).
benchmark: export DATABASE_URL ?= postgres://elevium:elevium@127.0.0.1:5432/elevium
benchmark: export REDIS_URL ?= redis://127.0.0.1:6379/1
benchmark: $(STAMP)
	bin/local-services
	$(BIN)/python -m tests.benchmarks.bench_engine
	$(BIN)/pytest tests/benchmarks -q -s -o python_files='bench_*.py' -o python_functions='bench_*'
	$(BIN)/python -m tests.benchmarks.bench_http

# The crash and race tests alone (they run in `make test` too): PostgreSQL restarted under requests
# (a private cluster, never the shared one), Redis down, a worker killed, two users on one record.
faults: export DATABASE_URL ?= postgres://elevium:elevium@127.0.0.1:5432/elevium
faults: export REDIS_URL ?= redis://127.0.0.1:6379/1
faults: $(STAMP)
	bin/local-services
	$(BIN)/pytest -m fault

# Figures and an integrity check, not a test: 50 simulated staff for 60 s against gunicorn and a
# Celery worker (tests/load/run.py). It drops and re-creates its own database, elevium_load, and
# uses Redis database 7; override with LOAD_DATABASE_URL and LOAD_REDIS_URL.
load: $(STAMP)
	test -x $(BIN)/locust || $(BIN)/pip install --quiet -e '.[dev,load]'
	bin/local-services
	$(BIN)/python -m tests.load.run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --fail-on-warn --file /dev/null

clean:
	rm -rf $(VENV) var test-artifacts
