# SIGAP: `make demo` runs the pilot demo on http://127.0.0.1:8000 (make demo PORT=8123: another
# port), `make test` runs every check.
# Needs only python3 and make; everything else is installed into .venv from PyPI.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
SHARED_DATA ?= ../shared/data
PG_URL ?= postgres://postgres@127.0.0.1:5432/sigap_ci
PYTEST_ARGS ?=
PORT ?= 8000

.PHONY: install demo demo-data serve test test-pg test-rq lint format check-migrations translations bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	$(MANAGE) translations --compile > /dev/null
	$(MAKE) --no-print-directory model

include make/*.mk

demo-data: install
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable
	$(MANAGE) import_areas
	@if [ -d $(SHARED_DATA)/boundaries/geojson ]; then \
	  for f in $(SHARED_DATA)/boundaries/geojson/*.geojson; do $(MANAGE) import_boundaries "$$f" || exit 1; done; \
	else echo "No boundary files at $(SHARED_DATA): maps stay off, tables still work."; fi
	$(MANAGE) load_demo

# The demo talks to the channel simulator (/kanal/simulator/) instead of Meta, Telegram or an
# SMS gateway: the worker sends through it to this same server.
demo: export SIGAP_CHANNEL_SIMULATOR ?= true
demo: export SIGAP_BASE_URL ?= http://127.0.0.1:$(PORT)
demo: demo-data
	$(MANAGE) collectstatic --noinput > /dev/null
	$(MANAGE) load_demo --print-logins --port $(PORT)
	@echo "SIGAP is starting on http://127.0.0.1:$(PORT) (stop with Ctrl+C)"
	$(MANAGE) run_worker & $(MANAGE) runserver 127.0.0.1:$(PORT) --insecure --noreload

test: install lint check-migrations translations
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# The whole suite against PostgreSQL (pytest-django creates a fresh test database).
test-pg: install
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 --create-db $(PYTEST_ARGS)

# The background tasks on RQ (SIGAP_TASKS_BACKEND=rq) against the Redis on 127.0.0.1:6379
# (database 14, emptied), on SQLite and on PostgreSQL. The suite runs them too when Redis
# answers; this target runs them on their own and fails if Redis does not answer.
test-rq: install
	$(PY) -c "import socket; socket.create_connection(('127.0.0.1', 6379), 2).close()"
	$(PY) -m pytest -p no:xdist -q tests/tasks/test_rq.py
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -p no:xdist -q --create-db tests/tasks/test_rq.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run

translations: $(STAMP)
	$(MANAGE) translations --check

bench: install
	$(PY) bench/areas.py
	$(PY) bench/programme.py
	$(PY) bench/intake.py
	$(PY) bench/tasks.py
	$(PY) bench/screening.py
	$(PY) bench/channels.py

clean:
	rm -rf $(VENV) var test-artifacts build
