"""Hand-made records for the reports: outings with tallies, drop-in accesses, people with
cases and exits, made through the models and the cases' services (no demo data)."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases import services as case_services
from approdi.cases.models import Case
from approdi.outreach.models import ContactTally, DropInAccess, Outing
from approdi.people.models import Person
from approdi.people.services import person_create

START = datetime.date(2024, 3, 1)
END = datetime.date(2024, 3, 31)


@pytest.fixture
def coordinator(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.COORDINATOR], username="coord")


@pytest.fixture
def march_2024(db: None) -> None:
    """A project period START–END: the monitoring role may ask only for a preset period
    (a project period or the seed period)."""
    from approdi.network.models import ProjectPeriod

    ProjectPeriod.objects.create(name="Marzo 2024", funder="Test", start=START, end=END)


@pytest.fixture
def monitor(lead: Organisation, make_user: Callable[..., User], march_2024: None) -> User:
    return make_user(lead, [Role.MONITORING], username="monitor")


@pytest.fixture
def manager_a(partner_a: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(partner_a, [Role.ORG_MANAGER], username="manager.alfa")


class Records:
    """Makes records of the network for the reports' tests."""

    def __init__(self, coordinator: User, partner_a: Organisation) -> None:
        self.coordinator = coordinator
        self.default_org = partner_a
        self.counter = 0

    def outing(
        self,
        day: datetime.date,
        *counts: int,
        kind: str = "street",
        organisation: Organisation | None = None,
        territory: str = "milano",
        gender: str = "woman",
        nationality: str = "NG",
        age_band: str = "",
    ) -> Outing:
        outing = Outing.objects.create(
            organisation=organisation or self.default_org,
            territory=territory,
            date=day,
            idempotency_key=uuid.uuid4(),
            shift="night",
            kind=kind,
            team_size=2,
            duration_minutes=120,
        )
        for count in counts:
            ContactTally.objects.create(
                outing=outing,
                gender=gender,
                status="new",
                count=count,
                nationality=nationality,
                age_band=age_band,
            )
        return outing

    def access(
        self,
        day: datetime.date,
        organisation: Organisation | None = None,
        gender: str = "woman",
        territory: str = "milano",
    ) -> DropInAccess:
        return DropInAccess.objects.create(
            organisation=organisation or self.default_org,
            territory=territory,
            date=day,
            idempotency_key=uuid.uuid4(),
            place="Sportello",
            gender=gender,
        )

    def person(
        self,
        gender: str = "woman",
        organisation: Organisation | None = None,
        nationality: str = "NG",
        birth_year: int | None = None,
    ) -> Person:
        self.counter += 1
        person = person_create(
            acting_user=None,
            code=f"R-{self.counter:04d}",
            organisation=organisation or self.default_org,
            gender=gender,
        )
        Person.objects.filter(pk=person.pk).update(nationality=nationality, birth_year=birth_year)
        person.refresh_from_db()
        return person

    def case(
        self,
        person: Person,
        opened_on: datetime.date,
        exit_on: datetime.date | None = None,
        *,
        kind_phase: str = "emergency",
        territory: str = "milano",
        outcome: str = "autonomy_achieved",
        follow_up: bool = False,
        **values: Any,
    ) -> Case:
        case = case_services.case_open(
            acting_user=None,
            person=person,
            organisation=values.pop("organisation", person.organisation),
            opened_on=opened_on,
            programme="art13_first_assistance",
            path="social",
            first_phase=kind_phase,
            territory=territory,
        )
        if exit_on is not None:
            case_services.case_exit(
                acting_user=self.coordinator,
                case=case,
                exit_on=exit_on,
                outcome=outcome,
                housing="shared",
                employment="fixed_term",
                permit_status="valid",
                follow_up=follow_up,
            )
            case.refresh_from_db()
        return case


@pytest.fixture
def records(coordinator: User, partner_a: Organisation) -> Records:
    return Records(coordinator, partner_a)


@pytest.fixture
def client_of(client_for: Callable[[User], Client]) -> Callable[[User], Client]:
    return client_for


def referral(
    person: Person,
    day: datetime.date,
    source_kind: str = "police",
    *,
    organisation: Organisation | None = None,
    status: str = "received",
    decided_on: datetime.date | None = None,
    forms: list[str] | None = None,
    assigned: Organisation | None = None,
) -> Any:
    from approdi.referrals.models import Referral

    return Referral.objects.create(
        referred_on=day,
        source_kind=source_kind,
        person=person,
        organisation=organisation or person.organisation,
        assigned_organisation=assigned,
        status=status,
        decided_at=None
        if decided_on is None
        else datetime.datetime.combine(decided_on, datetime.time(12), tzinfo=datetime.UTC),
        presumed_exploitation=forms or [],
    )


def assessment(
    person: Person,
    day: datetime.date,
    conclusion: str = "presumed_victim",
    *,
    kind: str = "preliminary",
    forms: list[str] | None = None,
) -> Any:
    from approdi.screening.models import Assessment, CatalogueVersion

    return Assessment.objects.create(
        person=person,
        organisation=person.organisation,
        assessed_on=day,
        kind=kind,
        exploitation_forms=forms or [],
        rule_version=CatalogueVersion.objects.order_by("number").first(),
        computed_result="presumed_victim",
        conclusion=conclusion,
    )
