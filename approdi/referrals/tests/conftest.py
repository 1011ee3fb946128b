"""Fixtures of the referral tests: the coordination office, two partners, people."""

import datetime
from collections.abc import Callable

import pytest

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.referrals.models import Referral
from approdi.referrals.services import referral_create

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def worker_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="wanda")


@pytest.fixture
def manager_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.ORG_MANAGER], username="manager_a")


@pytest.fixture
def outreach_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.OUTREACH_WORKER], username="outreach_a")


@pytest.fixture
def worker_b(partner_b: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_b, [Role.CASE_WORKER], username="bruno")


@pytest.fixture
def manager_b(partner_b: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_b, [Role.ORG_MANAGER], username="manager_b")


@pytest.fixture
def person_a(partner_a: Organisation) -> Person:
    return person_create(
        acting_user=None,
        code="MI-A-1",
        organisation=partner_a,
        gender="woman",
        identity={"given_names": "Joy", "family_name": "Okafor"},
    )


@pytest.fixture
def make_referral(coordinator: User) -> Callable[..., Referral]:
    def make(person: Person, by: User | None = None, **values: object) -> Referral:
        values.setdefault("referred_on", DAY)
        values.setdefault("source_kind", "cas")
        return referral_create(
            acting_user=by or coordinator,
            person_code=person.code,
            **values,  # type: ignore[arg-type]
        )

    return make
