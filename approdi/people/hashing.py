"""Keyed hashes of a person's identity, for finding the same person on encrypted data.

Only the hashes are stored (HMAC-SHA256 under `FIELD_HASH_KEY`, `core.crypto.keyed_hash`);
the clear values never leave the encrypted columns. What is folded before hashing:

- names: case, accents, spacing, apostrophes, hyphens, and the order of the name tokens
  ("Okafor Joy" written as given and family name the other way round still matches);
- phone: everything but digits; an international prefix written as `+` or `00`; Italy's
  prefix (`+39`, `0039`) dropped, so `+39 333-123 4567` and `3331234567` match.
"""

import datetime
import re

from approdi.core.crypto import keyed_hash, normalise_for_lookup

# Which field of `Person` holds which hash (anonymisation blanks them all).
HASH_FIELDS = ("identity_hash", "names_hash", "phone_hash")

ITALY_PREFIX = "0039"
MIN_PHONE_DIGITS = 6


def name_tokens(given_names: str, family_name: str) -> list[str]:
    """The normalised name tokens, sorted: the order in which they were written is lost."""
    folded = normalise_for_lookup(f"{given_names} {family_name}")
    folded = re.sub(r"['\u2019\u02bc`]", "", folded)  # O'Brien, O’Brien, OBrien
    return sorted(token for token in re.split(r"[^\w]+", folded) if token)


def identity_hash_of(
    given_names: str,
    family_name: str,
    birth_date: datetime.date | None,
    nationality: str = "",
) -> str:
    """Names (any order) + birth date + nationality. Without a name or a birth date: none."""
    tokens = name_tokens(given_names, family_name)
    if not tokens or birth_date is None:
        return ""
    return keyed_hash(f"{' '.join(tokens)}|{birth_date.isoformat()}|{nationality.strip().upper()}")


def names_hash_of(given_names: str, family_name: str) -> str:
    """Names only, for a weaker "possible" match. One name alone is too common: none."""
    tokens = name_tokens(given_names, family_name)
    if len(tokens) < 2:
        return ""
    return keyed_hash(f"names|{' '.join(tokens)}")


def normalise_phone(phone: str) -> str:
    """Digits only, international prefix as `00`, Italy's prefix dropped."""
    text = phone.strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        digits = "00" + digits
    if digits.startswith(ITALY_PREFIX):
        digits = digits[len(ITALY_PREFIX) :]
    return digits


def phone_hash_of(phone: str) -> str:
    digits = normalise_phone(phone)
    if len(digits) < MIN_PHONE_DIGITS:
        return ""
    return keyed_hash(f"phone|{digits}")


def hashes_of(
    *,
    given_names: str,
    family_name: str,
    birth_date: datetime.date | None,
    nationality: str,
    phone: str,
) -> dict[str, str]:
    """The values of HASH_FIELDS for these identity values."""
    return {
        "identity_hash": identity_hash_of(given_names, family_name, birth_date, nationality),
        "names_hash": names_hash_of(given_names, family_name),
        "phone_hash": phone_hash_of(phone),
    }
