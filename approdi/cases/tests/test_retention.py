"""anonymise_closed_cases: identity and free text go, every figure stays."""

import datetime
import io
from typing import Any

from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.cases import services
from approdi.cases.models import Activity, Case, Exit, LegalProceeding
from approdi.cases.retention import anonymise_closed_cases
from approdi.cases.selectors import case_statistics
from approdi.core.models import AccessLogEntry
from approdi.people.hashing import HASH_FIELDS
from approdi.people.models import IDENTITY_FIELDS, Person, PersonMerge, PossibleDuplicate
from approdi.people.services import person_create, person_merge
from approdi.referrals import services as referrals
from approdi.referrals.models import Referral, ReferralEvent
from approdi.screening.models import Assessment, AssessmentAnswer
from approdi.screening.services import assessment_create

from .factories import open_case

D = datetime.date


def full_case(person: Person, worker: User, closed_on: datetime.date | None) -> Case:
    case = open_case(person, case_worker=worker, notes="lives near the station")
    services.case_move_phase(
        acting_user=worker,
        case=case,
        phase="second_reception",
        started_on=D(2024, 2, 1),
        reason="moved to Via Roma",
    )
    services.activity_add(
        acting_user=worker,
        case=case,
        kind="interview",
        date=D(2024, 2, 2),
        duration_minutes=45,
        provider="Dr. Rossi",
        outcome="talked",
        notes="afraid of X",
    )
    services.permit_add(
        acting_user=worker,
        case=case,
        kind="art18_special_cases",
        status="issued",
        questura="Milano",
        issued_on=D(2024, 2, 3),
        expires_on=D(2024, 8, 3),
    )
    services.proceeding_add(
        acting_user=worker,
        case=case,
        kind="criminal",
        role="witness",
        stage="trial",
        prosecutor_office="Procura di Milano",
    )
    LegalProceeding.objects.filter(case=case).update(docket_number="RGNR 1/2024")
    services.goal_add(acting_user=worker, case=case, description="job", target_on=D(2024, 5, 1))
    services.case_exit(
        acting_user=worker,
        case=case,
        exit_on=D(2024, 3, 1),
        outcome="autonomy_achieved",
        housing="own_rental",
        employment="permanent",
        permit_status="valid",
        notes="new address: Via Verdi 3",
    )
    services.follow_up_add(acting_user=worker, case=case, contacted_on=D(2024, 4, 1), notes="ok")
    if closed_on:
        services.case_close(acting_user=worker, case=case, closed_on=closed_on)
    return case


def test_anonymisation_removes_identity_and_free_text_and_keeps_every_figure(
    person: Person, worker: User, partner_a: Organisation
) -> None:
    old = full_case(person, worker, D(2024, 4, 2))
    recent_person = person_create(
        acting_user=None,
        code="MI-A-2",
        organisation=partner_a,
        gender="man",
        identity={"given_names": "Sam", "family_name": "Recent"},
    )
    recent = full_case(recent_person, worker, None)  # still in follow-up
    before = case_statistics()

    out = io.StringIO()
    call_command("anonymise_closed_cases", "--retention-days", "30", stdout=out)
    assert out.getvalue().strip() == "Anonymised: cases 1, people 1."

    assert case_statistics() == before
    person.refresh_from_db()
    assert (person.given_names, person.family_name, person.identity_hash) == ("", "", "")
    assert all(h.family_name == "" for h in Person.history.filter(id=person.pk))
    old.refresh_from_db()
    assert (old.notes, old.anonymised_at is not None) == ("", True)
    assert list(old.phases.values_list("reason", flat=True)) == ["", ""]
    assert Activity.objects.filter(case=old).values_list("provider", "notes").get() == ("", "")
    assert Exit.objects.get(case=old).notes == ""
    assert LegalProceeding.objects.get(case=old).docket_number == ""
    # The open case and its person are untouched.
    recent.refresh_from_db()
    recent_person.refresh_from_db()
    assert (recent.notes, recent_person.family_name) == ("lives near the station", "Recent")
    # A second run finds nothing more.
    out = io.StringIO()
    call_command("anonymise_closed_cases", "--retention-days", "30", stdout=out)
    assert out.getvalue().strip() == "Anonymised: cases 0, people 0."


