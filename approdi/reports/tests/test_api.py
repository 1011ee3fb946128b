"""`GET /api/v1/reports/headline/`: figures, breakdowns, previous period, errors, schema."""

from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User

from .conftest import END, START, Records, referral

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/headline/"


@pytest.fixture
def figures(records: Records, partner_b: Organisation) -> None:
    records.outing(START, 30, 5)
    records.outing(END, 12, kind="indoor", organisation=partner_b, territory="varese")
    records.access(START)
    records.access(END)
    records.case(records.person("woman", birth_year=1999), START)
    records.case(records.person("undisclosed", nationality="RO"), END)
    person = records.person("man")
    referral(person, START, "cas")
    referral(person, END, "police")
    referral(records.person(), START, "self")


def test_the_coordinator_gets_the_headline_table_and_the_breakdowns(
    client_for: Callable[[User], Client], coordinator: User, figures: None
) -> None:
    response = client_for(coordinator).get(URL, {"start": START, "end": END})
    assert response.status_code == 200
    data = response.json()
    assert {k: data[k] for k in ("start", "end", "scope", "small_cells_hidden", "hidden")} == {
        "start": "2024-03-01",
        "end": "2024-03-31",
        "scope": "network",
        "small_cells_hidden": False,
        "hidden": [],
    }
    assert (
        data["street_contacts"],
        data["indoor_contacts"],
        data["low_threshold_accesses"],
        data["people_referred_by_organisations"],
    ) == (35, 12, 2, 1)
    assert data["reception"] == {"woman": 1, "man": 0, "trans": 0, "other": 1, "total": 2}
    assert data["previous"]["start"] == "2024-01-30"
    assert data["previous"]["end"] == "2024-02-29"
    assert data["previous"]["street_contacts"] == 0
    dimensions = [b["dimension"] for b in data["breakdowns"]]
    assert dimensions == [
        "territory",
        "organisation",
        "gender",
        "age_band",
        "nationality",
        "exploitation_form",
    ]
    territory = data["breakdowns"][0]
    # Referrals carry no territory: that column is left out of this breakdown.
    assert territory["measures"] == [
        "street_contacts",
        "indoor_contacts",
        "low_threshold_accesses",
        "reception",
    ]
    assert [(r["key"], r["values"]["street_contacts"]) for r in territory["rows"]] == [
        ("milano", 35),
        ("varese", 0),
    ]
    assert territory["total"]["indoor_contacts"] == 12
    age = next(b for b in data["breakdowns"] if b["dimension"] == "age_band")
    assert {r["key"]: r["values"]["reception"] for r in age["rows"]} == {"18_25": 1, "": 1}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2024-02-30", "end": "2024-03-31"}, "start", "Inserisci una data valida."),
        ({"start": "2024-03-01", "end": "31/03/2024"}, "end", "Inserisci una data valida."),
        (
            {"start": "2024-03-31", "end": "2024-03-01"},
            "non_field_errors",
            "Il primo giorno del periodo non può essere successivo all'ultimo.",
        ),
        (
            {"start": "2024-03-01"},
            "non_field_errors",
            "Indicare sia il primo sia l'ultimo giorno del periodo.",
        ),
    ],
)
def test_bad_dates_answer_400_with_a_clear_message(
    client_for: Callable[[User], Client],
    coordinator: User,
    query: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = client_for(coordinator).get(URL, query)
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_without_dates_the_current_project_period(
    client_for: Callable[[User], Client], coordinator: User
) -> None:
    from approdi.network.models import ProjectPeriod

    ProjectPeriod.objects.create(
        name="Bando 2024", funder="DPO", start="2024-01-01", end="2099-12-31"
    )
    data = client_for(coordinator).get(URL).json()
    assert (data["start"], data["end"]) == ("2024-01-01", "2099-12-31")


def test_the_schema_documents_the_headline_report(
    client_for: Callable[[User], Client], coordinator: User
) -> None:
    schema = client_for(coordinator).get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"][URL]["get"]
    assert operation["operationId"] == "reports_headline"
    assert {p["name"] for p in operation["parameters"]} == {"start", "end"}
    assert set(operation["responses"]) == {"200", "400"}
    properties = schema["components"]["schemas"]["HeadlineReport"]["properties"]
    for name in (
        "street_contacts",
        "indoor_contacts",
        "low_threshold_accesses",
        "people_referred_by_organisations",
        "reception",
        "previous",
        "breakdowns",
        "hidden",
    ):
        assert name in properties, name
