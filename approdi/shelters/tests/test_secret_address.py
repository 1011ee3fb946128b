"""A structure's address is secret: only its organisation and the coordination office
ever see it. Every page, export and API response seen by others is searched for it."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.shelters import services
from approdi.shelters.models import Structure

SECRET = "Vicolo Nascosto 13"


@pytest.fixture
def hidden(
    partner_a: Organisation,
    partner_b: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    coordinator: User,
) -> Structure:
    """Alfa's shelter with its secret address, hosting a person of Beta."""
    structure = make_structure(partner_a, beds=2, name="Casa Alfa", address=SECRET)
    services.placement_create(
        acting_user=coordinator,
        person=make_person(partner_b, "woman"),
        bed=structure.beds.get(label="1"),
        start=datetime.date(2024, 1, 1),
        phase="first_reception",
    )
    return structure


def urls_of(structure: Structure) -> list[str]:
    placement = only_bed_placement(structure)
    bed = structure.beds.get(label="2")
    return [
        "/",
        "/shelters/",
        "/shelters/?date=2024-06-01",
        "/shelters/?territory=milano&gender=woman",
        "/shelters/structures/",
        f"/shelters/structures/{structure.uuid}/",
        f"/shelters/structures/{structure.uuid}/edit/",
        "/shelters/placements/",
        f"/shelters/placements/{placement}/",
        "/shelters/capacity/",
        "/shelters/occupancy/?month=2024-06",
        "/api/v1/structures/",
        f"/api/v1/structures/{structure.uuid}/",
        "/api/v1/beds/",
        f"/api/v1/beds/{bed.uuid}/",
        "/api/v1/beds/?free_on=2024-06-01",
        "/api/v1/placements/",
        f"/api/v1/placements/{placement}/",
        "/api/v1/reports/capacity/",
        "/api/schema/",
        "/audit/",
        "/audit/export.csv",
    ]


def only_bed_placement(structure: Structure) -> str:
    return str(structure.beds.get(label="1").placements.get().uuid)


# Every role but the coordination office's, in another organisation, the lead and Alfa.
OTHERS = [
    (role, org) for org in ("b", "lead") for role in Role.values if role != Role.COORDINATOR
] + [
    (role, "a")
    for role in (
        Role.LEGAL_ADVISOR,
        Role.OUTREACH_WORKER,
        Role.MONITORING,
        Role.AUDITOR,
        Role.ADMIN,
    )
]


@pytest.mark.parametrize(("role", "org"), OTHERS)
def test_the_address_is_in_no_response_seen_by_others(
    role: str,
    org: str,
    hidden: Structure,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    organisation = {"a": partner_a, "b": partner_b, "lead": lead}[org]
    client = client_for(make_user(organisation, [role]))
    bed = hidden.beds.get(label="2")
    responses = [client.get(url) for url in urls_of(hidden)]
    responses.append(  # a refused placement's error page
        client.post(f"/shelters/beds/{bed.uuid}/place/", {"person_code": "nobody"})
    )
    assert all(r.status_code < 500 for r in responses)
    for response in responses:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body, response.wsgi_request.path


def test_partner_staff_of_another_organisation_still_find_the_bed(
    hidden: Structure,
    partner_b: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_b, [Role.CASE_WORKER]))
    page = client.get("/shelters/", {"date": "2024-06-01"})
    assert b"Casa Alfa" in page.content
    body = client.get(f"/api/v1/structures/{hidden.uuid}/").json()
    assert body["name"] == "Casa Alfa"
    assert "address" not in body


@pytest.mark.parametrize(
    ("role", "org"), [(Role.COORDINATOR, "lead"), (Role.ORG_MANAGER, "a"), (Role.CASE_WORKER, "a")]
)
def test_the_owner_and_the_coordination_office_see_it(
    role: str,
    org: str,
    hidden: Structure,
    lead: Organisation,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    organisation = {"a": partner_a, "lead": lead}[org]
    client = client_for(make_user(organisation, [role]))
    assert SECRET.encode() in client.get(f"/shelters/structures/{hidden.uuid}/").content
    assert client.get(f"/api/v1/structures/{hidden.uuid}/").json()["address"] == SECRET
    # Still never in lists, the board or the figures.
    for url in (
        "/shelters/",
        "/shelters/structures/",
        "/shelters/capacity/",
        "/api/v1/structures/?kind=emergency_women",
        "/api/v1/reports/capacity/",
    ):
        assert SECRET.encode() not in client.get(url).content


def test_the_address_is_encrypted_at_rest(hidden: Structure) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM shelters_structure WHERE id = %s", [hidden.pk])
        (stored,) = cursor.fetchone()
    assert SECRET not in stored
    assert stored.startswith("gAAAA")
