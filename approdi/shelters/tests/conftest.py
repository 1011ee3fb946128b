"""Fixtures of residential capacity: territories, a coordinator, structures with beds."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.services import case_open
from approdi.core.models import CodeListEntry
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.shelters import services
from approdi.shelters.models import Bed, Structure

OPENED = datetime.date(2019, 3, 1)
ADDRESS = "Via Segretissima 7, scala B"


@pytest.fixture
def territories(db: None) -> None:
    for order, code in enumerate(("milano", "varese"), start=1):
        CodeListEntry.objects.get_or_create(
            list_name="territory",
            code=code,
            defaults={"label_it": code.title(), "label_en": code.title(), "order": order},
        )


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def make_structure(territories: None, coordinator: User) -> Callable[..., Structure]:
    counter = iter(range(1, 10_000))

    def make(organisation: Organisation, *, beds: int = 1, **fields: Any) -> Structure:
        number = next(counter)
        values: dict[str, Any] = {
            "name": f"Casa {number}",
            "territory": "milano",
            "kind": "shelter_women",
            "target_gender": "women",
            "phases": [],
            "active_from": OPENED,
            "address": f"{ADDRESS} {number}",
        }
        values.update(fields)
        structure = services.structure_create(
            acting_user=coordinator, organisation=organisation, **values
        )
        for label in range(1, beds + 1):
            services.bed_create(
                acting_user=coordinator, structure=structure, label=str(label), active_from=OPENED
            )
        return structure

    return make


@pytest.fixture
def worker(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    """The case worker of partner A (test modules may override it)."""
    return make_user(partner_a, [Role.CASE_WORKER])


@pytest.fixture
def make_person(db: None, worker: User) -> Callable[..., Person]:
    """People of an organisation; those of the worker's organisation have a case assigned
    to the worker, since a case worker sees (and places) only the people of its cases."""
    counter = iter(range(1, 10_000))

    def make(organisation: Organisation, gender: str = "woman") -> Person:
        person = person_create(
            acting_user=None,
            code=f"T-{next(counter):04d}",
            organisation=organisation,
            gender=gender,
        )
        if organisation.pk == worker.organisation_id:
            case_open(
                acting_user=None,
                person=person,
                organisation=organisation,
                case_worker=worker,
                opened_on=datetime.date(2024, 1, 2),
                programme="art13_first_assistance",
                path="social",
                first_phase="emergency",
            )
        return person

    return make


def only_bed(structure: Structure) -> Bed:
    return structure.beds.get()
