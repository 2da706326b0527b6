# Gebiedsschool — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in e-mails, the certificate's URL and QR point here; set SITE_URL to override.
SITE_URL ?= http://127.0.0.1:$(PORT)
STAMP := $(VENV)/.installed
# npm ci writes this file: node_modules is up to date with package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: run test install migrate content lint format messages assets clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

## The Node devDependencies (the Nu HTML Checker, Lighthouse, the asset build) when npm is there;
## `make run` works without them, the HTML test and bench/web_checks.py need them.
$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: skipping node_modules (the HTML checks need it; see docs/web-checks.md)"; fi

install: $(STAMP) $(NODE_STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py load_programme
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py load_example_sellers

## Create the virtualenv, install, migrate, load the programme content and serve on PORT.
run: content
	@echo "Serving Gebiedsschool on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/beheer/; links: $(SITE_URL))"
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py run_scheduled & SCHED=$$!; \
	trap 'kill $$SCHED 2>/dev/null' EXIT INT TERM; \
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

## The whole suite, with lint and format checks and the migrations check. pytest-xdist runs
## one worker per core; the migrations run once and every worker tests on a clone
## (tests/dbsetup.py). PYTEST_ARGS="-n 0" runs it in one process.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=lms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Rebuild the committed front-end files (static/vendor/nlds/nlds.css, tests/e2e/vendor/axe.min.js)
## from package.json/package-lock.json. Needs Node and npm; `make run` and `make test` do not.
assets:
	npm ci --ignore-scripts --no-audit --no-fund
	node assets/build.mjs

## Regenerate and compile the translation catalogues (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l nl -l en --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
