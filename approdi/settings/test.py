"""Settings for the test suite: fixed throwaway keys, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import STORAGES

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
