# War Room: two commands a new user types.
#   make run    install everything, build the data from WARROOM_SOURCE_DIR, start the app
#   make test   install everything and run the whole test suite (what CI runs)
#   make check  lint and the tests that need no browser and no server: the fast loop
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install browser postgres pdf servers build run test check lint bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed vendor/leaflet/leaflet.js vendor/plotly/plotly-warroom.min.js

# Leaflet for the offline HTML map export (npm's leaflet, or Debian's libjs-leaflet)
vendor/leaflet/leaflet.js:
	./scripts/install-leaflet.sh vendor/leaflet

# The Plotly bundle served to browsers: only the traces the pages draw (npm's plotly.js)
vendor/plotly/plotly-warroom.min.js:
	./scripts/install-plotly.sh vendor/plotly

browser:
	./scripts/install-browser.sh

postgres:
	./scripts/install-postgres.sh

pdf:
	./scripts/install-pdf.sh

servers:
	./scripts/install-servers.sh

build: install
	$(VENV)/bin/warroom build

run: build pdf
	$(VENV)/bin/warroom serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Every test, on every core: a test file's tests stay on one worker (their Chromium, servers
# and store start once), and the slowest 30 are listed so that CI's time can be watched.
test: install browser postgres pdf servers lint
	$(VENV)/bin/pytest -n auto --dist loadfile --durations=30

# The lint of `make test` and its tests not marked browser, servers or slow (pyproject.toml),
# on every core (pytest-xdist; an idle worker steals queued tests: 113 s against 122 s for
# --dist loadfile on 2 cores, as module fixtures are cheap beside an unbalanced split)
check: lint
	$(VENV)/bin/pytest -q -n auto --dist worksteal -m "not browser and not servers and not slow"

bench: build
	$(PY) benchmarks/map_payload.py
	$(PY) benchmarks/explore_payload.py

clean:
	rm -rf build