def test_a_person_with_another_open_case_keeps_the_identity(person: Person, worker: User) -> None:
    full_case(person, worker, D(2024, 4, 2))
    open_case(person, case_worker=worker, opened_on=D(2024, 5, 1))
    call_command("anonymise_closed_cases", "--retention-days", "30", stdout=io.StringIO())
    person.refresh_from_db()
    assert person.family_name == "Okafor"


def test_nothing_happens_before_the_retention_period(person: Person, worker: User) -> None:
    case = full_case(person, worker, D(2024, 4, 2))
    call_command("anonymise_closed_cases", "--retention-days", "100000", stdout=io.StringIO())
    case.refresh_from_db()
    assert (case.notes, case.anonymised_at) == ("lives near the station", None)


# --- the person's other records: merged duplicates, referrals, assessments ---------------

REFERRAL_TEXT = ["referring_contact", "reason", "notes", "decision_reason", "receiving_service"]
ANSWERS = {
    "deceived_job_nature": "yes",
    "deceived_conditions": {"answer": "yes", "evidence": "Promised a job in Mr. Bianchi's bar."},
    "excessive_hours": "no",
}


def raw_rows(model: type[models.Model], pk: Any, *columns: str) -> list[tuple[Any, ...]]:
    """The stored values, as in the table (ciphertext, if any), bypassing the fields; for a
    history table, every version of the record."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(quote(c) for c in columns)} "  # noqa: S608 - names, not input
            f"FROM {quote(model._meta.db_table)} WHERE id = %s",
            [pk],
        )
        return [tuple(row) for row in cursor.fetchall()]


def raw(model: type[models.Model], pk: Any, *columns: str) -> tuple[Any, ...]:
    [row] = raw_rows(model, pk, *columns)
    return row


def identity(given: str, family: str, phone: str) -> dict[str, Any]:
    return {
        "given_names": given,
        "family_name": family,
        "aliases": f"{given[0]}.",
        "birth_date": D(1999, 5, 4),
        "phone": phone,
        "document_numbers": "AB123",
    }


REFERRED_ON = D(2024, 1, 5)
ASSESSED_ON = D(2024, 1, 8)


def refer(
    coordinator: User, person: Person, referred_on: datetime.date = REFERRED_ON, **text: str
) -> Referral:
    return referrals.referral_create(
        acting_user=coordinator,
        referred_on=referred_on,
        source_kind="street_unit",
        person_code=person.code,
        presumed_exploitation=["sexual"],
        **text,
    )


def assess(
    coordinator: User,
    person: Person,
    referral: Referral | None,
    assessed_on: datetime.date = ASSESSED_ON,
) -> Assessment:
    return assessment_create(
        acting_user=coordinator,
        person=person,
        assessed_on=assessed_on,
        kind="preliminary",
        conclusion="at_risk",
        answers=ANSWERS,
        exploitation_forms=["labour"],
        referral=referral,
        mediator="Mediatrice Grace",
        language="edo",
        notes="Her sister Mary lives in Torino.",
    )


def figures() -> dict[str, Any]:
    """Every row and every code, date and status of what retention touches outside the case."""
    return {
        "people": sorted(
            Person.objects.values_list("code", "gender", "birth_year", "nationality", "merged_into")
        ),
        "referrals": sorted(
            Referral.objects.values_list(
                "pk",
                "person_id",
                "referred_on",
                "source_kind",
                "urgency",
                "status",
                "decided_at",
                "case_id",
                "assigned_organisation_id",
            )
        ),
        "events": sorted(
            ReferralEvent.objects.values_list("referral_id", "from_status", "to_status")
        ),
        "assessments": sorted(
            Assessment.objects.values_list(
                "pk",
                "person_id",
                "referral_id",
                "assessed_on",
                "kind",
                "language",
                "computed_result",
                "triage_score",
                "conclusion",
            )
        ),
        "answers": sorted(
            AssessmentAnswer.objects.values_list("assessment_id", "indicator_id", "answer")
        ),
        "merges": sorted(PersonMerge.objects.values_list("kept_id", "merged_id", "undone_at")),
        "flags": sorted(
            PossibleDuplicate.objects.values_list("person_id", "candidate_id", "reason", "status")
        ),
        "cases": case_statistics(),
    }


def test_anonymisation_reaches_merged_records_referrals_assessments_and_merges(
    person: Person, worker: User, coordinator: User, partner_a: Organisation
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    # Two earlier records of the same person: `older` merged into `duplicate`, which was
    # then merged into `person` (a chain of two).
    duplicate = person_create(
        acting_user=None,
        code="MI-A-9",
        organisation=partner_a,
        gender="woman",
        nationality="NG",
        identity=identity("Joy", "Okafor", "+39 333 1234567"),
    )
    older = person_create(
        acting_user=None,
        code="MI-A-8",
        organisation=partner_a,
        gender="woman",
        nationality="NG",
        identity=identity("Joi", "Okafor", "3331234567"),
    )
    assert all(getattr(duplicate, f) for f in HASH_FIELDS)
    flag = PossibleDuplicate.objects.create(person=older, candidate=duplicate, reason="identity")
    on_older = refer(
        coordinator,
        older,
        referring_contact="Sister Anna, 347 000111",
        reason="Met at the bus station.",
        notes="Speaks of a madam called Blessing.",
    )
    referrals.referral_withdraw(acting_user=coordinator, referral=on_older, reason="Moved away.")
    on_duplicate = refer(coordinator, duplicate, referring_contact="Ms. Verdi", notes="Shy.")
    referrals.referral_redirect(
        acting_user=coordinator,
        referral=on_duplicate,
        reason="Needs a health service first.",
        receiving_service="SerD Via Marco Polo",
    )
    assessment = assess(coordinator, duplicate, on_duplicate)
    first = person_merge(
        acting_user=coordinator, kept=duplicate, merged=older, reason="Same phone as Joi Okafor"
    )
    second = person_merge(
        acting_user=coordinator, kept=person, merged=duplicate, reason="Joy Okafor, same birth date"
    )
    flag.refresh_from_db()
    assert flag.status == "merged"
    on_person = refer(coordinator, person, reason="Asked for help at the clinic.")
    # Decided, and long past: an open referral would keep the person (see below).
    referrals.referral_decline(acting_user=coordinator, referral=on_person, reason="No place.")
    records = [person, duplicate, older]
    referral_pks = [on_older.pk, on_duplicate.pk, on_person.pk]
    assert Referral.objects.filter(person=person).count() == 3  # the merges moved them
    columns = [*IDENTITY_FIELDS, *HASH_FIELDS]
    stored = {r.pk: raw_rows(Person.history.model, r.pk, *columns) for r in records}
    # Before: ciphertext (never the clear name) and hashes in every version.
    assert all(v[1] and v[1] != "Okafor" and v[7] for rows in stored.values() for v in rows)
    before = figures()

    out = io.StringIO()
    call_command("anonymise_closed_cases", "--retention-days", "30", stdout=out)
    assert out.getvalue().strip() == "Anonymised: cases 1, people 1."

    assert figures() == before
    for record in records:
        record.refresh_from_db()
        assert record.anonymised_at is not None
        assert [getattr(record, f) for f in (*IDENTITY_FIELDS, *HASH_FIELDS)] == [
            "",
            "",
            "",
            None,
            "",
            "",
            "",
            "",
            "",
        ]
        assert raw(Person, record.pk, *columns) == ("",) * len(columns)
        versions = raw_rows(Person.history.model, record.pk, *columns)
        assert versions == [("",) * len(columns)] * len(stored[record.pk])
    for pk in referral_pks:
        assert raw(Referral, pk, *REFERRAL_TEXT) == ("",) * len(REFERRAL_TEXT)
        referral = Referral.objects.get(pk=pk)
        assert [getattr(referral, f) for f in REFERRAL_TEXT] == [""] * len(REFERRAL_TEXT)
    assert raw(Assessment, assessment.pk, "notes", "mediator") == ("", "")
    assert set(
        AssessmentAnswer.objects.filter(assessment=assessment).values_list("evidence", flat=True)
    ) == {""}
    answers = AssessmentAnswer.objects.filter(assessment=assessment).order_by("pk")
    assert [raw(AssessmentAnswer, a.pk, "evidence") for a in answers] == [("",)] * 3
    assert sorted(PersonMerge.objects.values_list("reason", flat=True)) == ["—", "—"]
    assert {first.pk, second.pk} == set(PersonMerge.objects.values_list("pk", flat=True))
    logged = AccessLogEntry.objects.filter(reason="retention")
    assert sorted(logged.values_list("object_type", flat=True)) == sorted(
        ["cases.case"]
        + ["people.person"] * 3
        + ["referrals.referral"] * 3
        + ["screening.assessment"]
        + ["people.personmerge"] * 2
    )
    assert not any("Okafor" in str(entry.fields) for entry in logged)


def test_the_records_of_a_person_inside_retention_are_untouched(
    person: Person, worker: User, coordinator: User, partner_a: Organisation
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    duplicate = person_create(
        acting_user=None,
        code="MI-A-9",
        organisation=partner_a,
        gender="woman",
        identity=identity("Joy", "Okafor", "3331234567"),
    )
    referral = refer(
        coordinator, duplicate, referring_contact="Ms. Verdi", reason="Bus station", notes="Shy"
    )
    assessment = assess(coordinator, duplicate, referral)
    merge = person_merge(acting_user=coordinator, kept=person, merged=duplicate, reason="Same Joy")
    before = {
        "person": raw(Person, duplicate.pk, *IDENTITY_FIELDS, *HASH_FIELDS),
        "history": sorted(
            Person.history.filter(id=duplicate.pk).values_list("family_name", "phone_hash")
        ),
        "referral": raw(Referral, referral.pk, *REFERRAL_TEXT),
        "assessment": raw(Assessment, assessment.pk, "notes", "mediator"),
        "answers": sorted(AssessmentAnswer.objects.values_list("pk", "evidence")),
    }

    call_command("anonymise_closed_cases", "--retention-days", "100000", stdout=io.StringIO())

    assert raw(Person, duplicate.pk, *IDENTITY_FIELDS, *HASH_FIELDS) == before["person"]
    assert (
        sorted(Person.history.filter(id=duplicate.pk).values_list("family_name", "phone_hash"))
        == before["history"]
    )
    assert raw(Referral, referral.pk, *REFERRAL_TEXT) == before["referral"]
    assert raw(Assessment, assessment.pk, "notes", "mediator") == before["assessment"]
    assert sorted(AssessmentAnswer.objects.values_list("pk", "evidence")) == before["answers"]
    referral.refresh_from_db()
    assessment.refresh_from_db()
    merge.refresh_from_db()
    duplicate.refresh_from_db()
    assert (duplicate.family_name, referral.notes, assessment.notes, merge.reason) == (
        "Okafor",
        "Shy",
        "Her sister Mary lives in Torino.",
        "Same Joy",
    )
    assert AccessLogEntry.objects.filter(reason="retention").count() == 0


# --- a person back in contact keeps the identity until that contact is past retention ----

# Every case below closes on 2 Apr 2024: with 30 days of retention, it goes in the first run.
JUNE = D(2025, 6, 1)  # cutoff 2 May 2025: a referral of 20 May 2025 is recent
JULY = D(2025, 7, 1)  # cutoff 1 Jun 2025: the same referral is past retention


def run(today: datetime.date) -> tuple[int, int]:
    return anonymise_closed_cases(today=today, retention_days=30)


def retention_log() -> list[str]:
    return sorted(
        AccessLogEntry.objects.filter(reason="retention").values_list("object_type", flat=True)
    )


def test_an_open_referral_keeps_the_person_until_it_is_decided_and_past_retention(
    person: Person, worker: User, coordinator: User
) -> None:
    case = full_case(person, worker, D(2024, 4, 2))
    referral = refer(
        coordinator,
        person,
        referred_on=D(2025, 5, 20),
        referring_contact="Ms. Verdi",
        reason="Back at the clinic.",
        notes="Lives with her cousin now.",
    )

    # The case goes on schedule; the person and the referral stay.
    assert run(JUNE) == (1, 0)
    case.refresh_from_db()
    person.refresh_from_db()
    assert (case.notes, case.anonymised_at is not None) == ("", True)
    assert (person.family_name, person.anonymised_at, person.names_hash != "") == (
        "Okafor",
        None,
        True,
    )
    assert raw(Referral, referral.pk, "reason")[0] not in ("", "Back at the clinic.")
    referral.refresh_from_db()
    assert (referral.referring_contact, referral.reason, referral.notes) == (
        "Ms. Verdi",
        "Back at the clinic.",
        "Lives with her cousin now.",
    )
    assert retention_log() == ["cases.case"]

    # Declined, but referred after the cutoff (19 May 2025 on 18 Jun 2025): still kept.
    referrals.referral_decline(acting_user=coordinator, referral=referral, reason="No place.")
    assert run(D(2025, 6, 18)) == (0, 0)
    person.refresh_from_db()
    referral.refresh_from_db()
    assert (person.family_name, person.anonymised_at) == ("Okafor", None)
    assert (referral.reason, referral.decision_reason) == ("Back at the clinic.", "No place.")
    assert retention_log() == ["cases.case"]

    # The next day the cutoff reaches the referral's date: now the person goes.
    before = timezone.now()
    assert run(D(2025, 6, 19)) == (0, 1)
    after = timezone.now()
    person.refresh_from_db()
    referral.refresh_from_db()
    assert (person.given_names, person.family_name, person.names_hash) == ("", "", "")
    assert person.anonymised_at is not None
    assert before <= person.anonymised_at <= after
    assert person.anonymised_at == referral.updated_at
    assert [getattr(referral, f) for f in REFERRAL_TEXT] == [""] * len(REFERRAL_TEXT)
    assert (referral.status, referral.referred_on) == ("declined", D(2025, 5, 20))
    assert retention_log() == ["cases.case", "people.person", "referrals.referral"]

    # Once only: a later run neither touches nor logs the person again.
    anonymised_at = person.anonymised_at
    assert run(JULY) == (0, 0)
    assert run(D(2026, 1, 1)) == (0, 0)
    person.refresh_from_db()
    assert person.anonymised_at == anonymised_at
    assert retention_log() == ["cases.case", "people.person", "referrals.referral"]


def test_an_open_referral_under_review_keeps_the_person_however_old(
    person: Person, worker: User, coordinator: User
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    referral = refer(coordinator, person, reason="Asked again.")  # 5 Jan 2024
    referrals.referral_start_review(acting_user=coordinator, referral=referral)

    assert run(D(2026, 1, 1)) == (1, 0)
    person.refresh_from_db()
    referral.refresh_from_db()
    assert (person.family_name, person.anonymised_at, referral.reason) == (
        "Okafor",
        None,
        "Asked again.",
    )
    assert retention_log() == ["cases.case"]


def test_a_recent_assessment_keeps_the_person_until_it_is_past_retention(
    person: Person, worker: User, coordinator: User
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    assessment = assess(coordinator, person, None, assessed_on=D(2025, 5, 20))

    assert run(JUNE) == (1, 0)
    person.refresh_from_db()
    assessment.refresh_from_db()
    assert (person.family_name, person.anonymised_at) == ("Okafor", None)
    assert (assessment.notes, assessment.mediator) == (
        "Her sister Mary lives in Torino.",
        "Mediatrice Grace",
    )
    assert sorted(
        AssessmentAnswer.objects.filter(assessment=assessment).values_list("evidence", flat=True)
    ) == ["", "", "Promised a job in Mr. Bianchi's bar."]
    assert retention_log() == ["cases.case"]

    assert run(JULY) == (0, 1)
    person.refresh_from_db()
    assessment.refresh_from_db()
    assert (person.family_name, person.anonymised_at is not None) == ("", True)
    assert (assessment.notes, assessment.mediator) == ("", "")
    assert set(
        AssessmentAnswer.objects.filter(assessment=assessment).values_list("evidence", flat=True)
    ) == {""}
    assert retention_log() == ["cases.case", "people.person", "screening.assessment"]


def test_an_open_referral_of_a_merged_record_keeps_the_kept_person(
    person: Person, worker: User, coordinator: User, partner_a: Organisation
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    duplicate = person_create(
        acting_user=None,
        code="MI-A-9",
        organisation=partner_a,
        gender="woman",
        identity=identity("Joy", "Okafor", "3331234567"),
    )
    merge = person_merge(acting_user=coordinator, kept=person, merged=duplicate, reason="Same Joy")
    # A merge moves every row to the kept person: this referral was left on the merged
    # record (put there directly), and still counts.
    referral = refer(coordinator, person, referred_on=D(2025, 5, 20), reason="Back again.")
    Referral.objects.filter(pk=referral.pk).update(person=duplicate)

    assert run(JUNE) == (1, 0)
    for record in (person, duplicate):
        record.refresh_from_db()
    referral.refresh_from_db()
    merge.refresh_from_db()
    assert [(r.family_name, r.anonymised_at) for r in (person, duplicate)] == [
        ("Okafor", None),
        ("Okafor", None),
    ]
    assert (referral.reason, merge.reason) == ("Back again.", "Same Joy")
    assert retention_log() == ["cases.case"]

    # Still open a month later: kept, however old the referral.
    assert run(JULY) == (0, 0)
    duplicate.refresh_from_db()
    assert duplicate.family_name == "Okafor"

    referrals.referral_withdraw(acting_user=coordinator, referral=referral, reason="Moved.")
    assert run(JULY) == (0, 1)
    for record in (person, duplicate):
        record.refresh_from_db()
    referral.refresh_from_db()
    merge.refresh_from_db()
    assert [(r.family_name, r.phone_hash) for r in (person, duplicate)] == [("", ""), ("", "")]
    assert person.anonymised_at is not None
    assert duplicate.anonymised_at == person.anonymised_at
    assert (referral.reason, referral.decision_reason, merge.reason) == ("", "", "—")
    assert retention_log() == [
        "cases.case",
        "people.person",
        "people.person",
        "people.personmerge",
        "referrals.referral",
    ]


def test_a_person_anonymised_and_referred_again_is_taken_again_once_that_is_past(
    person: Person, worker: User, coordinator: User
) -> None:
    full_case(person, worker, D(2024, 4, 2))
    assert run(JUNE) == (1, 1)
    person.refresh_from_db()
    first = person.anonymised_at
    assert first is not None

    # Back in contact: the office refers her again (by code) and declines.
    referral = refer(
        coordinator, person, referred_on=D(2025, 6, 10), reason="Seen again near the station."
    )
    referrals.referral_decline(acting_user=coordinator, referral=referral, reason="Left Milan.")
    # Recent: kept, nothing logged.
    assert run(JULY) == (0, 0)
    referral.refresh_from_db()
    assert (referral.reason, referral.decision_reason) == (
        "Seen again near the station.",
        "Left Milan.",
    )
    assert retention_log() == ["cases.case", "people.person"]

    # Past retention: the new text goes, as it would have the first time; logged once.
    assert run(D(2025, 8, 1)) == (0, 1)
    referral.refresh_from_db()
    person.refresh_from_db()
    assert [getattr(referral, f) for f in REFERRAL_TEXT] == [""] * len(REFERRAL_TEXT)
    assert person.anonymised_at is not None and person.anonymised_at > first
    assert retention_log() == [
        "cases.case",
        "people.person",
        "people.person",
        "referrals.referral",
    ]
    assert run(D(2026, 1, 1)) == (0, 0)
    assert retention_log() == [
        "cases.case",
        "people.person",
        "people.person",
        "referrals.referral",
    ]
