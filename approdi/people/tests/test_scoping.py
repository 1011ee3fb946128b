"""Who sees which person, in the UI and the API: a matrix of role × organisation."""

from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.cases.tests.factories import open_case
from approdi.core.scoping import get_visible_or_404, visible_to
from approdi.people.models import Person
from approdi.people.services import person_create


@pytest.fixture
def person_a(partner_a: Organisation) -> Person:
    person = person_create(acting_user=None, code="MI-A-1", organisation=partner_a, gender="woman")
    open_case(person)
    return person


@pytest.fixture
def person_b(partner_b: Organisation) -> Person:
    person = person_create(acting_user=None, code="MI-B-1", organisation=partner_b, gender="man")
    open_case(person)
    return person


# A person is visible through the cases the user may see (cases/selectors.py), and to an
# org_manager also when the person belongs to their organisation.
# (role, organisation of the user, assigned to the cases of that organisation,
#  sees person_a, sees person_b)
MATRIX = [
    (Role.COORDINATOR, "lead", False, True, True),
    (Role.ORG_MANAGER, "a", False, True, False),
    (Role.CASE_WORKER, "a", True, True, False),
    (Role.CASE_WORKER, "a", False, False, False),
    (Role.LEGAL_ADVISOR, "a", False, True, False),
    (Role.ORG_MANAGER, "b", False, False, True),
    (Role.CASE_WORKER, "b", True, False, True),
    (Role.OUTREACH_WORKER, "a", True, False, False),
    (Role.MONITORING, "lead", False, False, False),
    (Role.AUDITOR, "lead", False, False, False),
    (Role.ADMIN, "lead", False, False, False),
]


@pytest.fixture
def orgs(
    lead: Organisation, partner_a: Organisation, partner_b: Organisation
) -> dict[str, Organisation]:
    return {"lead": lead, "a": partner_a, "b": partner_b}


@pytest.fixture
def user_for(
    orgs: dict[str, Organisation], make_user: Callable[..., User]
) -> Callable[[str, str, bool], User]:
    def make(role: str, org: str, assigned: bool) -> User:
        user = make_user(orgs[org], [role])
        if assigned:  # the cases of the user's organisation are assigned to them
            Case.objects.filter(organisation=orgs[org]).update(case_worker=user)
        return user

    return make


@pytest.mark.parametrize(("role", "org", "assigned", "sees_a", "sees_b"), MATRIX)
def test_ui_detail_answers_404_outside_scope(
    role: str,
    org: str,
    assigned: bool,
    sees_a: bool,
    sees_b: bool,
    person_a: Person,
    person_b: Person,
    user_for: Callable[[str, str, bool], User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(user_for(role, org, assigned))
    for person, sees in ((person_a, sees_a), (person_b, sees_b)):
        response = client.get(f"/people/{person.uuid}/")
        assert response.status_code == (200 if sees else 404)
        if not sees:
            assert person.code.encode() not in response.content


@pytest.mark.parametrize(("role", "org", "assigned", "sees_a", "sees_b"), MATRIX)
def test_api_detail_answers_404_outside_scope(
    role: str,
    org: str,
    assigned: bool,
    sees_a: bool,
    sees_b: bool,
    person_a: Person,
    person_b: Person,
    user_for: Callable[[str, str, bool], User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(user_for(role, org, assigned))
    case_role = role in {Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.LEGAL_ADVISOR}
    for person, sees in ((person_a, sees_a), (person_b, sees_b)):
        response = client.get(f"/api/v1/people/{person.uuid}/")
        if not case_role:
            assert response.status_code == 403  # the resource itself is not for this role
        else:
            assert response.status_code == (200 if sees else 404)
            if not sees:
                assert person.code not in response.content.decode()


@pytest.mark.parametrize(("role", "org", "assigned", "sees_a", "sees_b"), MATRIX)
def test_lists_hold_exactly_the_visible_people(
    role: str,
    org: str,
    assigned: bool,
    sees_a: bool,
    sees_b: bool,
    person_a: Person,
    person_b: Person,
    user_for: Callable[[str, str, bool], User],
) -> None:
    user = user_for(role, org, assigned)
    expected = [p.code for p, sees in ((person_a, sees_a), (person_b, sees_b)) if sees]
    assert sorted(visible_to(user, Person).values_list("code", flat=True)) == expected


def test_a_missing_and_a_hidden_person_answer_the_same(
    person_b: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    worker = make_user(partner_a, [Role.CASE_WORKER])
    client = client_for(worker)
    hidden = client.get(f"/api/v1/people/{person_b.uuid}/")
    missing = client.get("/api/v1/people/00000000-0000-0000-0000-000000000000/")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())
    hidden_page = client.get(f"/people/{person_b.uuid}/")
    missing_page = client.get("/people/00000000-0000-0000-0000-000000000000/")
    assert (hidden_page.status_code, hidden_page.content) == (
        missing_page.status_code,
        missing_page.content,
    )


def test_a_malformed_id_is_a_404_not_an_error(
    person_a: Person,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    user = make_user(partner_a, [Role.CASE_WORKER])
    client = client_for(user)
    assert client.get("/api/v1/people/not-a-uuid/").status_code == 404
    from django.http import Http404

    with pytest.raises(Http404):
        get_visible_or_404(user, Person, uuid="not-a-uuid")


def test_anonymous_users_see_nothing(person_a: Person) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert list(visible_to(AnonymousUser(), Person)) == []
    client = Client()
    assert client.get(f"/people/{person_a.uuid}/").status_code == 302
    assert client.get(f"/api/v1/people/{person_a.uuid}/").status_code == 401


def test_a_deactivated_user_sees_nothing(
    person_a: Person, partner_a: Organisation, make_user: Callable[..., User]
) -> None:
    user = make_user(partner_a, [Role.CASE_WORKER])
    user.is_active = False
    assert list(visible_to(user, Person)) == []


def test_an_org_manager_sees_the_organisation_s_people_before_any_case_opens(
    partner_a: Organisation, make_user: Callable[..., User]
) -> None:
    person = person_create(acting_user=None, code="MI-A-9", organisation=partner_a, gender="man")
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    worker = make_user(partner_a, [Role.CASE_WORKER])
    assert list(visible_to(manager, Person).values_list("code", flat=True)) == ["MI-A-9"]
    assert list(visible_to(worker, Person)) == []
    open_case(person, case_worker=worker)
    assert list(visible_to(worker, Person).values_list("code", flat=True)) == ["MI-A-9"]
