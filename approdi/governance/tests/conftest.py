"""Governance fixtures: a lead, two partners, a table of the lead and partner A only."""

import datetime
from collections.abc import Callable

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.services import case_open
from approdi.governance.models import Meeting, Table
from approdi.people.models import Person
from approdi.people.services import person_create

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def coordinator(make_user: Callable[..., User], lead: Organisation) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def table(lead: Organisation, partner_a: Organisation) -> Table:
    """The technical table: the lead and partner A sit at it, partner B does not."""
    table = Table.objects.create(
        name="Tavolo tecnico", kind="technical_coordination", chair=lead, frequency_months=1
    )
    table.member_organisations.set([lead, partner_a])
    return table


def person_with_case(code: str, organisation: Organisation, case_worker: User) -> Person:
    """A person whose case `case_worker` holds: the worker's scope includes them."""
    person = person_create(acting_user=None, code=code, organisation=organisation, gender="woman")
    case_open(
        acting_user=None,
        person=person,
        organisation=organisation,
        case_worker=case_worker,
        opened_on=datetime.date(2026, 1, 5),
        programme="art13_first_assistance",
        path="social",
        first_phase="emergency",
    )
    return person


@pytest.fixture
def meeting(table: Table, coordinator: User) -> Meeting:
    return Meeting.objects.create(
        table=table, date=datetime.date(2026, 11, 2), recorded_by=coordinator
    )
