"""Fixtures of the case tests: a person of partner A with an emergency case."""

from collections.abc import Callable, Iterator

import pytest
from django.utils import translation

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.people.models import Person
from approdi.people.services import person_create

from .factories import open_case


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Services' messages in English; pages still answer in Italian unless asked."""
    with translation.override("en"):
        yield


@pytest.fixture
def worker(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="wanda")


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def person(partner_a: Organisation) -> Person:
    return person_create(
        acting_user=None,
        code="MI-A-1",
        organisation=partner_a,
        gender="woman",
        identity={"given_names": "Joy", "family_name": "Okafor"},
    )


@pytest.fixture
def case(person: Person, worker: User) -> Case:
    return open_case(person, case_worker=worker)
