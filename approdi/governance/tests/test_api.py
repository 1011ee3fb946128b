"""The governance API: the same scope and the same refusals as the pages."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.governance.models import ActionItem, Meeting, Table, TrainingEvent
from approdi.network.models import Protocol

pytestmark = pytest.mark.django_db


def test_lists_hold_exactly_what_the_user_may_see(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    other = Table.objects.create(name="Gruppo B", kind="working_group", chair=lead)
    other.member_organisations.set([lead, partner_b])
    coordinator = User.objects.get(username="coord")
    event = TrainingEvent.objects.create(
        date=datetime.date(2026, 5, 1),
        kind="other",
        title="Evento B",
        participants=3,
        recorded_by=coordinator,
    )
    event.organisers.set([partner_b])
    member = client_for(make_user(partner_a, [Role.CASE_WORKER]))

    tables = member.get("/api/v1/tables/").json()
    meetings = member.get("/api/v1/meetings/").json()
    trainings = member.get("/api/v1/trainings/").json()

    assert [t["name"] for t in tables["results"]] == ["Tavolo tecnico"]
    assert tables["results"][0]["organisation"] == "comune"
    assert sorted(tables["results"][0]["member_organisations"]) == ["alfa", "comune"]
    assert [m["id"] for m in meetings["results"]] == [str(meeting.uuid)]
    assert trainings["count"] == 0
    for role in (Role.MONITORING, Role.AUDITOR, Role.ADMIN):
        client = client_for(make_user(lead, [role]))
        assert client.get("/api/v1/tables/").status_code == 403, role


def test_a_meeting_posted_for_a_table_the_user_is_not_a_member_of_is_refused(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    table: Table,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    outsider = client_for(make_user(partner_b, [Role.ORG_MANAGER]))
    payload = {"table": str(table.uuid), "date": "2026-11-20", "agenda": "Punto"}

    refused = outsider.post("/api/v1/meetings/", payload, content_type="application/json")

    assert refused.status_code == 400
    assert list(refused.json()) == ["table"]
    assert Meeting.objects.count() == 0

    member = client_for(make_user(partner_a, [Role.ORG_MANAGER]))
    created = member.post("/api/v1/meetings/", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["table"] == str(table.uuid)
    assert Meeting.objects.get().agenda == "Punto"


def test_an_action_item_without_owner_or_due_date_is_a_400_and_nothing_is_saved(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    partner_a: Organisation,
) -> None:
    member = make_user(partner_a, [Role.ORG_MANAGER], username="manager.alfa")
    client = client_for(member)
    base = {"meeting": str(meeting.uuid), "description": "Fare"}

    refused = client.post(
        "/api/v1/action-items/",
        {**base, "owner": None, "due_date": None},
        content_type="application/json",
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "owner": ["Ogni azione ha bisogno di un responsabile."],
        "due_date": ["Ogni azione ha bisogno di una scadenza."],
    }
    assert ActionItem.objects.count() == 0

    created = client.post(
        "/api/v1/action-items/",
        {**base, "owner": "manager.alfa", "due_date": "2026-12-01"},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["owner"], body["organisation"], body["status"]) == ("manager.alfa", "alfa", "open")

    closed = client.patch(
        f"/api/v1/action-items/{body['id']}/", {"status": "done"}, content_type="application/json"
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "done"
    assert ActionItem.objects.get().status == "done"


def test_protocols_are_listed_with_their_status_today(
    client_for: Callable[[User], Client], coordinator: User, lead: Organisation
) -> None:
    old = Protocol.objects.create(
        title="Vecchio",
        kind="operational",
        status="signed",
        signed_on=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2020, 1, 1),
    )
    old.organisations.set([lead])
    Protocol.objects.create(title="Bozza", kind="operational", status="draft")

    body = client_for(coordinator).get("/api/v1/protocols/").json()

    assert [(p["title"], p["status"], p["status_today"]) for p in body["results"]] == [
        ("Bozza", "draft", "draft"),
        ("Vecchio", "signed", "expired"),
    ]
    assert body["results"][1]["organisations"] == ["comune"]
