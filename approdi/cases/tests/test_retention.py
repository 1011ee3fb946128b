"""anonymise_closed_cases: identity and free text go, every figure stays."""

import datetime
import io

from django.core.management import call_command

from approdi.accounts.models import Organisation, User
from approdi.cases import services
from approdi.cases.models import Activity, Case, Exit, LegalProceeding
from approdi.cases.selectors import case_statistics
from approdi.people.models import Person
from approdi.people.services import person_create

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
