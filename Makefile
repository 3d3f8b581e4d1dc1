# Essaim — the two commands: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install install-dev system-run-deps system-test-deps lint format serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-base: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements/dev.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed-base

install-dev: $(VENV)/.installed-dev

## make run: install, migrate, load the geography and the demo data, serve on http://127.0.0.1:$(PORT)
## (gunicorn, and the background worker next to it)
run: install system-run-deps
	$(BIN)/essaim migrate --noinput
	$(BIN)/essaim load_territories
	$(BIN)/essaim load_demo
	$(BIN)/essaim create_demo_accounts
	$(BIN)/essaim load_demo_selection
	$(BIN)/essaim load_demo_contributions
	$(BIN)/essaim collectstatic --noinput --verbosity 0
	@echo "Essaim est servi sur http://127.0.0.1:$(PORT)/ (Ctrl+C pour arrêter)"
	PORT=$(PORT) bash scripts/serve.sh

## make test: quality checks, then the whole suite on SQLite (with browser tests) and on PostgreSQL
test: install-dev system-test-deps var/test-tools/node_modules/axe-core/axe.min.js
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/essaim makemigrations --check --dry-run
	bash scripts/test.sh

# Debian packages the application needs at run time: Pango, HarfBuzz's font subsetter and a font
# for WeasyPrint (PDF), Cairo for CairoSVG (PNG charts).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libcairo2 fonts-dejavu-core
# Shell snippets: add the packages of RUN_DEBS that are not installed to $$missing; install $$missing.
RUN_DEBS_MISSING = for package in $(RUN_DEBS); do \
		dpkg-query -W -f='$${db:Status-Status}' $$package 2>/dev/null | grep -qx installed || missing="$$missing $$package"; \
	done
APT_INSTALL_MISSING = if [ -n "$$missing" ]; then \
		echo "Installation des paquets Debian :$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

system-run-deps:
	@missing=""; \
	$(RUN_DEBS_MISSING); \
	$(APT_INSTALL_MISSING)

# Debian packages the suite needs: those of run time, Chromium for browser tests, PostgreSQL 15 for
# server mode (one apt-get for all).
system-test-deps:
	@missing=""; \
	$(RUN_DEBS_MISSING); \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/lib/postgresql/15/bin/initdb ] || missing="$$missing postgresql"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	$(APT_INSTALL_MISSING)

# axe-core (accessibility rules) for the browser tests, from the npm registry, pinned, no lock file.
var/test-tools/node_modules/axe-core/axe.min.js:
	mkdir -p var/test-tools
	npm install --prefix var/test-tools --no-save --no-package-lock --no-audit --no-fund --loglevel=error axe-core@4.14.1

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python bench/territories_load.py

# Search at 100k and 1M initiatives: embedded, PostgreSQL 15 (temporary cluster), bare Tantivy.
.PHONY: bench-search bench-search-http
bench-search: install
	@missing=""; [ -x /usr/lib/postgresql/15/bin/initdb ] || missing="postgresql"; \
	$(APT_INSTALL_MISSING)
	$(BIN)/python bench/search.py

# The search page over HTTP at 100k initiatives: gunicorn (2 workers) loaded by Debian's wrk.
bench-search-http: install system-run-deps
	@missing=""; command -v wrk >/dev/null || missing="wrk"; \
	$(APT_INSTALL_MISSING)
	$(BIN)/python bench/search_http.py

clean:
	rm -rf $(VENV) var
