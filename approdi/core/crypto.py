"""Field encryption (MultiFernet) and keyed hashes for lookups on encrypted values.

Keys come from settings read at call time, never at import time, so that a key rotation
or a test can change them.
"""

import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold Fernet keys (32 url-safe base64 bytes)."
        ) from exc


def current_fernet() -> MultiFernet:
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return current_fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return current_fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (it may have been made with an older one)."""
    try:
        return current_fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError(
            "A stored value cannot be decrypted with the configured keys."
        ) from exc


def normalise_for_lookup(value: str) -> str:
    """Fold case, accents and spacing so that 'Joy  Ökafor' and 'joy okafor' match."""
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(without_marks.casefold().split())


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of the normalised value, hex. Empty input has no hash."""
    key = settings.FIELD_HASH_KEY
    if not key:
        raise ImproperlyConfigured("FIELD_HASH_KEY is empty.")
    normalised = normalise_for_lookup(value)
    if not normalised:
        return ""
    return hmac.new(key.encode("utf-8"), normalised.encode("utf-8"), hashlib.sha256).hexdigest()
