"""Settings for the test suite: fixed throwaway keys, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
# A well-formed Fernet key used only by the tests.
FIELD_ENCRYPTION_KEYS = ["JI1_JZYi1mVGp4fFYgtwB-DOEnILPSf2g404AJEES-A="]
FIELD_HASH_KEY = "test-hash-key-not-for-production"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
APPRODI_RELAX_SECOND_FACTOR = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Argon2 still, with a small memory cost so that the suite stays quick.
PASSWORD_HASHERS = ["approdi.accounts.hashers.FastArgon2PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# SQLite: the test database is a file (db.sqlite3-test), not Django's shared-cache
# in-memory database. Shared-cache connections fail at once with "database table is
# locked" instead of queueing on the busy timeout, and the concurrency tests
# (approdi/shelters/tests/test_concurrency.py) run threads with a connection each, as
# gunicorn's workers would.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "db.sqlite3-test")}
