"""The coordinator merges two records of one person, and can undo it exactly."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.cases.tests.factories import open_case
from approdi.core.models import AccessAction, AccessLogEntry, CodeListEntry
from approdi.governance.models import Meeting, Table
from approdi.people.choices import DuplicateStatus, MatchReason
from approdi.people.models import Person, PersonMerge, PossibleDuplicate
from approdi.people.services import person_merge, person_merge_undo
from approdi.referrals import services as referral_services
from approdi.screening.services import assessment_create
from approdi.shelters import services as shelters
from approdi.shelters.models import Bed, Placement

from .conftest import JOY, close_cases

NIGHT = datetime.date(2024, 2, 1)


@pytest.fixture
def joy_a(partner_a: Organisation, worker_a: User, make_person: Callable[..., Person]) -> Person:
    """The same Joy, recorded again by partner A (her case there is closed)."""
    person = make_person(partner_a, case_worker=worker_a, **JOY)
    close_cases(person)
    return person


@pytest.fixture
def beds(db: None, partner_a: Organisation, coordinator: User) -> list[Bed]:
    CodeListEntry.objects.get_or_create(
        list_name="territory", code="milano", defaults={"label_it": "Milano", "label_en": "Milano"}
    )
    structure = shelters.structure_create(
        acting_user=coordinator,
        organisation=partner_a,
        name="Casa",
        territory="milano",
        kind="shelter_women",
        target_gender="women",
        phases=[],
        active_from=datetime.date(2019, 1, 1),
        address="Via Segreta 1",
    )
    for label in ("1", "2"):
        shelters.bed_create(
            acting_user=coordinator,
            structure=structure,
            label=label,
            active_from=datetime.date(2019, 1, 1),
        )
    return list(structure.beds.order_by("label"))


def place(
    coordinator: User, person: Person, bed: Bed, start: datetime.date, **kw: Any
) -> Placement:
    return shelters.placement_create(
        acting_user=coordinator, person=person, bed=bed, start=start, phase="emergency", **kw
    )


def meeting_about(*people: Person, coordinator: User, lead: Organisation) -> Meeting:
    table = Table.objects.create(
        name="Tavolo", kind="technical_coordination", chair=lead, frequency_months=1
    )
    meeting = Meeting.objects.create(
        table=table, date=datetime.date(2026, 11, 2), recorded_by=coordinator
    )
    meeting.cases_discussed.set(people)
    return meeting


def snapshot(*people: Person) -> dict[str, Any]:
    """Everything a merge touches, to compare before and after."""
    pks = [p.pk for p in people]
    return {
        "cases": sorted(Case.objects.filter(person__in=pks).values_list("pk", "person_id")),
        "placements": sorted(
            Placement.objects.filter(person__in=pks).values_list("pk", "person_id")
        ),
        "meetings": sorted(
            Meeting.cases_discussed.through.objects.filter(person__in=pks).values_list(
                "meeting_id", "person_id"
            )
        ),
        "merged_into": sorted(Person.objects.filter(pk__in=pks).values_list("pk", "merged_into")),
        "merges": PersonMerge.objects.count(),
    }


def test_the_merge_moves_every_record_and_keeps_the_merged_person(
    joy_a: Person,
    joy_b: Person,
    beds: list[Bed],
    coordinator: User,
    lead: Organisation,
) -> None:
    old = place(coordinator, joy_a, beds[0], NIGHT, end=NIGHT + datetime.timedelta(days=10))
    meeting = meeting_about(joy_a, coordinator=coordinator, lead=lead)
    case_a = Case.objects.get(person=joy_a)
    case_b = Case.objects.get(person=joy_b)

    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")

    assert set(Case.objects.filter(person=joy_b)) == {case_a, case_b}
    assert list(Placement.objects.filter(person=joy_b)) == [old]
    assert list(meeting.cases_discussed.all()) == [joy_b]
    joy_a.refresh_from_db()
    assert joy_a.merged_into == joy_b
    assert joy_a.given_names == "Joy"  # the merged record stays, identity and all
    assert joy_a.history.count() == 2  # created, then marked merged
    through = Meeting.cases_discussed.through._meta.label
    assert sorted((r["model"], r["field"]) for r in merge.moved_rows) == [
        ("cases.Case", "person"),
        (through, "person"),
        ("shelters.Placement", "person"),
    ]
    assert (merge.kept, merge.merged, merge.reason, merge.merged_by) == (
        joy_b,
        joy_a,
        "Same Joy",
        coordinator,
    )


def test_the_merge_is_logged_by_field_names(
    joy_a: Person, joy_b: Person, coordinator: User
) -> None:
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    entries = {
        (e.action, e.object_type, e.object_id): e.fields
        for e in AccessLogEntry.objects.filter(actor=coordinator)
    }
    assert entries == {
        (AccessAction.CREATE, "people.personmerge", str(merge.uuid)): [
            "kept",
            "merged",
            "moved_rows",
            "reason",
        ],
        (AccessAction.UPDATE, "people.person", str(joy_a.uuid)): ["merged_into"],
        (AccessAction.UPDATE, "people.person", str(joy_b.uuid)): ["cases.Case.person"],
    }
    assert "Joy" not in str(list(AccessLogEntry.objects.values_list("fields", "reason")))


def test_undo_moves_back_exactly_the_moved_rows(
    joy_a: Person,
    joy_b: Person,
    beds: list[Bed],
    coordinator: User,
    lead: Organisation,
) -> None:
    place(coordinator, joy_a, beds[0], NIGHT, end=NIGHT + datetime.timedelta(days=10))
    meeting_about(joy_a, coordinator=coordinator, lead=lead)
    before = snapshot(joy_a, joy_b)
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    # After the merge, a new placement of the kept person: it stays with her.
    later = place(coordinator, joy_b, beds[1], datetime.date(2024, 6, 1))

    person_merge_undo(acting_user=coordinator, merge=merge)

    after = snapshot(joy_a, joy_b)
    after["placements"].remove((later.pk, joy_b.pk))
    assert after == {**before, "merges": 1}
    merge.refresh_from_db()
    assert (merge.is_undone, merge.undone_by) == (True, coordinator)
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_id=str(merge.uuid), fields=["undone_at", "undone_by"]
    ).exists()


def test_a_merge_cannot_be_undone_twice(joy_a: Person, joy_b: Person, coordinator: User) -> None:
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    person_merge_undo(acting_user=coordinator, merge=merge)
    before = snapshot(joy_a, joy_b)
    with pytest.raises(ValidationError) as raised:
        person_merge_undo(acting_user=coordinator, merge=merge)
    assert raised.value.messages == ["Questa unione è già stata annullata."]
    assert snapshot(joy_a, joy_b) == before


def test_undo_waits_for_a_later_merge_of_the_kept_person(
    joy_a: Person,
    joy_b: Person,
    partner_a: Organisation,
    coordinator: User,
    make_person: Callable[..., Person],
) -> None:
    first = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    third = make_person(partner_a)
    close_cases(joy_b)
    person_merge(acting_user=coordinator, kept=third, merged=joy_b, reason="Same again")
    before = snapshot(joy_a, joy_b, third)
    with pytest.raises(ValidationError) as raised:
        person_merge_undo(acting_user=coordinator, merge=first)
    assert raised.value.messages == [
        "La persona mantenuta è stata poi unita a un'altra: annulla prima quell'unione."
    ]
    assert snapshot(joy_a, joy_b, third) == before


def test_the_flag_between_the_two_is_resolved_and_reopened_by_undo(
    joy_a: Person, joy_b: Person, coordinator: User, worker_a: User
) -> None:
    flag = PossibleDuplicate.objects.create(
        person=joy_a, candidate=joy_b, reason=MatchReason.IDENTITY, recorded_by=worker_a
    )
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    flag.refresh_from_db()
    assert (flag.status, flag.merge, flag.resolved_by) == (
        DuplicateStatus.MERGED,
        merge,
        coordinator,
    )
    person_merge_undo(acting_user=coordinator, merge=merge)
    flag.refresh_from_db()
    assert (flag.status, flag.merge, flag.resolved_by) == (DuplicateStatus.OPEN, None, None)


# --- refusals: nothing changes ---------------------------------------------------------


def refused(coordinator: User, kept: Person, merged: Person, reason: str = "Same Joy") -> str:
    before = snapshot(kept, merged)
    log = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        person_merge(acting_user=coordinator, kept=kept, merged=merged, reason=reason)
    assert snapshot(kept, merged) == before
    assert AccessLogEntry.objects.count() == log
    return " ".join(raised.value.messages)


def test_two_open_cases_are_refused(
    joy_a: Person, joy_b: Person, coordinator: User, worker_a: User
) -> None:
    open_case(joy_a, case_worker=worker_a)
    assert refused(coordinator, joy_b, joy_a) == (
        "Entrambe le persone hanno un caso aperto: chiudi o registra l'uscita da uno dei due "
        "casi prima di unirle."
    )


def test_placements_on_the_same_nights_are_refused(
    joy_a: Person, joy_b: Person, beds: list[Bed], coordinator: User
) -> None:
    place(coordinator, joy_a, beds[0], NIGHT)
    place(coordinator, joy_b, beds[1], NIGHT + datetime.timedelta(days=3))
    assert refused(coordinator, joy_b, joy_a) == (
        "Le due persone hanno inserimenti nelle stesse notti: chiudine uno prima di unirle."
    )


def test_placements_one_after_the_other_are_merged(
    joy_a: Person, joy_b: Person, beds: list[Bed], coordinator: User
) -> None:
    place(coordinator, joy_a, beds[0], NIGHT, end=NIGHT + datetime.timedelta(days=3))
    place(coordinator, joy_b, beds[1], NIGHT + datetime.timedelta(days=3))
    person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    assert Placement.objects.filter(person=joy_b).count() == 2


def test_a_unique_rule_refuses_the_merge_and_nothing_moves(
    joy_a: Person,
    joy_b: Person,
    beds: list[Bed],
    coordinator: User,
    lead: Organisation,
) -> None:
    # The meeting's list cannot hold one person twice: what moved before it goes back.
    place(coordinator, joy_a, beds[0], NIGHT, end=NIGHT + datetime.timedelta(days=3))
    meeting_about(joy_a, joy_b, coordinator=coordinator, lead=lead)
    assert refused(coordinator, joy_b, joy_a) == (
        "I due record non possono diventare uno: un record dell'uno ripeterebbe uno dell'altro. "
        "Non è stato cambiato nulla."
    )


def test_a_person_cannot_be_merged_with_itself_or_twice(
    joy_a: Person, joy_b: Person, coordinator: User
) -> None:
    assert refused(coordinator, joy_a, joy_a) == "Scegli due persone diverse."
    person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    joy_a.refresh_from_db()
    assert refused(coordinator, joy_b, joy_a) == (
        "Uno dei due record è già stato unito a un altro."
    )


def test_a_reason_is_required(joy_a: Person, joy_b: Person, coordinator: User) -> None:
    assert refused(coordinator, joy_b, joy_a, reason="  ") == "Indica il motivo dell'unione."


@pytest.mark.parametrize(
    "role",
    [
        Role.ORG_MANAGER,
        Role.CASE_WORKER,
        Role.LEGAL_ADVISOR,
        Role.OUTREACH_WORKER,
        Role.MONITORING,
        Role.AUDITOR,
        Role.ADMIN,
    ],
)
def test_only_the_coordinator_merges_and_undoes(
    role: str,
    joy_a: Person,
    joy_b: Person,
    coordinator: User,
    lead: Organisation,
    make_user: Callable[..., User],
) -> None:
    user = make_user(lead, [role])
    before = snapshot(joy_a, joy_b)
    with pytest.raises(PermissionDenied):
        person_merge(acting_user=user, kept=joy_b, merged=joy_a, reason="Same Joy")
    assert snapshot(joy_a, joy_b) == before
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Same Joy")
    after = snapshot(joy_a, joy_b)
    with pytest.raises(PermissionDenied):
        person_merge_undo(acting_user=user, merge=merge)
    assert snapshot(joy_a, joy_b) == after


def test_referrals_and_assessments_move_with_the_merge_and_back_with_the_undo(
    joy_a: Person, joy_b: Person, coordinator: User
) -> None:
    referral = referral_services.referral_create(
        acting_user=coordinator,
        referred_on=NIGHT,
        source_kind="cas",
        person_code=joy_a.code,
    )
    assessment = assessment_create(
        acting_user=coordinator,
        person=joy_a,
        assessed_on=NIGHT,
        kind="preliminary",
        conclusion="at_risk",
        answers={},
        referral=referral,
    )
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Stessa persona")
    referral.refresh_from_db()
    assessment.refresh_from_db()
    assert (referral.person, assessment.person) == (joy_b, joy_b)

    person_merge_undo(acting_user=coordinator, merge=merge)
    referral.refresh_from_db()
    assessment.refresh_from_db()
    assert (referral.person, assessment.person) == (joy_a, joy_a)


def test_undo_is_refused_when_a_moved_referral_was_taken_into_a_case_since(
    joy_a: Person, joy_b: Person, coordinator: User, partner_a: Organisation
) -> None:
    referral = referral_services.referral_create(
        acting_user=coordinator, referred_on=NIGHT, source_kind="cas", person_code=joy_a.code
    )
    merge = person_merge(acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Stessa persona")
    # After the merge the referral is Joy B's, and accepting it joins her open case.
    referral_services.referral_accept(
        acting_user=coordinator, referral=referral, organisation=partner_a
    )
    referral.refresh_from_db()
    assert referral.case is not None and referral.case.person == joy_b
    before = snapshot(joy_a, joy_b)

    with pytest.raises(ValidationError, match="si riferiscono l'una all'altra"):
        person_merge_undo(acting_user=coordinator, merge=merge)
    referral.refresh_from_db()
    assert referral.person == joy_b
    assert snapshot(joy_a, joy_b) == before
    assert not PersonMerge.objects.get(pk=merge.pk).is_undone


def test_the_merge_reason_is_encrypted_at_rest(
    joy_a: Person, joy_b: Person, coordinator: User
) -> None:
    merge = person_merge(
        acting_user=coordinator, kept=joy_b, merged=joy_a, reason="Joy Okafor, stessa persona"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM people_personmerge WHERE id = %s", [merge.pk])
        (stored,) = cursor.fetchone()
    assert "Okafor" not in stored
    assert PersonMerge.objects.get(pk=merge.pk).reason == "Joy Okafor, stessa persona"
