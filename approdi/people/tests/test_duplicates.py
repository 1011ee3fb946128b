"""Looking for the same person before recording one: on keyed hashes of encrypted data,
with the user's scope deciding what they learn about a match."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.crypto import decrypt
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.choices import DuplicateStatus, MatchReason
from approdi.people.hashing import hashes_of
from approdi.people.models import Person, PossibleDuplicate
from approdi.people.selectors import person_duplicate_candidates
from approdi.people.services import DuplicateDecisionNeeded, person_resolve_or_create

from .conftest import JOY

BORN = JOY["birth_date"]


def lookup(user: User, **values: object) -> list[tuple[str | None, tuple[str, ...]]]:
    """(code or None when out of scope, reasons) of each candidate."""
    found = person_duplicate_candidates(user=user, **values)  # type: ignore[arg-type]
    return [(c.person.code if c.person else None, tuple(c.reasons)) for c in found]


def test_hashes_are_stored_and_the_identity_is_ciphertext(joy_b: Person) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT given_names, family_name, birth_date, phone, identity_hash, names_hash,"
            " phone_hash FROM people_person WHERE id = %s",
            [joy_b.pk],
        )
        given, family, birth, phone, identity, names, phone_hash = cursor.fetchone()
    # Fernet tokens of exactly the values (a substring search for "joy" in random
    # base64 was flaky: the ciphertext may spell it by chance).
    for token in (given, family, birth, phone):
        assert token.startswith("gAAAAA")
    assert [decrypt(t) for t in (given, family, birth, phone)] == [
        "Joy",
        "Okafor",
        "1998-04-02",
        "+39 333 123 4567",
    ]
    # The keyed hashes of the normalised values, not the values.
    assert {"identity_hash": identity, "names_hash": names, "phone_hash": phone_hash} == (
        hashes_of(nationality="NG", **JOY)  # type: ignore[arg-type]
    )
    assert len(identity) == len(names) == len(phone_hash) == 64
    assert len({identity, names, phone_hash}) == 3


def test_the_coordinator_finds_the_same_identity_written_differently(
    joy_b: Person, coordinator: User
) -> None:
    assert lookup(
        coordinator,
        given_names="OKAFOR",
        family_name="  jöy ",
        birth_date=BORN,
        nationality="ng",
    ) == [(joy_b.code, (MatchReason.IDENTITY,))]


def test_another_birth_date_is_only_a_names_match(joy_b: Person, coordinator: User) -> None:
    assert lookup(
        coordinator,
        given_names="Joy",
        family_name="Okafor",
        birth_date=datetime.date(1999, 4, 2),
        nationality="NG",
    ) == [(joy_b.code, (MatchReason.NAMES,))]


def test_the_phone_alone_finds_the_person(joy_b: Person, coordinator: User) -> None:
    assert lookup(coordinator, phone="0039 333-1234567") == [(joy_b.code, (MatchReason.PHONE,))]
    assert lookup(coordinator, phone="333 1234568") == []


def test_identity_and_phone_together_are_both_reasons(joy_b: Person, coordinator: User) -> None:
    assert lookup(
        coordinator,
        given_names="Joy",
        family_name="Okafor",
        birth_date=BORN,
        nationality="NG",
        phone="3331234567",
    ) == [(joy_b.code, (MatchReason.IDENTITY, MatchReason.PHONE))]


def test_nobody_else_matches(joy_b: Person, coordinator: User) -> None:
    assert lookup(coordinator, given_names="Blessing", family_name="Okafor", birth_date=BORN) == []
    assert lookup(coordinator) == []


def test_strongest_matches_come_first(
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    make_person: Callable[..., Person],
) -> None:
    namesake = make_person(partner_a, given_names="Joy", family_name="Okafor")
    assert lookup(
        coordinator, given_names="Joy", family_name="Okafor", birth_date=BORN, nationality="NG"
    ) == [(joy_b.code, (MatchReason.IDENTITY,)), (namesake.code, (MatchReason.NAMES,))]


def test_a_match_outside_the_user_s_scope_carries_no_person(joy_b: Person, worker_a: User) -> None:
    (candidate,) = person_duplicate_candidates(
        user=worker_a, given_names="Joy", family_name="Okafor", birth_date=BORN, nationality="NG"
    )
    assert candidate.person is None
    assert not candidate.in_scope
    assert candidate.person_pk == joy_b.pk


def test_a_match_inside_the_user_s_scope_is_named(joy_b: Person, worker_b: User) -> None:
    assert lookup(worker_b, phone="+393331234567") == [(joy_b.code, (MatchReason.PHONE,))]


def test_merged_records_are_not_looked_up(
    joy_b: Person, partner_a: Organisation, coordinator: User, make_person: Callable[..., Person]
) -> None:
    other = make_person(partner_a)
    Person.objects.filter(pk=joy_b.pk).update(merged_into=other)
    assert lookup(coordinator, phone="3331234567") == []


# --- person_resolve_or_create ----------------------------------------------------------


def resolve(user: User, **kwargs: object) -> Person:
    values: dict[str, object] = {
        "acting_user": user,
        "organisation": user.organisation,
        "gender": "woman",
        "nationality": "NG",
        "identity": dict(JOY),
    }
    values.update(kwargs)
    return person_resolve_or_create(**values)  # type: ignore[arg-type]


def test_without_candidates_a_new_person_is_recorded_with_hashes(worker_a: User) -> None:
    person = resolve(worker_a)
    assert (person.organisation, person.recorded_by, person.code) == (
        worker_a.organisation,
        worker_a,
        person.code,
    )
    assert person.code.startswith("MI-") and person.identity_hash and person.phone_hash
    assert PossibleDuplicate.objects.count() == 0
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_id=str(person.uuid)
    ).exists()


def test_the_next_code_follows_the_last_of_the_year(worker_a: User) -> None:
    first = resolve(worker_a, identity={})
    second = resolve(worker_a, identity={})
    prefix, year, number = first.code.split("-")
    assert second.code == f"{prefix}-{year}-{int(number) + 1:04d}"


def test_candidates_without_a_decision_save_nothing(joy_b: Person, worker_b: User) -> None:
    before = Person.objects.count()
    with pytest.raises(DuplicateDecisionNeeded) as raised:
        resolve(worker_b)
    assert [c.person for c in raised.value.candidates] == [joy_b]
    assert Person.objects.count() == before
    assert PossibleDuplicate.objects.count() == 0


def test_picking_the_existing_person_records_nothing(joy_b: Person, worker_b: User) -> None:
    before = Person.objects.count()
    assert resolve(worker_b, existing=joy_b) == joy_b
    assert Person.objects.count() == before


def test_picking_a_person_outside_scope_is_refused(joy_b: Person, worker_a: User) -> None:
    with pytest.raises(ValidationError) as raised:
        resolve(worker_a, existing=joy_b)
    assert raised.value.message_dict == {"existing": ["Scegli una delle persone elencate."]}


def test_confirming_a_new_person_in_scope_flags_nothing(joy_b: Person, worker_b: User) -> None:
    person = resolve(worker_b, confirm_new=True)
    assert person.pk != joy_b.pk
    assert PossibleDuplicate.objects.count() == 0


def test_confirming_past_a_hidden_match_flags_it_for_the_coordinator(
    joy_b: Person, worker_a: User
) -> None:
    person = resolve(worker_a, identity={**JOY, "family_name": "Okafór"}, confirm_new=True)
    flag = PossibleDuplicate.objects.get()
    assert (flag.person, flag.candidate, flag.reason, flag.status, flag.recorded_by) == (
        person,
        joy_b,
        MatchReason.IDENTITY,
        DuplicateStatus.OPEN,
        worker_a,
    )
    entry = AccessLogEntry.objects.get(object_type="people.possibleduplicate")
    assert entry.fields == ["candidate", "person", "reason"]


@pytest.mark.parametrize("role", [Role.LEGAL_ADVISOR, Role.OUTREACH_WORKER, Role.MONITORING])
def test_other_roles_cannot_record_a_person(
    role: str, partner_a: Organisation, make_user: Callable[..., User]
) -> None:
    with pytest.raises(PermissionDenied):
        resolve(make_user(partner_a, [role]))
    assert Person.objects.count() == 0


def test_a_case_worker_records_only_in_their_own_organisation(
    partner_b: Organisation, worker_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        resolve(worker_a, organisation=partner_b)
    assert Person.objects.count() == 0


def test_the_coordinator_records_for_any_organisation(
    partner_b: Organisation, coordinator: User
) -> None:
    assert resolve(coordinator, organisation=partner_b).organisation == partner_b


def test_anonymisation_blanks_every_hash_so_the_person_is_no_longer_found(
    joy_b: Person, coordinator: User
) -> None:
    from approdi.cases.models import Case
    from approdi.cases.retention import anonymise_closed_cases
    from approdi.people.hashing import HASH_FIELDS

    Case.objects.filter(person=joy_b).update(status="closed", closed_on=datetime.date(2024, 2, 1))
    assert anonymise_closed_cases(today=datetime.date(2026, 1, 1), retention_days=30) == (1, 1)
    blank = dict.fromkeys(HASH_FIELDS, "")
    assert Person.objects.filter(pk=joy_b.pk).values(*HASH_FIELDS).get() == blank
    assert all(row == blank for row in Person.history.filter(id=joy_b.pk).values(*HASH_FIELDS))
    assert lookup(coordinator, phone=JOY["phone"]) == []
