"""Deadlines and reminders: computed dates, pages, and each threshold sent once."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases import deadlines, selectors, services
from approdi.cases.models import Case, SentReminder
from approdi.people.models import Person
from approdi.people.services import person_create

from .factories import open_case

D = datetime.date


@pytest.fixture
def mailed_worker(worker: User) -> User:
    User.objects.filter(pk=worker.pk).update(email="wanda@example.org")
    worker.refresh_from_db()
    return worker


def kinds_and_dates(case: Case) -> list[tuple[str, datetime.date]]:
    found = deadlines.deadline_list(Case.objects.filter(pk=case.pk))
    return [(d.kind, d.due_on) for d in found]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 10), 3, D(2024, 4, 10)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2024, 11, 30), 3, D(2025, 2, 28)),
        (D(2024, 1, 31), 6, D(2024, 7, 31)),
    ],
)
def test_add_months(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert deadlines.add_months(day, months) == expected


def test_every_clock_of_a_case(case: Case, worker: User, coordinator: User) -> None:
    Case.objects.filter(pk=case.pk).update(reflection_started_on=D(2024, 1, 10))
    services.permit_add(
        acting_user=worker,
        case=case,
        kind="art18_special_cases",
        status="issued",
        issued_on=D(2024, 2, 1),
        expires_on=D(2024, 8, 1),
    )
    services.permit_add(  # refused permits have no expiry to watch
        acting_user=worker, case=case, kind="asylum_request", status="refused"
    )
    assert kinds_and_dates(case) == [
        ("reflection_period", D(2024, 2, 9)),
        ("emergency_phase", D(2024, 2, 24)),
        ("first_assistance", D(2024, 4, 10)),
        ("permit_expiry", D(2024, 8, 1)),
    ]
    services.case_extend_first_assistance(
        acting_user=coordinator, case=case, approved_on=D(2024, 4, 1)
    )
    services.case_move_phase(
        acting_user=worker, case=case, phase="first_reception", started_on=D(2024, 2, 1), reason="x"
    )
    assert kinds_and_dates(case) == [
        ("reflection_period", D(2024, 2, 9)),
        ("first_assistance", D(2024, 7, 10)),
        ("permit_expiry", D(2024, 8, 1)),
    ]


def test_the_emergency_length_is_configurable(case: Case, settings: object) -> None:
    settings.APPRODI_EMERGENCY_PHASE_DAYS = 30  # type: ignore[attr-defined]
    assert ("emergency_phase", D(2024, 2, 9)) in kinds_and_dates(case)


def permit_case(person: Person, worker: User, expires: datetime.date) -> Case:
    case = open_case(
        person, case_worker=worker, programme="art18_assistance", first_phase="territorial"
    )
    services.permit_add(
        acting_user=worker,
        case=case,
        kind="art18_special_cases",
        status="issued",
        issued_on=D(2024, 1, 1),
        expires_on=expires,
    )
    return case


def run(day: datetime.date) -> str:
    out = io.StringIO()
    call_command("send_reminders", "--today", day.isoformat(), stdout=out)
    return out.getvalue().strip()


def test_permit_reminders_go_once_at_60_and_once_at_30_days(
    person: Person, mailed_worker: User
) -> None:
    permit_case(person, mailed_worker, D(2024, 6, 30))
    assert run(D(2024, 4, 30)) == "Reminders sent: 0."  # 61 days before
    assert run(D(2024, 5, 1)) == "Reminders sent: 1."  # 60 days before
    assert run(D(2024, 5, 1)) == "Reminders sent: 0."
    assert run(D(2024, 5, 20)) == "Reminders sent: 0."
    assert run(D(2024, 5, 31)) == "Reminders sent: 1."  # 30 days before
    assert run(D(2024, 6, 10)) == "Reminders sent: 0."
    assert [m.to for m in mail.outbox] == [["wanda@example.org"], ["wanda@example.org"]]
    assert "MI-A-1" in mail.outbox[0].subject and "2024-06-30" in mail.outbox[0].subject
    assert "Okafor" not in mail.outbox[0].body + mail.outbox[0].subject
    assert sorted(SentReminder.objects.values_list("threshold_days", flat=True)) == [30, 60]


def test_a_late_first_run_sends_one_message_and_marks_both_thresholds(
    person: Person, mailed_worker: User
) -> None:
    permit_case(person, mailed_worker, D(2024, 6, 30))
    assert run(D(2024, 6, 10)) == "Reminders sent: 1."
    assert run(D(2024, 6, 11)) == "Reminders sent: 0."
    assert len(mail.outbox) == 1
    assert sorted(SentReminder.objects.values_list("threshold_days", flat=True)) == [30, 60]


def test_a_renewed_permit_gets_its_own_reminders(person: Person, mailed_worker: User) -> None:
    case = permit_case(person, mailed_worker, D(2024, 6, 30))
    assert run(D(2024, 6, 10)) == "Reminders sent: 1."
    services.permit_update(
        acting_user=mailed_worker,
        permit=case.permits.get(),
        status="renewed",
        expires_on=D(2025, 6, 30),
    )
    assert run(D(2024, 6, 11)) == "Reminders sent: 0."
    assert run(D(2025, 5, 1)) == "Reminders sent: 1."


def test_without_a_case_worker_the_managers_are_told(
    person: Person, partner_a: Organisation, make_user: Callable[..., User]
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    User.objects.filter(pk=manager.pk).update(email="boss@example.org")
    open_case(person, opened_on=D(2024, 1, 10), first_phase="territorial")
    assert run(D(2024, 3, 11)) == "Reminders sent: 1."  # 30 days before first assistance ends
    assert mail.outbox[0].to == ["boss@example.org"]


def test_my_deadlines_and_the_network_s(
    case: Case,
    worker: User,
    coordinator: User,
    partner_b: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    other_person = person_create(
        acting_user=None, code="MI-B-1", organisation=partner_b, gender="man"
    )
    other_worker = make_user(partner_b, [Role.CASE_WORKER])
    open_case(other_person, case_worker=other_worker, opened_on=D(2024, 2, 1))
    mine = client_for(worker).get("/cases/deadlines/")
    rows = [(d.case.person.code, d.kind, days) for d, days in mine.context["rows"]]
    assert rows == [("MI-A-1", "emergency_phase", -6), ("MI-A-1", "first_assistance", 40)]
    network = client_for(coordinator).get("/cases/deadlines/")
    assert [(d.case.person.code, d.kind) for d, _days in network.context["rows"]] == [
        ("MI-A-1", "emergency_phase"),
        ("MI-B-1", "emergency_phase"),
        ("MI-A-1", "first_assistance"),
        ("MI-B-1", "first_assistance"),
    ]


def test_a_threshold_another_run_recorded_is_not_sent_again(
    person: Person, mailed_worker: User
) -> None:
    case = permit_case(person, mailed_worker, D(2024, 6, 30))
    permit = case.permits.get()
    SentReminder.objects.create(
        kind="permit_expiry",
        object_id=str(permit.uuid),
        due_on=D(2024, 6, 30),
        threshold_days=60,
        case=case,
    )
    assert run(D(2024, 5, 2)) == "Reminders sent: 0."
    assert mail.outbox == []


def test_the_pages_leave_out_what_fell_due_over_30_days_ago(
    case: Case,
    worker: User,
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = client_for(worker)
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 25))  # emergency: 30 days late
    assert [(d.kind, n) for d, n in client.get("/cases/deadlines/").context["rows"]] == [
        ("emergency_phase", -30),
        ("first_assistance", 16),
    ]
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 26))
    assert [(d.kind, n) for d, n in client.get("/cases/deadlines/").context["rows"]] == [
        ("first_assistance", 15),
    ]
