"""The case pages: forms hand input to services, bad input comes back on the field."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases import home, selectors, services
from approdi.cases.models import Case, CaseEvent, CasePhase, HomeVisit, Permit
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.models import Person

D = datetime.date


def test_a_case_worker_opens_a_case_from_the_form(
    person: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    worker = make_user(partner_a, [Role.CASE_WORKER])
    response = client_for(manager).post(
        "/cases/new/",
        {
            "person": person.pk,
            "organisation": partner_a.pk,
            "case_worker": worker.pk,
            "opened_on": "2024-01-10",
            "programme": "art13_first_assistance",
            "path": "social",
            "first_phase": "emergency",
            "territory": "",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.uuid}/"
    assert (case.case_worker, case.phase, case.kind) == (worker, "emergency", "residential")
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_id=str(case.uuid)
    ).exists()
    assert client_for(worker).get("/cases/").context["page"].object_list[0] == case


def test_a_refused_move_comes_back_on_the_field_and_saves_nothing(
    case: Case, worker: User, client_for: Callable[[User], Client]
) -> None:
    services.case_move_phase(
        acting_user=worker,
        case=case,
        phase="second_reception",
        started_on=D(2024, 2, 1),
        reason="x",
    )
    client = client_for(worker)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/cases/{case.uuid}/phase/",
        {"phase": "first_reception", "started_on": "2024-03-01", "reason": "back"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "phase": ["The pathway does not allow a move from Second reception to First reception."]
    }
    assert CasePhase.objects.filter(case=case).count() == 2


def test_a_permit_expiring_before_issue_comes_back_on_the_field(
    case: Case, worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/cases/{case.uuid}/permit/",
        {
            "kind": "art18_special_cases",
            "status": "issued",
            "issued_on": "2024-03-01",
            "expires_on": "2024-02-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "expires_on": ["A permit cannot expire before it is issued."]
    }
    assert Permit.objects.count() == 0


def test_an_exit_before_opening_comes_back_in_italian(
    case: Case, worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    client.cookies["django_language"] = "it"
    response = client.post(
        f"/cases/{case.uuid}/exit/",
        {
            "exit_on": "2024-01-01",
            "outcome": "autonomy_achieved",
            "housing": "own_rental",
            "employment": "permanent",
            "permit_status": "valid",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "exit_on": ["L'uscita non può precedere l'apertura della presa in carico (2024-01-10)."]
    }
    case.refresh_from_db()
    assert case.status == "active"


def test_a_legal_advisor_records_permits_but_no_activities(
    case: Case,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_a, [Role.LEGAL_ADVISOR]))
    assert client.get(f"/cases/{case.uuid}/activity/").status_code == 404
    assert client.get(f"/cases/{case.uuid}/permit/").status_code == 200
    form = client.get(f"/cases/{case.uuid}/proceeding/").context["form"]
    assert "docket_number" in form.fields


def panels_of(response: Any) -> dict[str, Any]:
    """The home page's panels by template."""
    return {panel.template: panel.context for panel in response.context["panels"]}


