"""Who sees which tables, meetings and action items: members only, the coordinator all."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.scoping import visible_to
from approdi.governance.models import ActionItem, Attendance, Decision, Meeting, Table
from approdi.people.services import person_create

from .conftest import person_with_case

pytestmark = pytest.mark.django_db


def test_a_partner_sees_the_tables_it_belongs_to_and_no_other(
    make_user: Callable[..., User],
    table: Table,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    other = Table.objects.create(name="Gruppo B", kind="working_group", chair=lead)
    other.member_organisations.set([lead, partner_b])
    named = Table.objects.create(name="Équipe", kind="multi_agency_team", chair=lead)
    named.member_organisations.set([lead])
    worker_a = make_user(partner_a, [Role.CASE_WORKER])
    named.member_users.add(worker_a)

    seen = {
        role: set(visible_to(make_user(org, [role]), Table).values_list("name", flat=True))
        for org, role in [
            (lead, Role.COORDINATOR),
            (partner_a, Role.ORG_MANAGER),
            (partner_a, Role.OUTREACH_WORKER),
            (partner_b, Role.CASE_WORKER),
            (lead, Role.MONITORING),
            (lead, Role.AUDITOR),
            (lead, Role.ADMIN),
        ]
    }
    assert seen == {
        Role.COORDINATOR: {"Tavolo tecnico", "Gruppo B", "Équipe"},
        Role.ORG_MANAGER: {"Tavolo tecnico"},
        Role.OUTREACH_WORKER: {"Tavolo tecnico"},
        Role.CASE_WORKER: {"Gruppo B"},
        Role.MONITORING: set(),
        Role.AUDITOR: set(),
        Role.ADMIN: set(),
    }
    # A named member sees the table through their own name, once.
    names = list(visible_to(worker_a, Table).order_by("name").values_list("name", flat=True))
    assert names == ["Tavolo tecnico", "Équipe"]


def test_meetings_and_what_hangs_from_them_follow_the_table(
    make_user: Callable[..., User],
    meeting: Meeting,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    member = make_user(partner_a, [Role.CASE_WORKER])
    outsider = make_user(partner_b, [Role.ORG_MANAGER])
    Attendance.objects.create(meeting=meeting, organisation=partner_a, status="present")
    Decision.objects.create(meeting=meeting, text="Deciso")
    ActionItem.objects.create(
        meeting=meeting, description="Fare", owner=member, due_date=datetime.date(2026, 12, 1)
    )
    for model in (Meeting, Attendance, Decision, ActionItem):
        assert visible_to(member, model).count() == 1, model
        assert visible_to(outsider, model).count() == 0, model


def test_pages_of_a_table_the_user_does_not_sit_at_answer_404(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    member = client_for(make_user(partner_a, [Role.CASE_WORKER]))
    outsider = client_for(make_user(partner_b, [Role.CASE_WORKER]))
    item = ActionItem.objects.create(
        meeting=meeting,
        description="Fare",
        owner=User.objects.get(username="coord"),
        due_date=datetime.date(2026, 12, 1),
    )
    table = meeting.table
    urls = [
        f"/governance/tables/{table.uuid}/",
        f"/governance/tables/{table.uuid}/meetings/new/",
        f"/governance/meetings/{meeting.uuid}/",
        f"/governance/meetings/{meeting.uuid}/edit/",
        f"/governance/meetings/{meeting.uuid}/minutes.pdf",
        f"/api/v1/tables/{table.uuid}/",
        f"/api/v1/meetings/{meeting.uuid}/",
        f"/api/v1/action-items/{item.uuid}/",
    ]
    for url in urls[:4] + urls[5:]:
        assert member.get(url).status_code == 200, url
    for url in urls:
        assert outsider.get(url).status_code == 404, url
    # Writes too: the outsider cannot add to a meeting of a table it does not sit at.
    for path in ("attendance", "decisions", "action-items"):
        response = outsider.post(f"/governance/meetings/{meeting.uuid}/{path}/", {"text": "x"})
        assert response.status_code == 404, path
    assert meeting.decisions.count() == 0


def test_case_links_in_minutes_never_reveal_a_case_outside_the_users_scope(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    member = make_user(partner_a, [Role.CASE_WORKER])
    own = person_with_case("MI-A-0001", partner_a, member)
    foreign = person_create(
        acting_user=None, code="MI-B-0001", organisation=partner_b, gender="woman"
    )
    meeting.cases_discussed.set([own, foreign])
    client = client_for(member)

    page = client.get(f"/governance/meetings/{meeting.uuid}/").content.decode()

    assert f'href="/people/{own.uuid}/"' in page
    assert str(foreign.uuid) not in page
    assert "MI-B-0001" in page  # the code is what the table discussed; no link, no page
    assert client.get(f"/people/{foreign.uuid}/").status_code == 404
    coordinator_page = client_for(User.objects.get(username="coord")).get(
        f"/governance/meetings/{meeting.uuid}/"
    )
    assert f'href="/people/{foreign.uuid}/"' in coordinator_page.content.decode()
