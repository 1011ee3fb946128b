"""The case resources of the API: pathway included, records by case, read-only."""

import datetime
from collections.abc import Callable

from django.test import Client

from approdi.accounts.models import User
from approdi.cases import services
from approdi.cases.models import Case

D = datetime.date


def test_a_case_with_its_phases_and_records(
    case: Case, worker: User, client_for: Callable[[User], Client]
) -> None:
    services.case_move_phase(
        acting_user=worker,
        case=case,
        phase="first_reception",
        started_on=D(2024, 2, 1),
        reason="bed",
    )
    activity = services.activity_add(
        acting_user=worker,
        case=case,
        kind="interview",
        date=D(2024, 2, 2),
        duration_minutes=30,
        notes="not in the API",
    )
    services.case_exit(
        acting_user=worker,
        case=case,
        exit_on=D(2024, 3, 1),
        outcome="autonomy_achieved",
        housing="shared",
        employment="fixed_term",
        permit_status="valid",
    )
    client = client_for(worker)
    body = client.get(f"/api/v1/cases/{case.uuid}/").json()
    assert body == {
        "id": str(case.uuid),
        "person": "MI-A-1",
        "person_id": str(case.person.uuid),
        "organisation": "alfa",
        "case_worker": "wanda",
        "kind": "residential",
        "programme": "art13_first_assistance",
        "path": "social",
        "status": "follow_up",
        "phase": "first_reception",
        "opened_on": "2024-01-10",
        "closed_on": None,
        "phases": [
            {
                "phase": "emergency",
                "started_on": "2024-01-10",
                "ended_on": "2024-02-01",
                "reason": "",
                "placement_reference": "",
            },
            {
                "phase": "first_reception",
                "started_on": "2024-02-01",
                "ended_on": "2024-03-01",
                "reason": "bed",
                "placement_reference": "",
            },
        ],
    }
    assert client.get("/api/v1/activities/").json()["results"] == [
        {
            "id": str(activity.uuid),
            "case": str(case.uuid),
            "kind": "interview",
            "date": "2024-02-02",
            "duration_minutes": 30,
            "provider": "",
            "outcome": "",
        }
    ]
    exits = client.get("/api/v1/exits/", {"outcome": "autonomy_achieved"}).json()["results"]
    assert [(e["case"], e["housing"]) for e in exits] == [(str(case.uuid), "shared")]
    assert client.get("/api/v1/cases/", {"status": "active"}).json()["count"] == 0
    # Read-only: no write method exists.
    assert client.post("/api/v1/cases/", {}, content_type="application/json").status_code == 405
