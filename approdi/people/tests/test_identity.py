"""Identity is shown only to roles that may see it (coordinator: with a reason), and logged."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.cases.tests.factories import open_case
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.models import IDENTITY_FIELDS, Person
from approdi.people.services import person_create, person_identity_read


@pytest.fixture
def person(partner_a: Organisation) -> Person:
    person = person_create(
        acting_user=None,
        code="MI-A-1",
        organisation=partner_a,
        gender="woman",
        identity={
            "given_names": "Joy",
            "family_name": "Okafor",
            "birth_date": datetime.date(1998, 4, 2),
        },
    )
    open_case(person)
    return person


def assigned_worker(person: Person, make_user: Callable[..., User]) -> User:
    """A case worker of the person's organisation with the person's case assigned."""
    worker = make_user(person.organisation, [Role.CASE_WORKER])
    Case.objects.filter(person=person).update(case_worker=worker)
    return worker


def test_the_page_shows_no_identity_until_asked(
    person: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(assigned_worker(person, make_user))
    page = client.get(f"/people/{person.uuid}/")
    assert page.status_code == 200
    assert b"Okafor" not in page.content
    assert not AccessLogEntry.objects.filter(action=AccessAction.IDENTITY_READ).exists()


def test_a_case_worker_reveals_the_identity_and_the_read_is_logged(
    person: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    worker = assigned_worker(person, make_user)
    page = client_for(worker).post(f"/people/{person.uuid}/", {"reason": ""})
    assert page.status_code == 200
    assert b"Okafor" in page.content
    entry = AccessLogEntry.objects.get(action=AccessAction.IDENTITY_READ)
    assert (entry.actor, entry.object_type, entry.object_id) == (
        worker,
        "people.person",
        str(person.uuid),
    )
    assert entry.fields == sorted(IDENTITY_FIELDS)
    assert "Okafor" not in str(entry.fields) + entry.reason


def test_the_coordinator_must_state_a_reason(
    person: Person,
    lead: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(lead, [Role.COORDINATOR]))
    refused = client.post(f"/people/{person.uuid}/", {"reason": "   "})
    assert refused.status_code == 200
    assert refused.context["form"].has_error("reason", "required")
    assert b"Okafor" not in refused.content
    assert not AccessLogEntry.objects.filter(action=AccessAction.IDENTITY_READ).exists()
    shown = client.post(f"/people/{person.uuid}/", {"reason": "Hearing at the questura"})
    assert b"Okafor" in shown.content
    assert AccessLogEntry.objects.get(action=AccessAction.IDENTITY_READ).reason == (
        "Hearing at the questura"
    )


@pytest.mark.parametrize("role", [Role.OUTREACH_WORKER, Role.MONITORING, Role.AUDITOR, Role.ADMIN])
def test_other_roles_are_refused_by_the_service(
    role: str, person: Person, partner_a: Organisation, make_user: Callable[..., User]
) -> None:
    with pytest.raises(PermissionDenied):
        person_identity_read(user=make_user(partner_a, [role]), person=person, reason="x")
    assert not AccessLogEntry.objects.filter(action=AccessAction.IDENTITY_READ).exists()


def test_the_api_resource_carries_no_identity(
    person: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(assigned_worker(person, make_user))
    body = client.get(f"/api/v1/people/{person.uuid}/").json()
    assert body == {
        "id": str(person.uuid),
        "code": "MI-A-1",
        "organisation": "alfa",
        "gender": "woman",
        "birth_year": None,
        "nationality": "",
    }
