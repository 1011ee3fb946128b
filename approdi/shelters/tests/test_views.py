"""The pages: the bed board finds and holds a bed; errors are clear; who sees what."""

import datetime
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.shelters import services
from approdi.shelters.models import Bed, BedOutage, Placement, Structure

from .conftest import only_bed

D = datetime.date


@pytest.fixture
def worker(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER])


@pytest.fixture
def manager(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.ORG_MANAGER])


def test_the_board_lists_free_beds_by_structure_with_filters(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
    coordinator: User,
) -> None:
    women = make_structure(partner_a, beds=2, name="Casa Donne", mothers_with_children=True)
    make_structure(partner_a, beds=1, name="Casa Uomini", kind="shelter_men", target_gender="men")
    make_structure(partner_a, beds=1, name="Casa Varese", territory="varese")
    services.placement_create(
        acting_user=worker,
        person=make_person(partner_a),
        bed=women.beds.get(label="1"),
        start=D(2024, 5, 1),
        end=D(2024, 6, 1),
        phase="emergency",
    )
    services.bed_outage_create(
        acting_user=coordinator,
        bed=women.beds.get(label="2"),
        start=D(2024, 5, 20),
        end=D(2024, 5, 25),
    )
    client = client_for(worker)

    def board(**params: str) -> list[int]:
        page = client.get("/shelters/", params)
        assert page.status_code == 200
        return [
            page.content.count(b'data-testid="board-structure"'),
            page.content.count(b'data-testid="free-bed"'),
        ]

    assert board(date="2024-05-10") == [3, 3]
    assert board(date="2024-05-21") == [2, 2]
    assert board(date="2024-06-01") == [3, 4]
    assert board(date="2024-06-01", gender="man") == [1, 1]
    assert board(date="2024-06-01", territory="varese") == [1, 1]
    assert board(date="2024-06-01", mothers_with_children="on") == [1, 2]
    assert board(date="2024-06-01", kind="shelter_men", gender="woman") == [0, 0]


@pytest.mark.parametrize("value", ["2024-02-31", "<script>", "9" * 5000])
def test_a_bad_date_on_the_board_is_explained(
    value: str, worker: User, client_for: Callable[[User], Client]
) -> None:
    page = client_for(worker).get("/shelters/", {"date": value})
    assert page.status_code == 200
    assert b'data-testid="filter-errors"' in page.content
    assert b"<script>" not in page.content.split(b"<main")[1].replace(b"<script src", b"")


def test_the_board_costs_the_same_queries_at_any_size(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(worker)
    make_structure(partner_a, beds=1)
    client.get("/shelters/")
    with CaptureQueriesContext(connection) as small:
        client.get("/shelters/")
    for _ in range(5):
        make_structure(partner_a, beds=4)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/shelters/")
    assert page.content.count(b'data-testid="free-bed"') == 21
    assert len(large) == len(small)


def test_holding_a_bed_from_the_board(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a))
    person = make_person(partner_a)
    response = client_for(worker).post(
        f"/shelters/beds/{bed.uuid}/place/",
        {"person_code": person.code, "phase": "emergency", "start": "2024-05-10", "end": ""},
    )
    placement = Placement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/shelters/placements/{placement.uuid}/"
    assert (placement.person, placement.bed, placement.start) == (person, bed, D(2024, 5, 10))


