"""The same person written differently gives the same keyed hash; another person does not."""

import datetime

import pytest
from django.test import override_settings

from approdi.people.hashing import (
    identity_hash_of,
    names_hash_of,
    normalise_phone,
    phone_hash_of,
)

BORN = datetime.date(1998, 4, 2)


@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Joy", "Okafor"),
        ("JOY", "okafor"),
        ("  joy ", " Okáfor  "),
        ("Okafor", "Joy"),  # given and family name the other way round
        ("", "Okafor Joy"),  # all in one field
        ("Jöy", "O'kafor"),
        ("Joy", "O’kafor"),
    ],
)
def test_identity_hash_ignores_case_accents_spacing_and_order(given: str, family: str) -> None:
    assert identity_hash_of(given, family, BORN, "ng") == identity_hash_of(
        "Joy", "Okafor", BORN, "NG"
    )


def test_a_hyphen_separates_names() -> None:
    assert names_hash_of("Mary-Jane", "Okafor") == names_hash_of("Mary Jane", "Okafor")
    assert names_hash_of("Mary-Jane", "Okafor") != names_hash_of("Maryjane", "Okafor")


def test_identity_hash_changes_with_birth_date_and_nationality() -> None:
    joy = identity_hash_of("Joy", "Okafor", BORN, "NG")
    assert identity_hash_of("Joy", "Okafor", datetime.date(1998, 4, 3), "NG") != joy
    assert identity_hash_of("Joy", "Okafor", BORN, "GH") != joy
    assert identity_hash_of("Joy", "Okafor", BORN, "") != joy
    assert identity_hash_of("Joy", "Okafora", BORN, "NG") != joy


def test_no_identity_hash_without_a_name_or_a_birth_date() -> None:
    assert identity_hash_of("", "", BORN, "NG") == ""
    assert identity_hash_of("Joy", "Okafor", None, "NG") == ""


def test_names_hash_ignores_birth_date_but_needs_two_names() -> None:
    assert names_hash_of("Joy", "Okafor") == names_hash_of("okafor", "JOY")
    assert names_hash_of("Joy", "Okafor") != names_hash_of("Joy", "Okoro")
    assert names_hash_of("Joy", "") == ""
    # The names hash is not the identity hash of someone without a birth date.
    assert names_hash_of("Joy", "Okafor") != identity_hash_of("Joy", "Okafor", BORN, "")


@pytest.mark.parametrize(
    "written",
    ["+39 333 123 4567", "0039 333-123-4567", "333 1234567", "(333) 123.45.67", "+393331234567"],
)
def test_phone_variants_normalise_to_the_same_digits(written: str) -> None:
    assert normalise_phone(written) == "3331234567"
    assert phone_hash_of(written) == phone_hash_of("3331234567")


def test_foreign_prefixes_are_kept_and_differ() -> None:
    assert normalise_phone("+234 803 555 0101") == "002348035550101"
    assert normalise_phone("00234 803 555 0101") == "002348035550101"
    assert phone_hash_of("+234 803 555 0101") != phone_hash_of("803 555 0101")
    assert phone_hash_of("3331234567") != phone_hash_of("3331234568")


def test_too_short_a_phone_has_no_hash() -> None:
    assert phone_hash_of("112") == ""
    assert phone_hash_of("") == ""


def test_the_hash_depends_on_the_key() -> None:
    joy = identity_hash_of("Joy", "Okafor", BORN, "NG")
    with override_settings(FIELD_HASH_KEY="another-key-for-the-test"):
        assert identity_hash_of("Joy", "Okafor", BORN, "NG") != joy
    assert len(joy) == 64 and "okafor" not in joy
