"""People recorded with an identity, and the users who look for them."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.cases.tests.factories import open_case
from approdi.people.models import Person
from approdi.people.services import person_create

JOY = {
    "given_names": "Joy",
    "family_name": "Okafor",
    "birth_date": datetime.date(1998, 4, 2),
    "phone": "+39 333 123 4567",
}


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def worker_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="worker.a")


@pytest.fixture
def worker_b(partner_b: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_b, [Role.CASE_WORKER], username="worker.b")


@pytest.fixture
def make_person(db: None) -> Callable[..., Person]:
    """A person of `organisation` with an identity; with `case_worker`, an open case."""
    counter = iter(range(1, 10_000))

    def make(
        organisation: Organisation,
        *,
        case_worker: User | None = None,
        nationality: str = "NG",
        **identity: Any,
    ) -> Person:
        person = person_create(
            acting_user=None,
            code=f"MI-2019-{next(counter):04d}",
            organisation=organisation,
            gender="woman",
            nationality=nationality,
            identity=identity,
        )
        if case_worker is not None:
            open_case(person, case_worker=case_worker)
        return person

    return make


@pytest.fixture
def joy_b(partner_b: Organisation, worker_b: User, make_person: Callable[..., Person]) -> Person:
    """Joy, recorded by partner B, whose case worker B holds the case."""
    return make_person(partner_b, case_worker=worker_b, **JOY)


def close_cases(person: Person) -> None:
    Case.objects.filter(person=person).update(status="closed")
