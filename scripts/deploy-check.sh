#!/usr/bin/env bash
# `check --deploy` with production settings and throwaway secrets: must print no warning.
set -euo pipefail
export DJANGO_SETTINGS_MODULE=approdi.settings.production
export SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(64))')"
export FIELD_ENCRYPTION_KEYS="$(.venv/bin/python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')"
export FIELD_HASH_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')"
export ALLOWED_HOSTS="approdi.example.org"
# A shared cache, as production needs for the limit on duplicate lookups (people.W001);
# nothing connects to it during the check.
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export DATABASE_URL="${DATABASE_URL:-sqlite:////tmp/approdi-deploy-check.sqlite3}"
.venv/bin/python manage.py check --deploy --fail-level WARNING
