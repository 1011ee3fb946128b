from collections.abc import Callable

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.people.services import person_create


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def manager_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.ORG_MANAGER], username="manager_a")


@pytest.fixture
def manager_b(partner_b: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_b, [Role.ORG_MANAGER], username="manager_b")


@pytest.fixture
def person_a(partner_a: Organisation) -> Person:
    return person_create(acting_user=None, code="MI-A-1", organisation=partner_a, gender="woman")


@pytest.fixture
def person_b(partner_b: Organisation) -> Person:
    return person_create(acting_user=None, code="MI-B-1", organisation=partner_b, gender="woman")
