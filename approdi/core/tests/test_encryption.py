"""Identity values are ciphertext in the table and its history table, and survive rotation."""

import datetime

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from approdi.accounts.models import Organisation
from approdi.core.crypto import DecryptionError
from approdi.people.models import Person
from approdi.people.services import person_create

OLD_KEY = "JI1_JZYi1mVGp4fFYgtwB-DOEnILPSf2g404AJEES-A="
NEW_KEY = "HGaPFp3HxaoOYwvyNd0b447V_vOu4mMGtC5xoSPjMoM="


def raw_rows(table: str, columns: list[str]) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1")  # noqa: S608
        return cursor.fetchall()


@pytest.fixture
def person(partner_a: Organisation) -> Person:
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        return person_create(
            acting_user=None,
            code="MI-2019-0001",
            organisation=partner_a,
            gender="woman",
            identity={
                "given_names": "Joy",
                "family_name": "Okafor",
                "birth_date": datetime.date(1998, 4, 2),
                "phone": "+39 333 1234567",
            },
        )


def test_identity_is_ciphertext_in_the_table_and_the_history_table(person: Person) -> None:
    columns = ["given_names", "family_name", "birth_date", "phone", "aliases"]
    for table in ("people_person", "people_historicalperson"):
        (row,) = raw_rows(table, columns)
        given, family, birth, phone, aliases = row
        for token in (given, family, birth, phone):
            assert token.startswith("gAAAAA")
        assert "Joy" not in given and "Okafor" not in family
        assert "1998" not in birth and "1234567" not in phone
        assert aliases == ""  # empty stays empty, so "not given" needs no key


def test_the_model_reads_the_plain_values_back(person: Person) -> None:
    fresh = Person.objects.get(pk=person.pk)
    assert (fresh.given_names, fresh.family_name) == ("Joy", "Okafor")
    assert fresh.birth_date == datetime.date(1998, 4, 2)
    historical = person.history.get()
    assert historical.phone == "+39 333 1234567"


def test_encrypted_fields_cannot_be_searched(person: Person) -> None:
    with pytest.raises(FieldError):
        list(Person.objects.filter(family_name="Okafor"))


def test_identity_hash_finds_the_same_person_written_differently(person: Person) -> None:
    from approdi.people.services import identity_hash_of

    assert person.identity_hash == identity_hash_of("JOY", "okáfor ", datetime.date(1998, 4, 2))
    assert person.identity_hash != identity_hash_of("Joy", "Okafor", datetime.date(1998, 4, 3))


def test_rotation_re_encrypts_table_and_history_under_the_new_key(person: Person) -> None:
    columns = ["given_names", "family_name", "birth_date", "phone"]
    before = {t: raw_rows(t, columns) for t in ("people_person", "people_historicalperson")}

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    after = {t: raw_rows(t, columns) for t in before}
    for table in before:
        assert all(a != b for a, b in zip(after[table][0], before[table][0], strict=True))
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        fresh = Person.objects.get(pk=person.pk)
        assert (fresh.given_names, fresh.family_name, fresh.phone) == (
            "Joy",
            "Okafor",
            "+39 333 1234567",
        )
        assert fresh.birth_date == datetime.date(1998, 4, 2)
        assert person.history.get().given_names == "Joy"
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]), pytest.raises(DecryptionError):
        Person.objects.get(pk=person.pk)


def test_rotation_without_the_old_key_stops_with_a_clear_error(person: Person) -> None:
    from django.core.management.base import CommandError

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(CommandError) as info:
        call_command("rotate_encryption_keys")
    assert "keep every old key" in str(info.value)
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        assert Person.objects.get(pk=person.pk).given_names == "Joy"
