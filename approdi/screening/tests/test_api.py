"""The assessments API and the read-only indicator catalogue."""

from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.people.models import Person
from approdi.screening.models import Assessment, AssessmentAnswer

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments/"
BASE = {"person": "MI-A-1", "assessed_on": "2024-03-02", "kind": "preliminary"}


def test_create_with_answers_and_read_back(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager_a)
    response = client.post(
        URL,
        {
            **BASE,
            "conclusion": "presumed_victim",
            "exploitation_forms": ["sexual"],
            "answers": [
                {"indicator": "no_or_low_pay", "answer": "yes", "evidence": "Consegna tutto"},
                {"indicator": "forced_tasks_clients", "answer": "yes"},
                {"indicator": "debt_bondage", "answer": "unknown"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["computed_result"] == "serious_exploitation"
    assert body["rule_version"] == 1
    assert body["triage_score"] == 6
    assert body["person"] == "MI-A-1"
    assert {"indicator": "debt_bondage", "answer": "unknown"} in body["answers"]
    assert "Consegna" not in response.content.decode()
    listed = client.get(URL).json()["results"]
    assert [a["id"] for a in listed] == [body["id"]]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {**BASE, "conclusion": "at_risk", "answers": [{"indicator": "ghost", "answer": "yes"}]},
            {"answers": ["Indicatori sconosciuti: ghost. Non è stato salvato nulla."]},
        ),
        (
            {**BASE, "person": "MI-B-1", "conclusion": "at_risk"},
            {"person": ["Nessuna persona con questo codice tra quelle che puoi vedere."]},
        ),
    ],
)
def test_bad_input_is_a_400_and_nothing_saved(
    manager_a: User,
    person_a: Person,
    person_b: Person,
    payload: dict[str, object],
    errors: dict[str, list[str]],
    client_for: Callable[[User], Client],
) -> None:
    response = client_for(manager_a).post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert Assessment.objects.count() == 0
    assert AssessmentAnswer.objects.count() == 0


def test_catalogue_is_read_only(manager_a: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(manager_a)
    catalogue = client.get("/api/v1/indicators/").json()
    assert len(catalogue) == 40
    one = client.get("/api/v1/indicators/excessive_hours/").json()
    assert one == {
        "code": "excessive_hours",
        "dimension": 4,
        "dimension_code": "exploitation",
        "label_en": "Excessive working days or hours",
        "label_it": "Giornate od orari di lavoro eccessivi",
        "labour_strength": "S",
        "sexual_strength": "M",
        "version": 1,
    }
    assert client.post("/api/v1/indicators/", {"code": "x"}).status_code == 405


@pytest.mark.parametrize("role", ["outreach_worker", "monitoring", "auditor", "admin"])
def test_roles_without_cases_are_refused(
    role: str,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get(URL).status_code == 403
    assert client.get("/api/v1/indicators/").status_code == 403
