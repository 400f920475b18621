# SIGAP: `make demo` runs the pilot demo on http://127.0.0.1:8000, `make test` runs every check.
# Needs only python3 and make; everything else is installed into .venv from PyPI.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
SHARED_DATA ?= ../shared/data
PG_URL ?= postgres://postgres@127.0.0.1:5432/sigap_ci
PYTEST_ARGS ?=

.PHONY: install native demo demo-data serve test test-pg lint format check-migrations translations bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	SIGAP_NATIVE_SKIP=1 $(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The screening engine's C accelerators, built next to their Python modules. Where no C compiler
# is found the engine runs on its Python code alone (same results, slower); where one is, a
# build error stops here.
NATIVE_STAMP := $(VENV)/.native
$(NATIVE_STAMP): $(STAMP) setup.py $(wildcard sigap/screening/native/*.c sigap/screening/native/*.h)
	@if command -v "$${CC:-cc}" > /dev/null 2>&1; then \
	  SIGAP_NATIVE_REQUIRED=1 $(PY) setup.py -q build_ext --inplace > $(VENV)/native-build.log 2>&1 \
	    || { cat $(VENV)/native-build.log; exit 1; }; \
	else echo "No C compiler: Cek Lowongan runs on its pure-Python engine (same results, slower)."; fi
	touch $@

native: $(NATIVE_STAMP)

install: $(STAMP) $(NATIVE_STAMP)
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

demo: demo-data
	$(MANAGE) collectstatic --noinput > /dev/null
	$(MANAGE) load_demo --print-logins
	@echo "SIGAP is starting on http://127.0.0.1:8000 (stop with Ctrl+C)"
	$(MANAGE) run_worker & $(MANAGE) runserver 127.0.0.1:8000 --insecure --noreload

test: install lint check-migrations translations
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# The whole suite against PostgreSQL (pytest-django creates a fresh test database).
test-pg: install
	DATABASE_URL=$(PG_URL) $(PY) -m pytest -n 2 --create-db $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

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
	$(PY) bench/screening.py

clean:
	rm -rf $(VENV) var test-artifacts build sigap/screening/_c*.so
