# Samskap — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || ls -1 $$HOME/.pyenv/versions/3.12*/bin/python3 2>/dev/null | tail -n 1 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install assets migrate seed demo serve test test-fast lint fmt check-deploy messages clean

install: $(VENV)/.installed assets ## Create .venv with the `samskap` command and front-end assets

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json ## Copy Designsystemet, Inter, htmx and axe into static/vendor
	./scripts/copy-assets.sh

migrate: install
	$(BIN)/samskap migrate --noinput

seed: migrate
	$(BIN)/samskap seed --region demo

demo: seed ## Install, migrate, seed the demo region and serve http://127.0.0.1:8000
	@echo "Samskap kjører på http://$(HOST):$(PORT)/ (Ctrl+C for å stoppe)"
	$(BIN)/samskap runserver $(HOST):$(PORT)

test: install ## The whole suite: unit, PostgreSQL integration and Chromium browser tests
	./scripts/with-postgres.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	./scripts/with-postgres.sh $(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check samskap tests
	$(BIN)/samskap makemigrations --check --dry-run

check-deploy: install
	DJANGO_SETTINGS_MODULE=samskap.config.settings.production \
	SECRET_KEY=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(60))') \
	DATABASE_URL=postgres://samskap@localhost/samskap ALLOWED_HOSTS=samskap.example \
	$(BIN)/python -m django check --deploy --fail-level WARNING

messages: install
	cd samskap && ../$(BIN)/samskap makemessages -l nn -l en --no-obsolete --ignore 'static/*'
	cd samskap && ../$(BIN)/samskap compilemessages

clean:
	rm -rf $(VENV) node_modules samskap/static/vendor var staticfiles
