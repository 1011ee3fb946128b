"""The further statistics of the dashboard, on hand-made records, with exact values."""

import datetime

import pytest

from approdi.accounts.models import Organisation, User
from approdi.cases import services as case_services
from approdi.cases.models import Permit
from approdi.reports.selectors import (
    Period,
    Scope,
    deadlines_report,
    exits_report,
    months_of,
    permits_report,
    phases_report,
)
from approdi.reports.tables import protect
from approdi.shelters import services as shelter_services

from .conftest import END, START, Records

pytestmark = pytest.mark.django_db

NETWORK = Scope(None, suppress=False)
PERIOD = Period(START, END)
DAY = datetime.timedelta(days=1)


def test_exits_by_outcome_with_their_share(records: Records) -> None:
    for _ in range(3):
        records.case(records.person(), START - 30 * DAY, START)
    records.case(records.person(), START - 30 * DAY, END, outcome="voluntary_drop_out")
    records.case(records.person(), START - 30 * DAY, START - DAY)  # before the period

    table = exits_report(scope=NETWORK, period=PERIOD)

    rows = {row[0]: row[1:] for row in table.display_rows()}
    assert rows["Autonomia raggiunta"] == ["3", "75.0%"]
    assert rows["Abbandono volontario"] == ["1", "25.0%"]
    assert rows["Totale"] == ["4", "100.0%"]
    # For monitoring the small counts go, and their shares with them.
    protect(table, 5)
    # A hidden share is not a count under 5: "n.d.", with the note under the table.
    rows = {row[0]: row[1:] for row in table.display_rows()}
    assert rows["Autonomia raggiunta"] == ["<5", "n.d."]
    assert rows["Abbandono volontario"] == ["<5", "n.d."]
    assert table.withheld_note.startswith("n.d.: non mostrato: un numero inferiore a 5")


def test_people_per_phase_on_a_date(records: Records, coordinator: User) -> None:
    moved = records.case(records.person(), START - 20 * DAY)
    case_services.case_move_phase(
        acting_user=coordinator,
        case=moved,
        phase="second_reception",
        started_on=END,
        reason="Percorso avviato",
    )
    records.case(records.person(), START - 20 * DAY)  # still in emergency
    records.case(records.person(), START - 20 * DAY, kind_phase="territorial")
    records.case(records.person(), START - 20 * DAY, START)  # exited

    before_move = phases_report(scope=NETWORK, on=END - DAY)
    on_end = phases_report(scope=NETWORK, on=END)

    assert [row[1] for row in before_move.display_rows()] == ["2", "0", "0", "0", "1", "3"]
    assert [row[1] for row in on_end.display_rows()] == ["1", "0", "1", "0", "1", "3"]


def test_permits_applied_and_issued_in_the_period(records: Records) -> None:
    case = records.case(records.person(), START - 60 * DAY)
    values = {"case": case, "proposer": "social_services"}
    Permit.objects.create(
        kind="art18_special_cases",
        status="issued",
        applied_on=START - 40 * DAY,
        issued_on=START,
        expires_on=END + 180 * DAY,
        **values,
    )
    Permit.objects.create(kind="art18_special_cases", status="applied", applied_on=END, **values)
    Permit.objects.create(
        kind="employment", status="issued", applied_on=START, issued_on=END, **values
    )
    table = permits_report(scope=NETWORK, period=PERIOD)
    assert table.display_rows() == [
        ["Art. 18 casi speciali", "1", "1"],
        ["Lavoro subordinato", "1", "1"],
        ["Totale", "2", "2"],
    ]


def test_deadlines_in_the_next_60_days(records: Records) -> None:
    today = datetime.date(2024, 6, 1)
    case = records.case(records.person(), today - 70 * DAY)  # first assistance: 3 months
    values = {"case": case, "proposer": "social_services", "status": "issued"}
    Permit.objects.create(kind="art18_special_cases", expires_on=today + 60 * DAY, **values)
    Permit.objects.create(kind="art18_special_cases", expires_on=today + 61 * DAY, **values)
    table = deadlines_report(scope=NETWORK, today=today)
    rows = {row[0]: row[1] for row in table.display_rows()}
    assert rows["Scadenza del permesso"] == "1"
    assert rows["Fine della prima assistenza"] == "1"
    assert rows["Totale"] == str(sum(int(v) for k, v in rows.items() if k != "Totale"))


def test_an_organisation_counts_its_own_exits(records: Records, partner_b: Organisation) -> None:
    records.case(records.person(), START - 30 * DAY, START)
    records.case(records.person(organisation=partner_b), START - 30 * DAY, START)
    table = exits_report(scope=Scope(partner_b.pk, suppress=False), period=PERIOD)
    assert table.display_rows()[-1] == ["Totale", "1", "100.0%"]


