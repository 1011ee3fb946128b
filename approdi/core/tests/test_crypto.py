import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from approdi.core import crypto

OTHER_KEY = "HGaPFp3HxaoOYwvyNd0b447V_vOu4mMGtC5xoSPjMoM="


def test_encrypt_gives_a_token_that_decrypts_to_the_text() -> None:
    token = crypto.encrypt("Joy Okafor")
    assert token.startswith("gAAAAA")
    assert "Joy" not in token
    assert crypto.decrypt(token) == "Joy Okafor"


def test_the_same_text_encrypts_differently_each_time() -> None:
    assert crypto.encrypt("same") != crypto.encrypt("same")


def test_a_token_from_an_unknown_key_is_refused() -> None:
    token = crypto.encrypt("secret")
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[OTHER_KEY]),
        pytest.raises(crypto.DecryptionError),
    ):
        crypto.decrypt(token)


def test_a_malformed_key_is_a_configuration_error() -> None:
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]),
        pytest.raises(ImproperlyConfigured),
    ):
        crypto.encrypt("x")


def test_rotate_re_encrypts_under_the_first_key() -> None:
    old_token = crypto.encrypt("secret")
    with override_settings(
        FIELD_ENCRYPTION_KEYS=[OTHER_KEY, *crypto.settings.FIELD_ENCRYPTION_KEYS]
    ):
        new_token = crypto.rotate(old_token)
    with override_settings(FIELD_ENCRYPTION_KEYS=[OTHER_KEY]):
        assert crypto.decrypt(new_token) == "secret"
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(old_token)


def test_keyed_hash_matches_across_case_accents_and_spacing() -> None:
    assert crypto.keyed_hash("Joy  Ökafor") == crypto.keyed_hash(" joy okafor ")
    assert crypto.keyed_hash("Joy Okafor") != crypto.keyed_hash("Joy Okafora")
    assert len(crypto.keyed_hash("x")) == 64
    assert crypto.keyed_hash("   ") == ""


def test_keyed_hash_depends_on_the_key() -> None:
    first = crypto.keyed_hash("Joy Okafor")
    with override_settings(FIELD_HASH_KEY="another-key"):
        assert crypto.keyed_hash("Joy Okafor") != first


@given(st.text(max_size=200))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = crypto.normalise_for_lookup(text)
    assert crypto.normalise_for_lookup(once) == once


@given(st.text(max_size=200))
def test_any_text_round_trips(text: str) -> None:
    assert crypto.decrypt(crypto.encrypt(text)) == text
