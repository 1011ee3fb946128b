"""The case list and the case page run a fixed number of SQL queries, at 10 and 1,000 cases."""

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from approdi.accounts.models import Organisation, User
from approdi.cases.models import Activity, Case, CaseEvent, CasePhase, Permit
from approdi.people.models import Person

D = datetime.date


def build(n: int, organisation: Organisation, worker: User) -> Case:
    """`n` cases assigned to `worker`; the first one gets n activities, permits and events."""
    people = Person.objects.bulk_create(
        Person(code=f"Q-{i:05d}", organisation=organisation, gender="woman") for i in range(n)
    )
    cases = Case.objects.bulk_create(
        Case(
            person=p,
            organisation=organisation,
            case_worker=worker,
            opened_on=D(2024, 1, 1),
            kind="residential",
            programme="art13_first_assistance",
            path="social",
            phase="emergency",
        )
        for p in people
    )
    CasePhase.objects.bulk_create(
        CasePhase(case=c, phase="emergency", started_on=D(2024, 1, 1)) for c in cases
    )
    first = Case.objects.order_by("id").first()
    assert first is not None
    Activity.objects.bulk_create(
        Activity(case=first, kind="interview", date=D(2024, 1, 2)) for _ in range(n)
    )
    Permit.objects.bulk_create(
        Permit(case=first, kind="study", status="issued", expires_on=D(2025, 1, 1))
        for _ in range(n)
    )
    CaseEvent.objects.bulk_create(CaseEvent(case=first, kind="activity") for _ in range(n))
    return first


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["case_worker", "coordinator"])
def test_fixed_queries_at_10_and_1000_cases(
    role: str,
    partner_a: Organisation,
    lead: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    worker = make_user(partner_a, ["case_worker"])
    viewer = worker if role == "case_worker" else make_user(lead, ["coordinator"])
    client = client_for(viewer)
    first = build(10, partner_a, worker)
    client.get("/cases/")  # the first request of a session writes the session
    small = (count(client, "/cases/"), count(client, f"/cases/{first.uuid}/"))
    Activity.objects.all().delete()
    CaseEvent.objects.all().delete()
    Permit.objects.all().delete()
    CasePhase.objects.all().delete()
    Case.objects.all().delete()
    Person.objects.all().delete()
    first = build(1000, partner_a, worker)
    large = (count(client, "/cases/"), count(client, f"/cases/{first.uuid}/"))
    assert small == large
    # Session, user, device and the pages' own queries: pinned, so that a new N+1 shows.
    assert small == EXPECTED[role]


EXPECTED = {"case_worker": (6, 22), "coordinator": (6, 22)}
