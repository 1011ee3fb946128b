# Approdi: every habit is one target. `make demo` and `make test` work on a fresh machine
# that has Python 3.11, git and make.
SHELL := /bin/bash
PYTHON ?= python3.11
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV_PY := .venv/bin/python
MANAGE := $(VENV_PY) manage.py

.PHONY: help install env demo serve test test-postgres test-browser lint format typecheck \
        migrations-check deploy-check i18n-check messages bench clean

help:
	@echo "make demo           fresh environment, demo database and data, server on :8000"
	@echo "make test           the whole test suite on SQLite (browser tests included)"
	@echo "make test-postgres  the same suite on PostgreSQL (DATABASE_URL or a throwaway cluster)"
	@echo "make lint | typecheck | bench | i18n-check | messages"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV_PY): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $(VENV_PY)

install: $(VENV_PY)
	@$(VENV_PY) scripts/compile_messages.py

env:
	@$(PYTHON) scripts/make_env.py

demo: install env
	@scripts/ensure-system-packages.sh --runtime
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo
	@echo
	@echo "Approdi is at http://127.0.0.1:8000/ (stop with Ctrl-C)"
	$(MANAGE) runserver 127.0.0.1:8000

serve: install env
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	@scripts/ensure-system-packages.sh
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

test-postgres: install
	@scripts/ensure-system-packages.sh
	scripts/with-postgres.sh $(VENV_PY) -m pytest $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

typecheck: install
	.venv/bin/mypy approdi

migrations-check: install
	DJANGO_SETTINGS_MODULE=approdi.settings.test $(MANAGE) makemigrations --check --dry-run

deploy-check: install
	scripts/deploy-check.sh

i18n-check: install
	$(VENV_PY) scripts/check_messages.py

messages: install
	DJANGO_SETTINGS_MODULE=approdi.settings.test $(MANAGE) makemessages -l it --no-obsolete --ignore=.venv --ignore=.tools --ignore=staticfiles --ignore=tests --ignore=test-results --no-location
	@$(VENV_PY) scripts/compile_messages.py

bench: install
	$(VENV_PY) bench/run.py

clean:
	rm -rf .venv .tools staticfiles test-results
