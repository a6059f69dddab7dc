# Monitor: `make run` sets everything up and serves the app; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-test translations extract-messages chromium bandit db demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: install
	$(BIN)/pybabel compile --use-fuzzy -d monitor/translations 2>&1 | grep -v '^compiling catalog' || true

# For developers: collect new messages into the catalogs (then translate them).
extract-messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l --ignore-dirs ".* __pycache__ instance" -o monitor/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i monitor/translations/messages.pot -d monitor/translations --no-fuzzy-matching

db: install translations
	$(FLASK) db upgrade

demo: db
	$(FLASK) seed-demo --if-empty

run: demo
	@echo; cat instance/demo_logins.txt 2>/dev/null || true
	@echo; echo "Monitor is at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"; echo
	$(FLASK) run --host $(HOST) --port $(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; fi; \
	fi

bandit: install-test
	$(BIN)/bandit --quiet --recursive monitor --severity-level high --confidence-level medium

test: install-test translations chromium bandit
	$(BIN)/pytest
