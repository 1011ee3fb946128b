"""Occupancy (bed-nights used over available) and length of stay per phase, exactly."""

import datetime
from collections.abc import Callable

from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.shelters import services
from approdi.shelters.models import Structure
from approdi.shelters.selectors import length_of_stay, occupancy

D = datetime.date


def test_bed_nights_used_over_available_per_structure_and_kind(
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    coordinator: User,
) -> None:
    # Given a shelter with 2 beds (one out of service for 10 nights of June 2024)
    shelter = make_structure(partner_a, beds=2, name="Casa A")
    # and a flat opening on 16 June with 1 bed,
    flat = make_structure(
        partner_a,
        beds=1,
        name="Alloggio B",
        kind="autonomy_flat",
        target_gender="all",
        active_from=D(2024, 6, 16),
    )
    services.bed_outage_create(
        acting_user=coordinator,
        bed=shelter.beds.get(label="2"),
        start=D(2024, 6, 1),
        end=D(2024, 6, 11),
    )
    # and people placed: 20 May – 5 June (4 nights in June), 20 June – open (11 nights),
    # and in the flat 16 June – 1 July (15 nights).
    ada, bea, cleo = (make_person(partner_a) for _ in range(3))
    bed1 = shelter.beds.get(label="1")
    for person, bed, start, end in (
        (ada, bed1, D(2024, 5, 20), D(2024, 6, 5)),
        (bea, bed1, D(2024, 6, 20), None),
        (cleo, flat.beds.get(), D(2024, 6, 16), D(2024, 7, 1)),
    ):
        services.placement_create(
            acting_user=coordinator,
            person=person,
            bed=bed,
            start=start,
            end=end,
            phase="first_reception" if bed == bed1 else "autonomy",
        )

    structures, kinds, total = occupancy(year=2024, month=6)

    assert [(r.label, r.used, r.available) for r in structures] == [
        ("Alloggio B", 15, 15),
        ("Casa A", 15, 50),
    ]
    assert [(r.key, r.used, r.available) for r in kinds] == [
        ("shelter_women", 15, 50),
        ("autonomy_flat", 15, 15),
    ]
    assert (total.used, total.available, total.rate) == (30, 65, 30 / 65)
    _s, kinds, total = occupancy(year=2024, month=5)
    assert (total.used, total.available) == (12, 62)


def test_length_of_stay_per_phase_counts_moves_within_a_phase_as_one_stay(
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
    coordinator: User,
) -> None:
    a, b = (s.beds.get() for s in (make_structure(partner_a), make_structure(partner_a)))
    ada, bea = make_person(partner_a), make_person(partner_a)
    first = services.placement_create(
        acting_user=coordinator, person=ada, bed=a, start=D(2024, 1, 1), phase="emergency"
    )
    moved = services.placement_move(
        acting_user=coordinator, placement=first, bed=b, on=D(2024, 1, 11)
    )
    services.placement_end(
        acting_user=coordinator, placement=moved, end=D(2024, 1, 31), end_reason="exit"
    )
    services.placement_create(
        acting_user=coordinator, person=bea, bed=a, start=D(2024, 1, 11), phase="emergency"
    )

    rows = {r.phase: r for r in length_of_stay(start=D(2024, 1, 1), end=D(2024, 12, 31))}

    assert (rows["emergency"].stays, rows["emergency"].mean_nights) == (1, 30)
    assert rows["emergency"].ongoing == 1
    assert (rows["first_reception"].stays, rows["first_reception"].mean_nights) == (0, None)


def test_the_occupancy_page_hides_small_cells_from_monitoring(
    lead: Organisation,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    make_structure(partner_a, name="Casa Visibile")
    monitor = client_for(make_user(lead, [Role.MONITORING]))
    page = monitor.get("/shelters/occupancy/", {"month": "2024-06"}).content.decode()
    assert "&lt;5" in page
    assert "Casa Visibile" not in page  # no per-structure rows for monitoring
    worker = client_for(make_user(partner_a, [Role.CASE_WORKER]))
    page = worker.get("/shelters/occupancy/", {"month": "2024-06"}).content.decode()
    assert "Casa Visibile" in page
    assert monitor.get("/shelters/occupancy/", {"month": "2024-13"}).status_code == 200
