"""The database itself refuses two placements overlapping in one bed: these tests go
around the services and write rows directly."""

import datetime
from collections.abc import Callable

import pytest
from django.db import IntegrityError, transaction

from approdi.accounts.models import Organisation
from approdi.people.models import Person
from approdi.shelters.models import Placement, Structure

D = datetime.date


@pytest.fixture
def setup(
    partner_a: Organisation,
    make_structure: Callable[..., Structure],
    make_person: Callable[..., Person],
) -> tuple[Structure, Person, Person]:
    return make_structure(partner_a, beds=2), make_person(partner_a), make_person(partner_a)


def insert(person: Person, structure: Structure, label: str, start: D, end: D | None) -> None:
    with transaction.atomic():
        Placement.objects.create(
            person=person,
            bed=structure.beds.get(label=label),
            start=start,
            end=end,
            phase="first_reception",
        )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((D(2024, 1, 1), D(2024, 2, 1)), (D(2024, 1, 31), D(2024, 3, 1))),
        ((D(2024, 1, 1), D(2024, 2, 1)), (D(2023, 12, 1), D(2024, 1, 2))),
        ((D(2024, 1, 1), D(2024, 2, 1)), (D(2024, 1, 10), D(2024, 1, 11))),
        ((D(2024, 1, 1), None), (D(2030, 1, 1), D(2030, 2, 1))),
        ((D(2024, 1, 1), D(2024, 2, 1)), (D(2023, 1, 1), None)),
        ((D(2024, 1, 1), None), (D(2024, 1, 1), None)),
    ],
)
def test_overlapping_placements_in_one_bed_are_refused_by_the_database(
    setup: tuple[Structure, Person, Person],
    first: tuple[D, D | None],
    second: tuple[D, D | None],
) -> None:
    structure, ada, bea = setup
    insert(ada, structure, "1", *first)
    with pytest.raises(IntegrityError):
        insert(bea, structure, "1", *second)
    assert Placement.objects.count() == 1


def test_back_to_back_placements_and_other_beds_are_fine(
    setup: tuple[Structure, Person, Person],
) -> None:
    structure, ada, bea = setup
    insert(ada, structure, "1", D(2024, 1, 1), D(2024, 2, 1))
    insert(bea, structure, "1", D(2024, 2, 1), None)  # leaves the day the other arrives
    insert(ada, structure, "2", D(2024, 2, 1), None)
    assert Placement.objects.count() == 3


def test_an_update_into_an_overlap_is_refused_by_the_database(
    setup: tuple[Structure, Person, Person],
) -> None:
    structure, ada, bea = setup
    insert(ada, structure, "1", D(2024, 1, 1), D(2024, 2, 1))
    insert(bea, structure, "1", D(2024, 2, 1), D(2024, 3, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(person=ada).update(end=D(2024, 2, 15))
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(person=bea).update(
            bed=structure.beds.get(label="1"), start=D(2024, 1, 20)
        )
    assert list(Placement.objects.order_by("start").values_list("end", flat=True)) == [
        D(2024, 2, 1),
        D(2024, 3, 1),
    ]


def test_an_end_before_the_start_is_refused_by_the_database(
    setup: tuple[Structure, Person, Person],
) -> None:
    structure, ada, _bea = setup
    with pytest.raises(IntegrityError):
        insert(ada, structure, "1", D(2024, 2, 1), D(2024, 1, 1))
    assert not Placement.objects.exists()