def test_a_bed_just_taken_answers_409_with_the_next_free_beds(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a, name="Casa Presa"))
    make_structure(partner_a, name="Casa Libera")
    services.placement_create(
        acting_user=worker,
        person=make_person(partner_a),
        bed=bed,
        start=D(2024, 5, 1),
        phase="emergency",
    )
    response = client_for(worker).post(
        f"/shelters/beds/{bed.uuid}/place/",
        {"person_code": make_person(partner_a).code, "phase": "emergency", "start": "2024-05-10"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Posto appena preso." in html
    assert html.count('data-testid="alternative"') == 1
    assert "Casa Libera" in html
    assert Placement.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "2024-05-10", "end": "2024-05-09"}, "La fine deve essere successiva all"),
        ({"start": "2024-02-31"}, "Inserisci una data valida"),
        ({"start": "2024-05-10", "person_code": "MI-0000-0000"}, "Nessuna persona con questo"),
        ({"start": "2024-05-10", "gender": "man"}, "Questa struttura non accoglie"),
    ],
)
def test_bad_input_on_the_board_is_a_clear_message_and_saves_nothing(
    data: dict[str, str],
    message: str,
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    bed = only_bed(make_structure(partner_a))
    person = make_person(partner_a, data.pop("gender", "woman"))
    payload = {"person_code": person.code, "phase": "emergency", **data}
    response = client_for(worker).post(f"/shelters/beds/{bed.uuid}/place/", payload)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Placement.objects.exists()


def test_a_manager_creates_a_structure_adds_a_bed_and_puts_it_out_of_service(
    manager: User,
    partner_a: Organisation,
    territories: None,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(manager)
    response = client.post(
        "/shelters/structures/new/",
        {
            "name": "Casa Nuova",
            "territory": "milano",
            "kind": "shelter_women",
            "target_gender": "women",
            "phases": ["first_reception", "second_reception"],
            "active_from": "2024-01-01",
            "address": "Via Nuova 1",
        },
    )
    structure = Structure.objects.get()
    assert response.status_code == 302
    assert (structure.organisation, structure.phases, structure.address) == (
        partner_a,
        ["first_reception", "second_reception"],
        "Via Nuova 1",
    )
    url = f"/shelters/structures/{structure.uuid}/"
    assert client.post(url, {"label": "A", "active_from": "2024-01-01"}).status_code == 302
    bed = Bed.objects.get()
    response = client.post(url, {"bed": str(bed.uuid), "start": "2024-03-01", "end": "2024-02-01"})
    assert response.status_code == 200
    assert not BedOutage.objects.exists()
    assert client.post(url, {"bed": str(bed.uuid), "start": "2024-03-01"}).status_code == 302
    assert BedOutage.objects.get().bed == bed


def test_a_structure_form_refuses_an_end_before_the_start(
    manager: User,
    territories: None,
    client_for: Callable[[User], Client],
) -> None:
    response = client_for(manager).post(
        "/shelters/structures/new/",
        {
            "name": "Casa",
            "territory": "milano",
            "kind": "shelter_women",
            "target_gender": "women",
            "active_from": "2024-01-01",
            "active_to": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "La fine non può essere precedente all" in response.content.decode()
    assert not Structure.objects.exists()


@pytest.mark.parametrize(
    ("role", "board", "capacity"),
    [
        (Role.COORDINATOR, 200, 200),
        (Role.ORG_MANAGER, 200, 200),
        (Role.CASE_WORKER, 200, 200),
        (Role.MONITORING, 404, 200),
        (Role.LEGAL_ADVISOR, 404, 404),
        (Role.OUTREACH_WORKER, 404, 404),
        (Role.AUDITOR, 404, 404),
        (Role.ADMIN, 404, 404),
    ],
)
def test_who_sees_the_board_and_the_figures(
    role: str,
    board: int,
    capacity: int,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get("/shelters/").status_code == board
    assert client.get("/shelters/structures/").status_code == board
    assert client.get("/shelters/capacity/").status_code == capacity
    assert client.get("/shelters/occupancy/").status_code == capacity


def test_a_manager_cannot_edit_another_organisations_structure(
    partner_b: Organisation,
    manager: User,
    make_structure: Callable[..., Structure],
    client_for: Callable[[User], Client],
) -> None:
    other = make_structure(partner_b)
    client = client_for(manager)
    assert client.get(f"/shelters/structures/{other.uuid}/edit/").status_code == 404
    response = client.post(
        f"/shelters/structures/{other.uuid}/", {"label": "X", "active_from": "2024-01-01"}
    )
    assert response.status_code == 404
    assert other.beds.count() == 1


def test_moving_and_ending_from_the_placement_page(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    client_for: Callable[[User], Client],
) -> None:
    first_bed = only_bed(make_structure(partner_a))
    second_bed = only_bed(make_structure(partner_a, name="Casa Dopo"))
    placement = services.placement_create(
        acting_user=worker,
        person=make_person(partner_a),
        bed=first_bed,
        start=D(2024, 1, 1),
        phase="emergency",
    )
    client = client_for(worker)
    response = client.post(
        f"/shelters/placements/{placement.uuid}/",
        {
            "action": "move",
            "bed": str(second_bed.uuid),
            "on": "2024-02-01",
            "phase": "first_reception",
        },
    )
    moved = Placement.objects.get(moved_from=placement)
    assert response.status_code == 302
    page = client.get(f"/shelters/placements/{moved.uuid}/").content.decode()
    assert page.count("list-group-item") == 2  # the history: both placements
    response = client.post(
        f"/shelters/placements/{moved.uuid}/",
        {"action": "end", "end": "2024-01-15", "end_reason": "exit"},
    )
    assert response.status_code == 400
    response = client.post(
        f"/shelters/placements/{moved.uuid}/",
        {"action": "end", "end": "2024-03-01", "end_reason": "exit"},
    )
    assert response.status_code == 302
    moved.refresh_from_db()
    assert (moved.end, moved.end_reason) == (D(2024, 3, 1), "exit")


def test_the_coordinator_edits_a_structure_and_the_change_is_logged_without_values(
    partner_a: Organisation,
    coordinator: User,
    make_structure: Callable[..., Structure],
    client_for: Callable[[User], Client],
) -> None:
    from approdi.core.models import AccessLogEntry

    structure = make_structure(partner_a, name="Casa Vecchia")
    url = f"/shelters/structures/{structure.uuid}/edit/"
    client = client_for(coordinator)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Casa Nuova",
            "territory": "varese",
            "kind": "shelter_women",
            "target_gender": "women",
            "active_from": "2019-03-01",
            "address": "Via Cambiata 2",
        },
    )
    assert response.status_code == 302
    structure.refresh_from_db()
    assert (structure.name, structure.territory, structure.address) == (
        "Casa Nuova",
        "varese",
        "Via Cambiata 2",
    )
    entry = AccessLogEntry.objects.filter(action="update", object_id=str(structure.uuid)).get()
    assert entry.fields == ["address", "name", "territory"]
    assert "Via Cambiata" not in str(entry.reason) + str(entry.fields)