def test_the_home_page_shows_my_cases_what_falls_due_and_what_changed(
    case: Case,
    worker: User,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    client = client_for(worker)
    first = client.get("/")
    panel = panels_of(first)["cases/home_panel.html"]
    assert [c.person.code for c in panel["my_cases"]] == ["MI-A-1"]
    assert panel["changes"] == []  # first visit: nothing to compare with
    # Emergency phase since 10 Jan 2024: 45 days passed on 24 Feb; first assistance
    # ends on 10 Apr, after this week.
    assert [(d.kind, days) for d, days in panel["due"]] == [("emergency_phase", -6)]
    # Later, a colleague records an activity; the next visit shows it.
    earlier = timezone.now() - home.VISIT_GAP - datetime.timedelta(minutes=1)
    HomeVisit.objects.filter(user=worker).update(last_at=earlier)
    CaseEvent.objects.update(at=earlier - datetime.timedelta(hours=1))
    colleague = make_user(partner_a, [Role.ORG_MANAGER])
    services.activity_add(acting_user=colleague, case=case, kind="interview", date=D(2024, 1, 12))
    panel = panels_of(client.get("/"))["cases/home_panel.html"]
    assert [(e.kind, e.actor) for e in panel["changes"]] == [("activity", colleague)]
    # A reload within the same visit still shows it.
    panel = panels_of(client.get("/"))["cases/home_panel.html"]
    assert len(panel["changes"]) == 1


@pytest.mark.parametrize("role", [Role.OUTREACH_WORKER, Role.MONITORING, Role.AUDITOR, Role.ADMIN])
def test_roles_without_cases_have_no_case_pages(
    role: str,
    case: Case,
    lead: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(lead, [role]))
    for url in ["/cases/", "/cases/deadlines/", f"/cases/{case.uuid}/", "/cases/new/"]:
        assert client.get(url).status_code == 404
    assert "cases/home_panel.html" not in panels_of(client.get("/"))


def test_a_permit_is_renewed_a_goal_reviewed_and_the_programme_changed_from_the_pages(
    case: Case, worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    permit = services.permit_add(
        acting_user=worker,
        case=case,
        kind="art18_special_cases",
        status="issued",
        issued_on=D(2024, 2, 1),
        expires_on=D(2024, 8, 1),
    )
    response = client.post(
        f"/cases/{case.uuid}/permit/{permit.uuid}/",
        {
            "kind": "art18_special_cases",
            "status": "renewed",
            "issued_on": "2024-02-01",
            "expires_on": "2025-08-01",
        },
    )
    assert response.status_code == 302
    permit.refresh_from_db()
    assert (permit.status, permit.expires_on) == ("renewed", D(2025, 8, 1))
    goal = services.goal_add(
        acting_user=worker, case=case, description="Italian A2", target_on=D(2024, 6, 1)
    )
    response = client.post(
        f"/cases/{case.uuid}/goal/{goal.pk}/review/",
        {"reviewed_on": "2024-06-01", "notes": "passed", "status": "achieved"},
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
    response = client.post(
        f"/cases/{case.uuid}/programme/", {"programme": "art18_assistance", "path": "judicial"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.programme, case.path) == ("art18_assistance", "judicial")
    assert case.events.first().kind == "programme"  # type: ignore[union-attr]


def test_another_case_s_permit_answers_404(
    case: Case,
    worker: User,
    partner_b: Organisation,
    client_for: Callable[[User], Client],
) -> None:
    from approdi.people.services import person_create

    from .factories import open_case

    other = open_case(
        person_create(acting_user=None, code="MI-B-1", organisation=partner_b, gender="man")
    )
    foreign = Permit.objects.create(case=other, kind="study", status="applied")
    client = client_for(worker)
    assert client.get(f"/cases/{case.uuid}/permit/{foreign.uuid}/").status_code == 404
    assert client.get(f"/cases/{other.uuid}/permit/{foreign.uuid}/").status_code == 404


def test_the_person_page_lists_the_visible_cases_only(
    case: Case,
    worker: User,
    partner_b: Organisation,
    coordinator: User,
    client_for: Callable[[User], Client],
) -> None:
    from .factories import open_case

    other = open_case(case.person, organisation=partner_b, opened_on=D(2024, 2, 1))
    mine = client_for(worker).get(f"/people/{case.person.uuid}/").context["cases"]
    assert mine == [case]
    everything = client_for(coordinator).get(f"/people/{case.person.uuid}/").context["cases"]
    assert everything == [other, case]


def test_a_manager_assigns_the_case_within_the_organisation(
    case: Case,
    partner_a: Organisation,
    partner_b: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    colleague = make_user(partner_a, [Role.CASE_WORKER])
    stranger = make_user(partner_b, [Role.CASE_WORKER])
    client = client_for(manager)
    refused = client.post(f"/cases/{case.uuid}/assign/", {"case_worker": stranger.pk})
    assert refused.status_code == 200 and "case_worker" in refused.context["form"].errors
    done = client.post(
        f"/cases/{case.uuid}/assign/", {"case_worker": colleague.pk, "team": [manager.pk]}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.case_worker, list(case.team.all())) == (colleague, [manager])
    entry = AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_id=str(case.uuid)
    ).get()
    assert entry.fields == ["case_worker", "team"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("opened_on", "9999-12-31"), ("reflection_started_on", "9999-12-31")],
)
def test_opening_dates_in_the_future_come_back_on_the_field(
    field: str,
    value: str,
    person: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    data = {
        "person": person.pk,
        "organisation": partner_a.pk,
        "opened_on": "2024-01-10",
        "programme": "art13_first_assistance",
        "path": "social",
        "first_phase": "emergency",
        field: value,
    }
    response = client_for(make_user(partner_a, [Role.ORG_MANAGER])).post("/cases/new/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert Case.objects.count() == 0
