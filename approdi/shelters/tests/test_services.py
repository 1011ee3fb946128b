"""Placing, ending and moving: bad input is refused clearly and nothing is written."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessLogEntry
from approdi.people.models import Person
from approdi.shelters import services
from approdi.shelters.models import Placement, Structure

from .conftest import only_bed

D = datetime.date


@pytest.fixture
def worker(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER])


@pytest.fixture
def manager(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.ORG_MANAGER])


@pytest.fixture
def ada(partner_a: Organisation, make_person: Callable[..., Person]) -> Person:
    return make_person(partner_a, "woman")


def refused(call: Callable[[], object]) -> dict[str, list[str]]:
    """Run `call`, expect a ValidationError, check nothing was written; the messages."""
    placements, log = Placement.objects.count(), AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as info:
        call()
    assert Placement.objects.count() == placements
    assert AccessLogEntry.objects.count() == log
    return info.value.message_dict


def test_a_placement_is_saved_and_logged(
    worker: User, ada: Person, partner_a: Organisation, make_structure: Callable[..., Structure]
) -> None:
    bed = only_bed(make_structure(partner_a))
    placement = services.placement_create(
        acting_user=worker, person=ada, bed=bed, start=D(2024, 3, 1), phase="emergency"
    )
    assert (placement.bed, placement.start, placement.end) == (bed, D(2024, 3, 1), None)
    entry = AccessLogEntry.objects.filter(object_id=str(placement.uuid)).get()
    assert (entry.action, entry.actor) == ("create", worker)


def test_a_bed_out_of_service_is_refused(
    worker: User,
    manager: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
) -> None:
    bed = only_bed(make_structure(partner_a))
    services.bed_outage_create(
        acting_user=manager, bed=bed, start=D(2024, 3, 10), end=D(2024, 3, 20), reason="paint"
    )
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker, person=ada, bed=bed, start=D(2024, 3, 1), phase="emergency"
        )
    )
    assert errors == {"bed": ["Questo posto letto è fuori servizio in quel periodo."]}
    # Before the outage it is fine.
    services.placement_create(
        acting_user=worker,
        person=ada,
        bed=bed,
        start=D(2024, 3, 1),
        end=D(2024, 3, 10),
        phase="emergency",
    )


def test_a_structure_of_the_wrong_gender_is_refused(
    worker: User,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> None:
    bed = only_bed(make_structure(partner_a, kind="shelter_men", target_gender="men"))
    woman = make_person(partner_a, "woman")
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker, person=woman, bed=bed, start=D(2024, 3, 1), phase="emergency"
        )
    )
    assert errors == {
        "bed": ["Questa struttura non accoglie persone del genere di questa persona."]
    }


@pytest.mark.parametrize("end", [D(2024, 3, 1), D(2024, 2, 1)])
def test_an_end_not_after_the_start_is_refused(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    end: D,
) -> None:
    bed = only_bed(make_structure(partner_a))
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker,
            person=ada,
            bed=bed,
            start=D(2024, 3, 1),
            end=end,
            phase="emergency",
        )
    )
    assert errors == {"end": ["La fine deve essere successiva all'inizio."]}


def test_a_phase_the_structure_does_not_serve_and_an_inactive_structure_are_refused(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
) -> None:
    flat = only_bed(
        make_structure(partner_a, kind="autonomy_flat", target_gender="all", phases=["autonomy"])
    )
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker, person=ada, bed=flat, start=D(2024, 3, 1), phase="emergency"
        )
    )
    assert errors == {"phase": ["Questa struttura non serve questa fase."]}
    closed = only_bed(make_structure(partner_a, active_to=D(2024, 6, 30)))
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker, person=ada, bed=closed, start=D(2024, 3, 1), phase="emergency"
        )
    )
    assert errors == {
        "bed": ["Il posto letto o la sua struttura non è attivo per tutto il periodo."]
    }


def test_a_person_cannot_be_in_two_beds_at_once(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
) -> None:
    first, second = make_structure(partner_a), make_structure(partner_a)
    services.placement_create(
        acting_user=worker, person=ada, bed=only_bed(first), start=D(2024, 3, 1), phase="emergency"
    )
    errors = refused(
        lambda: services.placement_create(
            acting_user=worker,
            person=ada,
            bed=only_bed(second),
            start=D(2024, 4, 1),
            phase="emergency",
        )
    )
    assert errors == {"person": ["Questa persona ha già un inserimento in quel periodo."]}


def test_a_taken_bed_answers_with_alternatives_that_take_the_person(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> None:
    home = make_structure(partner_a, beds=2, name="Casa Uno")
    make_structure(partner_a, name="Casa Uomini", kind="shelter_men", target_gender="men")
    make_structure(partner_a, name="Casa Due", territory="varese")
    beds = list(home.beds.order_by("label"))
    services.placement_create(
        acting_user=worker, person=ada, bed=beds[0], start=D(2024, 3, 1), phase="emergency"
    )
    bea = make_person(partner_a, "woman")
    with pytest.raises(services.BedTakenError) as info:
        services.placement_create(
            acting_user=worker,
            person=bea,
            bed=beds[0],
            start=D(2024, 2, 1),
            end=D(2024, 3, 2),
            phase="emergency",
        )
    assert [(b.structure.name, b.label) for b in info.value.alternatives] == [
        ("Casa Uno", "2"),
        ("Casa Due", "1"),
    ]
    assert Placement.objects.filter(person=bea).count() == 0


def test_a_move_ends_one_placement_and_starts_the_next_keeping_the_history(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
) -> None:
    emergency = only_bed(make_structure(partner_a, kind="emergency_women"))
    shelter = only_bed(make_structure(partner_a))
    first = services.placement_create(
        acting_user=worker, person=ada, bed=emergency, start=D(2024, 3, 1), phase="emergency"
    )
    second = services.placement_move(
        acting_user=worker,
        placement=first,
        bed=shelter,
        on=D(2024, 4, 15),
        phase="first_reception",
    )
    first.refresh_from_db()
    assert (first.end, first.end_reason) == (D(2024, 4, 15), "phase_change")
    assert (second.bed, second.start, second.end, second.phase, second.moved_from) == (
        shelter,
        D(2024, 4, 15),
        None,
        "first_reception",
        first,
    )
    # The freed bed takes someone else from the day she left.
    services.placement_end(
        acting_user=worker, placement=second, end=D(2024, 9, 1), end_reason="exit"
    )
    second.refresh_from_db()
    assert (second.end, second.end_reason) == (D(2024, 9, 1), "exit")


def test_a_move_to_a_taken_bed_changes_nothing(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> None:
    a, b = only_bed(make_structure(partner_a)), only_bed(make_structure(partner_a))
    first = services.placement_create(
        acting_user=worker, person=ada, bed=a, start=D(2024, 3, 1), phase="emergency"
    )
    services.placement_create(
        acting_user=worker,
        person=make_person(partner_a),
        bed=b,
        start=D(2024, 3, 1),
        phase="emergency",
    )
    with pytest.raises(services.BedTakenError):
        services.placement_move(acting_user=worker, placement=first, bed=b, on=D(2024, 4, 1))
    first.refresh_from_db()
    assert (first.end, first.end_reason) == (None, "")
    assert Placement.objects.count() == 2


def test_an_unknown_end_reason_is_refused(
    worker: User,
    ada: Person,
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
) -> None:
    placement = services.placement_create(
        acting_user=worker,
        person=ada,
        bed=only_bed(make_structure(partner_a)),
        start=D(2024, 3, 1),
        phase="emergency",
    )
    with pytest.raises(ValidationError) as info:
        services.placement_end(
            acting_user=worker, placement=placement, end=D(2024, 4, 1), end_reason="nonsense"
        )
    assert list(info.value.message_dict) == ["end_reason"]
    placement.refresh_from_db()
    assert placement.end is None


@pytest.mark.parametrize(
    ("role", "own_org"),
    [
        (Role.MONITORING, True),
        (Role.OUTREACH_WORKER, True),
        (Role.AUDITOR, True),
        (Role.ADMIN, True),
        (Role.LEGAL_ADVISOR, True),
        (Role.CASE_WORKER, False),
    ],
)
def test_who_may_not_place(
    role: str,
    own_org: bool,
    ada: Person,
    partner_a: Organisation,
    partner_b: Organisation,
    make_user: Callable[..., User],
    make_structure: Callable[..., Structure],
) -> None:
    user = make_user(partner_a if own_org else partner_b, [role])
    bed = only_bed(make_structure(partner_a))
    with pytest.raises(PermissionDenied):
        services.placement_create(
            acting_user=user, person=ada, bed=bed, start=D(2024, 3, 1), phase="emergency"
        )
    assert not Placement.objects.exists()


def test_a_manager_manages_only_its_own_structures(
    manager: User,
    partner_b: Organisation,
    make_structure: Callable[..., Structure],
    make_user: Callable[..., User],
) -> None:
    other = make_structure(partner_b)
    with pytest.raises(PermissionDenied):
        services.structure_update(acting_user=manager, structure=other, name="Mine now")
    with pytest.raises(PermissionDenied):
        services.bed_create(
            acting_user=manager, structure=other, label="9", active_from=D(2024, 1, 1)
        )
    worker_b = make_user(partner_b, [Role.CASE_WORKER])
    with pytest.raises(PermissionDenied):
        services.structure_update(acting_user=worker_b, structure=other, name="Mine now")
    other.refresh_from_db()
    assert other.name != "Mine now"


def test_a_structure_with_an_unknown_kind_is_refused(
    manager: User, partner_a: Organisation, territories: None
) -> None:
    with pytest.raises(ValidationError) as info:
        services.structure_create(
            acting_user=manager,
            organisation=partner_a,
            name="X",
            territory="milano",
            kind="castle",
            target_gender="women",
            active_from=D(2024, 1, 1),
        )
    assert list(info.value.message_dict) == ["kind"]
    assert not Structure.objects.exists()
