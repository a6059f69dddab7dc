# Monitor: `make run` sets everything up and serves the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-fast lint typecheck install install-test install-bench translations extract-messages chromium bandit layers db demo bench bench-postgresql

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d monitor/translations 2>&1 | grep -v '^compiling catalog' || true

# For developers: collect new messages into the catalogs (then translate them).
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 --ignore-dirs ".* __pycache__ instance" -o monitor/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i monitor/translations/messages.pot -d monitor/translations --no-fuzzy-matching

db: install translations
	@MONITOR_QUIET_MIGRATIONS=1 $(FLASK) db upgrade

# The demo logins are printed once, from the file seed-demo keeps them in (instance/, not in git).
demo: db
	@$(FLASK) seed-demo --if-empty > /dev/null
	@echo; cat instance/demo_logins.txt 2>/dev/null || true

# The job queue's worker (imports, exports, the nightly retention) runs beside the server, on a
# SQLite file in instance/ (no other service), and stops with it.
run: demo
	@echo; echo "Monitor is at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"; echo
	@$(FLASK) worker --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; fi; \
	fi

bandit: install-test
	$(BIN)/bandit --quiet --recursive monitor --severity-level high --confidence-level medium

# The one-way layers and the pure rule modules (contracts in pyproject.toml, [tool.importlinter]).
layers: install-test
	$(BIN)/lint-imports

# House rules the code can check: ruff's rules and formatting, strict types on the pure modules.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

test: install-test translations chromium bandit layers lint typecheck
	$(BIN)/pytest

# The same without the tests marked slow (the 20,000-row import, the fuzzing of every route).
test-fast: install-test translations chromium bandit layers lint typecheck
	$(BIN)/pytest -m "not slow"

# Benchmarks (not part of the tests; about 20 minutes each): page ratios at 5,000 and 500,000
# children, export ratios, a 20,000-row import and the Locust load test. Figures in bench/results/.
bench: install-bench translations
	$(BIN)/python bench/scale.py --small 5000 --large 500000 --repeats 7 --reuse
	$(BIN)/python bench/export.py --db bench/results/scale-500000.db
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/load.py --database sqlite

bench-postgresql: install-bench translations
	$(BIN)/python bench/scale.py --database postgresql --small 5000 --large 500000 --repeats 7 --reuse
	$(BIN)/python bench/imports.py --database postgresql
	$(BIN)/python bench/load.py --database postgresql
