"""Development and demo settings: SQLite by default, keys from `.env` (written by `make env`)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

# Only development reads `.env`; production takes its settings from the real environment.
environ.Env.read_env(Path(__file__).resolve().parents[2] / ".env", overwrite=False)

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_HASH_KEY = env("FIELD_HASH_KEY", default="")
if not (SECRET_KEY and FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY, FIELD_ENCRYPTION_KEYS and FIELD_HASH_KEY are not set: run `make env` "
        "to write a .env file with fresh development keys."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
APPRODI_RELAX_SECOND_FACTOR = env.bool("APPRODI_RELAX_SECOND_FACTOR", default=False)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
