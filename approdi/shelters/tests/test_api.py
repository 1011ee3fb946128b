"""The API: placing answers 201, 400 with field messages, or 409 with alternatives;
records outside scope answer 404."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.shelters.models import Placement, Structure

from .conftest import only_bed


@pytest.fixture
def worker(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER])


def post(client: Client, who: Person, bed_uuid: object, **extra: object) -> tuple[int, dict]:
    payload = {
        "person": str(who.uuid),
        "bed": str(bed_uuid),
        "start": "2024-05-10",
        "phase": "emergency",
        **extra,
    }
    response = client.post("/api/v1/placements/", payload, content_type="application/json")
    return response.status_code, response.json()


def test_placing_then_the_same_bed_again_answers_409_with_alternatives(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a, name="Casa Prima"))
    other = only_bed(make_structure(partner_a, name="Casa Seconda"))
    client = client_for(worker)
    status, body = post(client, make_person(partner_a), bed.uuid)
    assert status == 201
    assert (body["bed"], body["start"], body["end"], body["phase"]) == (
        str(bed.uuid),
        "2024-05-10",
        None,
        "emergency",
    )
    status, body = post(client, make_person(partner_a), bed.uuid, start="2024-06-01")
    assert status == 409
    assert body["code"] == "bed_taken"
    assert [a["id"] for a in body["alternatives"]] == [str(other.uuid)]


@pytest.mark.parametrize(
    ("extra", "errors"),
    [
        ({"end": "2024-05-01"}, {"end": ["La fine deve essere successiva all'inizio."]}),
        ({"start": "2024-02-31"}, None),
        ({"phase": "holiday"}, None),
        ({"bed": "not-a-uuid"}, None),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(
    extra: dict[str, str],
    errors: dict[str, list[str]] | None,
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a))
    status, body = post(client_for(worker), make_person(partner_a), bed.uuid, **extra)
    assert status == 400
    if errors is not None:
        assert body == errors
    else:
        assert set(body) == set(extra)
    assert not Placement.objects.exists()


def test_wrong_gender_and_out_of_service_are_400_with_the_reason(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
    coordinator: User,
) -> None:
    from approdi.shelters import services

    men = only_bed(make_structure(partner_a, kind="shelter_men", target_gender="men"))
    status, body = post(client_for(worker), make_person(partner_a, "woman"), men.uuid)
    assert (status, body) == (
        400,
        {"bed": ["Questa struttura non accoglie persone del genere di questa persona."]},
    )
    bed = only_bed(make_structure(partner_a))
    services.bed_outage_create(acting_user=coordinator, bed=bed, start=datetime.date(2024, 5, 1))
    status, body = post(client_for(worker), make_person(partner_a, "woman"), bed.uuid)
    assert (status, body) == (
        400,
        {"bed": ["Questo posto letto è fuori servizio in quel periodo."]},
    )
    assert not Placement.objects.exists()


def test_someone_elses_person_is_unknown(
    worker: User,
    partner_a: Organisation,
    partner_b: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a))
    status, body = post(client_for(worker), make_person(partner_b), bed.uuid)
    assert (status, body) == (400, {"person": ["Persona inesistente."]})


def test_free_beds_on_a_night(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    structure = make_structure(partner_a, beds=3, mothers_with_children=True)
    make_structure(partner_a, beds=1, kind="shelter_men", target_gender="men")
    client = client_for(worker)
    post(client, make_person(partner_a), structure.beds.get(label="2").uuid)
    body = client.get(
        "/api/v1/beds/",
        {"free_on": "2024-06-01", "gender": "woman", "mothers_with_children": "true"},
    ).json()
    assert [b["label"] for b in body["results"]] == ["1", "3"]
    body = client.get("/api/v1/beds/", {"free_on": "2024-05-09"}).json()
    assert body["count"] == 4
    assert client.get("/api/v1/beds/", {"free_on": "2024-13-01"}).status_code == 400
    assert client.get("/api/v1/beds/", {"free_on": "2024-06-01", "gender": "x"}).status_code == 400


# (role, organisation, sees the placement of Beta's person in Alfa's structure)
MATRIX = [
    (Role.COORDINATOR, "lead", True),
    (Role.ORG_MANAGER, "a", True),
    (Role.CASE_WORKER, "b", True),
    (Role.CASE_WORKER, "c", False),
    (Role.ORG_MANAGER, "c", False),
    (Role.LEGAL_ADVISOR, "a", False),
    (Role.OUTREACH_WORKER, "a", False),
    (Role.MONITORING, "lead", False),
    (Role.AUDITOR, "lead", False),
    (Role.ADMIN, "lead", False),
]


@pytest.mark.parametrize(("role", "org", "sees"), MATRIX)
def test_a_placement_outside_scope_answers_404_in_the_ui_and_the_api(
    role: str,
    org: str,
    sees: bool,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator: User,
) -> None:
    from approdi.shelters import services

    gamma = Organisation.objects.create(slug="gamma", name="Gamma", kind="partner")
    placement = services.placement_create(
        acting_user=coordinator,
        person=make_person(partner_b),
        bed=only_bed(make_structure(partner_a)),
        start=datetime.date(2024, 1, 1),
        phase="emergency",
    )
    orgs = {"lead": lead, "a": partner_a, "b": partner_b, "c": gamma}
    client = client_for(make_user(orgs[org], [role]))
    ui = client.get(f"/shelters/placements/{placement.uuid}/")
    api = client.get(f"/api/v1/placements/{placement.uuid}/")
    assert ui.status_code == (200 if sees else 404)
    assert api.status_code == (
        200
        if sees
        else (404 if role in {Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER} else 403)
    )
    if not sees:
        assert placement.person.code.encode() not in ui.content + api.content


def test_the_placement_list_costs_the_same_queries_at_any_size(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from approdi.shelters import services

    client = client_for(worker)
    post(client, make_person(partner_a), only_bed(make_structure(partner_a)).uuid)
    client.get("/api/v1/placements/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/api/v1/placements/").json()["count"] == 1
    for _ in range(6):  # each placed, then moved: the list shows where they moved from
        _status, body = post(
            client, make_person(partner_a), only_bed(make_structure(partner_a)).uuid
        )
        services.placement_move(
            acting_user=worker,
            placement=Placement.objects.get(uuid=body["id"]),
            bed=only_bed(make_structure(partner_a)),
            on=datetime.date(2024, 6, 1),
        )
    with CaptureQueriesContext(connection) as large:
        body = client.get("/api/v1/placements/").json()
    assert body["count"] == 13
    assert sum(1 for p in body["results"] if p["moved_from"]) == 6
    assert len(large) == len(small)
