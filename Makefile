# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run setup test lint format e2e benchmark worker clean messages lock upgrade replica

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Exactly the locked versions (hashes checked), then the project itself; again only when the
# lock or pyproject.toml changes. `make upgrade` moves the lock (see README "Reproducible installs").
$(VENV)/.installed: requirements/test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Migrate, load the administrative units (today's and the pre-2025 ones with the old -> new
# mapping) and create the demo once. Re-running never changes data a person has changed.
setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_admin_units --legacy
	$(BIN)/python manage.py seed_demo

# The site and its task worker (bulk issue, search indexing) together; one Ctrl-C stops both.
# Certificates and slips carry this address in their QR codes unless LMS_PUBLIC_BASE_URL is set.
run: export LMS_PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
run: setup
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Browser tests: Debian's Chromium (apt-get install chromium) driven by Playwright for Python;
# axe-core from the npm registry into e2e/node_modules. Screenshots land in var/e2e/.
e2e: install
	$(BIN)/python -m pip install -q --require-hashes -r requirements/e2e.txt
	cd e2e && npm ci --no-audit --no-fund --silent
	$(BIN)/python -m pytest e2e -p no:django -o addopts="" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/python manage.py db_worker

benchmark: install
	$(BIN)/python manage.py benchmark

# A streaming read replica of the local PostgreSQL on 127.0.0.1:5433 (pg_basebackup -R), for
# REPLICA_DATABASE_URL: `make replica`, `make replica CMD=status|stop|destroy`.
replica:
	tools/replica.sh $(or $(CMD),start)

# Recompile the locks from pyproject.toml: `make lock` keeps every pinned version that still
# fits, `make upgrade` moves everything to the newest versions the ranges allow.
PIP_COMPILE = $(BIN)/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock upgrade: install
	$(BIN)/python -m pip install -q pip-tools
	$(PIP_COMPILE) $(if $(filter upgrade,$@),--upgrade) --extra test -o requirements/test.txt pyproject.toml
	$(PIP_COMPILE) $(if $(filter upgrade,$@),--upgrade) --extra test --extra e2e -o requirements/e2e.txt pyproject.toml

clean:
	rm -rf var/db.sqlite3 var/media var/static

# Refresh the English catalogue from the code and the dictionaries in locale/en/*.json, and
# compile the Vietnamese catalogue of the admin's own strings (locale/vi, edited by hand).
messages: install
	$(BIN)/python manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=node_modules --no-obsolete
	$(BIN)/python tools/po_fill.py locale/en/LC_MESSAGES/django.po locale/en/*.json
	msgfmt -o locale/en/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.po
	for d in django djangojs; do msgfmt --check -o locale/vi/LC_MESSAGES/$$d.mo locale/vi/LC_MESSAGES/$$d.po; done

# Regenerate the committed OpenAPI schema of /api/v1/ (tests/api/test_schema.py compares them).
api-schema: install
	$(BIN)/python manage.py api_schema