def test_capacity_on_the_period_end_comes_from_the_shelters(
    client_for, coordinator: User, partner_a: Organisation
) -> None:  # type: ignore[no-untyped-def]
    structure = shelter_services.structure_create(
        acting_user=coordinator,
        organisation=partner_a,
        name="Casa Uno",
        territory="milano",
        kind="shelter_women",
        target_gender="women",
        phases=[],
        active_from=START - 100 * DAY,
        address="Via Segreta 1",
    )
    for label in ("1", "2"):
        shelter_services.bed_create(
            acting_user=coordinator, structure=structure, label=label, active_from=START
        )
    response = client_for(coordinator).get(f"/reports/tables/capacity.csv?start={START}&end={END}")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Strutture accoglienza donne,1,2" in body.splitlines()
    assert body.splitlines()[-1] == "Totale,1,2"
    assert "Segreta" not in body


def test_months_of_a_period() -> None:
    assert months_of(Period(datetime.date(2018, 11, 20), datetime.date(2019, 2, 1))) == [
        (2018, 11),
        (2018, 12),
        (2019, 1),
        (2019, 2),
    ]


def test_governance_meetings_against_the_planned_frequency(
    coordinator: User, lead: Organisation
) -> None:
    from approdi.governance.models import ActionItem, Meeting, Table
    from approdi.reports.selectors import governance_report

    table = Table.objects.create(
        name="Tavolo tecnico", kind="technical_table", frequency_months=1, chair=lead
    )
    for day in (START, END, END + DAY):
        meeting = Meeting.objects.create(table=table, date=day, recorded_by=coordinator)
    ActionItem.objects.create(
        meeting=meeting, description="Inviare le date", owner=coordinator, due_date=END
    )
    report = governance_report(user=coordinator, scope=NETWORK, period=PERIOD)
    assert report.display_rows() == [["Tavolo tecnico", "2", "1"]]
    assert str(report.note) == "Azioni aperte: 1"


def test_activities_by_kind_with_hours(records: Records) -> None:
    from approdi.cases.models import Activity
    from approdi.reports.selectors import activities_report

    case = records.case(records.person(), START - 10 * DAY)
    Activity.objects.create(case=case, kind="interview", date=START, duration_minutes=90)
    Activity.objects.create(case=case, kind="interview", date=END)  # no duration recorded
    Activity.objects.create(case=case, kind="internship", date=END, duration_minutes=240)
    Activity.objects.create(case=case, kind="internship", date=END + DAY, duration_minutes=60)
    table = activities_report(scope=NETWORK, period=PERIOD)
    rows = {row[0]: row[1:] for row in table.display_rows()}
    assert rows["Totale"] == ["3", "5.5"]
    assert len(rows) == 3
    assert sorted(v for k, v in rows.items() if k != "Totale") == [["1", "4.0"], ["2", "1.5"]]


def test_complaints_returns_and_permits_renewed_or_converted(records: Records) -> None:
    from approdi.cases.models import LegalProceeding, VoluntaryReturn
    from approdi.reports.selectors import pathway_events_report

    case = records.case(records.person(), START - 10 * DAY)
    LegalProceeding.objects.create(
        case=case, kind="criminal", role="injured_party", stage="complaint", complaint_on=END
    )
    LegalProceeding.objects.create(
        case=case, kind="criminal", role="witness", stage="trial", complaint_on=START - DAY
    )
    VoluntaryReturn.objects.create(
        case=case, requested_on=START, departure_on=END, outcome="departed"
    )
    VoluntaryReturn.objects.create(case=case, requested_on=END, outcome="pending")
    values = {"case": case, "proposer": "social_services", "kind": "art18_special_cases"}
    Permit.objects.create(status="renewed", issued_on=START, **values)
    Permit.objects.create(status="converted", issued_on=END + DAY, **values)
    table = pathway_events_report(scope=NETWORK, period=PERIOD)
    assert [row[1] for row in table.display_rows()] == ["1", "2", "1", "1", "0"]


def test_moves_between_phases_in_the_period(records: Records, coordinator: User) -> None:
    from approdi.reports.selectors import phase_moves_report

    def move(case, phase: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
        case_services.case_move_phase(
            acting_user=coordinator, case=case, phase=phase, started_on=day, reason="Percorso"
        )

    one = records.case(records.person(), START - 20 * DAY)
    move(one, "first_reception", START - DAY)  # before the period
    move(one, "second_reception", START)
    two = records.case(records.person(), START - 20 * DAY)
    move(two, "second_reception", END)
    move(two, "autonomy", END + DAY)  # after the period
    table = phase_moves_report(scope=NETWORK, period=PERIOD)
    assert table.display_rows() == [
        ["Pronto intervento → Seconda accoglienza", "1"],
        ["Prima accoglienza → Seconda accoglienza", "1"],
        ["Totale", "2"],
    ]
