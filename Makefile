# The two commands: `make run` serves the demo event, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
# Where the links in emails point: the address `make run` serves on, unless PUBLIC_URL is set.
PUBLIC_HOST := $(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST))
PUBLIC_URL ?= http://$(PUBLIC_HOST):$(PORT)
export FLASK_APP := wsgi

.PHONY: run test install db demo messages clean

# Alongside the web server, a small loop releases the places of registrations not confirmed
# in time (and writes the emails that follow); it stops with the server.
run: install db demo
	@$(BIN)/flask registrations expire --every 60 & jobs=$$!; \
	trap 'kill $$jobs 2>/dev/null' EXIT INT TERM; \
	PUBLIC_URL="$(PUBLIC_URL)" $(BIN)/flask run --host $(HOST) --port $(PORT)

# The import contracts of .importlinter (the layers, no cycles), then the whole suite.
test: install
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest $(PYTEST_ARGS)

# Compiled catalogues (.mo) are built from the translations (.po), never committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard eventapp/translations/*/LC_MESSAGES/messages.po))

install: $(STAMP) $(CATALOGUES)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

eventapp/translations/%/LC_MESSAGES/messages.mo: eventapp/translations/%/LC_MESSAGES/messages.po | $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@ -l $*

# Apply every migration to the database (SQLite in instance/ unless DATABASE_URL is set).
db: install
	$(BIN)/flask db upgrade

# Load the demo workshop, with 60 registered attendees, unless the database already holds an event.
demo: install
	$(BIN)/flask demo load --if-empty --attendees 60

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache

# Extract every translatable string for translators, and add the new ones to each language's
# catalogue (eventapp/translations/<lang>/LC_MESSAGES/messages.po) to be translated there.
messages: install
	mkdir -p eventapp/translations
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --project eventapp -o eventapp/translations/messages.pot .
	$(BIN)/pybabel update -i eventapp/translations/messages.pot -d eventapp/translations --no-fuzzy-matching --ignore-obsolete

# Benchmarks (never part of `make test`): results in bench/results/latest.md and .json.
# PostgreSQL from BENCH_DATABASE_URL (default: postgres@127.0.0.1:5432), Redis if it answers;
# `BENCH_ARGS="--only pages"` runs a part. See docs/performance.md.
.PHONY: bench
bench: install
	@$(BIN)/python -c "import gunicorn" 2>/dev/null || { \
		echo "gunicorn is not installed in $(VENV): it belongs in pyproject.toml's dependencies"; exit 1; }
	$(BIN)/python -m bench $(BENCH_ARGS)
