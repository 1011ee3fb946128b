"""The follow-up statistic: meetings held in a period against the planned frequency."""

import datetime
from collections.abc import Callable

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.governance import selectors
from approdi.governance.models import Meeting, Table, TrainingEvent

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2019, 3, 1), D(2020, 5, 31), 15.0),
        (D(2019, 2, 1), D(2019, 2, 28), 1.0),
        (D(2019, 1, 15), D(2019, 2, 14), 1.0),
        (D(2019, 1, 1), D(2019, 1, 15), 0.5),
    ],
)
def test_months_in_period(start: datetime.date, end: datetime.date, months: float) -> None:
    assert selectors.months_in_period(start, end) == months


@pytest.mark.parametrize(("frequency", "planned"), [(1, 15), (2, 7), (3, 5), (12, 1), (None, None)])
def test_planned_meetings_over_the_2019_period(frequency: int | None, planned: int | None) -> None:
    assert selectors.planned_meetings(frequency, D(2019, 3, 1), D(2020, 5, 31)) == planned


@pytest.mark.django_db
def test_meetings_held_against_planned_on_hand_made_data(
    make_user: Callable[..., User], lead: Organisation, partner_a: Organisation
) -> None:
    coordinator = make_user(lead, [Role.COORDINATOR])
    monthly = Table.objects.create(
        name="A mensile", kind="technical_coordination", chair=lead, frequency_months=1
    )
    bimonthly = Table.objects.create(
        name="B bimestrale", kind="emersione", chair=lead, frequency_months=2
    )
    team = Table.objects.create(name="C équipe MI-2019-0042", kind="multi_agency_team", chair=lead)
    for table in (monthly, bimonthly, team):
        table.member_organisations.set([lead, partner_a])
    dates = {
        monthly: [D(2019, 1, 31), D(2019, 2, 1), D(2019, 3, 5), D(2019, 4, 30), D(2019, 5, 1)],
        bimonthly: [D(2019, 2, 10), D(2019, 4, 10)],
        team: [D(2019, 3, 3)],
    }
    for table, days in dates.items():
        for day in days:
            Meeting.objects.create(table=table, date=day, recorded_by=coordinator)

    rows = selectors.table_frequency(user=coordinator, start=D(2019, 2, 1), end=D(2019, 4, 30))

    assert [(r.label, r.held, r.planned, r.behind) for r in rows] == [
        ("A mensile", 3, 3, False),
        ("B bimestrale", 2, 1, False),
        ("C équipe MI-2019-0042", 1, None, False),
    ]
    # The monitoring view names no multi-agency team (one per shared case).
    monitoring = selectors.monitoring_table_frequency(start=D(2019, 2, 1), end=D(2019, 5, 31))
    assert [(r.label, r.held, r.planned, r.behind) for r in monitoring] == [
        ("A mensile", 4, 4, False),
        ("B bimestrale", 2, 2, False),
        ("Équipe multiagenzia (1)", 1, None, False),
    ]
    behind = selectors.table_frequency(user=coordinator, start=D(2019, 2, 1), end=D(2019, 7, 31))
    assert [(r.held, r.planned, r.behind) for r in behind][:2] == [(4, 6, True), (2, 3, True)]


@pytest.mark.django_db
def test_training_counts_per_kind_in_the_period(
    make_user: Callable[..., User], lead: Organisation, partner_a: Organisation
) -> None:
    coordinator = make_user(lead, [Role.COORDINATOR])
    for day, kind, participants in [
        (D(2019, 5, 16), "training_cas_staff", 64),
        (D(2019, 11, 7), "training_cas_staff", 38),
        (D(2019, 10, 3), "mutual_training_networks", 45),
        (D(2020, 6, 1), "community_awareness", 120),
    ]:
        event = TrainingEvent.objects.create(
            date=day, kind=kind, title=kind, participants=participants, recorded_by=coordinator
        )
        # Two organisers: a join must not count the event twice.
        event.organisers.set([lead, partner_a])
    counts = selectors.training_counts(
        start=D(2019, 3, 1), end=D(2020, 5, 31), queryset=TrainingEvent.objects.all()
    )
    assert [(c.kind, c.events, c.participants) for c in counts] == [
        ("mutual_training_networks", 1, 45),
        ("training_cas_staff", 2, 102),
    ]
