"""Governance fixtures: a lead, two partners, a table of the lead and partner A only."""

import datetime
from collections.abc import Callable

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.governance.models import Meeting, Table

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


@pytest.fixture
def meeting(table: Table, coordinator: User) -> Meeting:
    return Meeting.objects.create(
        table=table, date=datetime.date(2026, 11, 2), recorded_by=coordinator
    )
