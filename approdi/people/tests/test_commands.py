"""`recompute_person_hashes`: after a change of FIELD_HASH_KEY the lookup works again."""

from collections.abc import Callable
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from approdi.accounts.models import Organisation, User
from approdi.people.hashing import HASH_FIELDS
from approdi.people.models import Person
from approdi.people.selectors import person_duplicate_candidates

from .conftest import JOY


def hashes(person: Person) -> dict[str, str]:
    return dict(Person.objects.filter(pk=person.pk).values(*HASH_FIELDS).get())


def run() -> str:
    out = StringIO()
    call_command("recompute_person_hashes", stdout=out)
    return out.getvalue()


def test_a_new_hash_key_is_applied_to_every_row(
    joy_b: Person, partner_a: Organisation, coordinator: User, make_person: Callable[..., Person]
) -> None:
    nameless = make_person(partner_a)
    before = hashes(joy_b)
    history = joy_b.history.count()
    with override_settings(FIELD_HASH_KEY="a-new-hash-key-after-rotation"):
        assert person_duplicate_candidates(user=coordinator, phone=JOY["phone"]) == []
        assert run() == "people: 1 rows with new hashes\n"
        after = hashes(joy_b)
        assert all(after[f] and after[f] != before[f] for f in HASH_FIELDS)
        assert hashes(nameless) == dict.fromkeys(HASH_FIELDS, "")
        (found,) = person_duplicate_candidates(user=coordinator, phone=JOY["phone"])
        assert found.person == joy_b
        assert run() == "people: 0 rows with new hashes\n"
    assert joy_b.history.count() == history  # no new version for a recomputed hash


def test_missing_hashes_are_filled_in(joy_b: Person) -> None:
    before = hashes(joy_b)
    Person.objects.filter(pk=joy_b.pk).update(**dict.fromkeys(HASH_FIELDS, ""))
    assert run() == "people: 1 rows with new hashes\n"
    assert hashes(joy_b) == before
