"""No form or endpoint lets a user change their own organisation or roles."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.accounts.services import user_set_organisation_and_roles
from approdi.conftest import PASSWORD


@pytest.fixture
def worker(make_user: Callable[..., User], partner_a: Organisation) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="wanda")


def assert_unchanged(user: User, organisation: Organisation, roles: list[str]) -> None:
    fresh = User.objects.get(pk=user.pk)
    assert (fresh.organisation_id, fresh.roles, fresh.is_staff, fresh.is_superuser) == (
        organisation.pk,
        roles,
        Role.ADMIN in roles,
        Role.ADMIN in roles,
    )


def test_the_account_page_has_no_form_for_organisation_or_roles(
    worker: User,
    client_for: Callable[[User], Client],
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    client = client_for(worker)
    page = client.get("/account/")
    assert page.status_code == 200
    assert b'name="organisation"' not in page.content and b'name="roles"' not in page.content
    assert (
        client.post("/account/", {"organisation": partner_b.pk, "roles": "admin"}).status_code
        == 200
    )
    assert_unchanged(worker, partner_a, [Role.CASE_WORKER])


def test_the_password_form_ignores_organisation_and_roles(
    worker: User,
    client_for: Callable[[User], Client],
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    client = client_for(worker)
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-password-77",
            "new_password2": "another-long-password-77",
            "organisation": partner_b.pk,
            "roles": ["admin", "coordinator"],
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    assert_unchanged(worker, partner_a, [Role.CASE_WORKER])
    assert User.objects.get(pk=worker.pk).check_password("another-long-password-77")


@pytest.mark.parametrize("method", ["put", "patch", "post", "delete"])
def test_the_api_me_endpoint_is_read_only(
    method: str,
    worker: User,
    client_for: Callable[[User], Client],
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    client = client_for(worker)
    response = getattr(client, method)(
        "/api/v1/me/",
        {"organisation": partner_b.slug, "roles": ["admin"]},
        content_type="application/json",
    )
    assert response.status_code == 405
    assert client.get("/api/v1/me/").json() == {
        "username": "wanda",
        "organisation": "alfa",
        "roles": ["case_worker"],
    }
    assert_unchanged(worker, partner_a, [Role.CASE_WORKER])


def test_an_admin_cannot_change_their_own_organisation_or_roles_in_the_admin(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    lead: Organisation,
    partner_b: Organisation,
) -> None:
    admin = make_user(lead, [Role.ADMIN], username="root2")
    client = client_for(admin)
    page = client.get(f"/admin/accounts/user/{admin.pk}/change/")
    assert page.status_code == 200
    assert b'name="organisation"' not in page.content and b'name="roles"' not in page.content
    client.post(
        f"/admin/accounts/user/{admin.pk}/change/",
        {
            "username": "root2",
            "organisation": partner_b.pk,
            "roles": ["admin", "coordinator"],
            "is_active": "on",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert_unchanged(admin, lead, [Role.ADMIN])


def test_an_admin_sets_another_users_organisation_and_roles(
    worker: User,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    lead: Organisation,
    partner_b: Organisation,
) -> None:
    admin = make_user(lead, [Role.ADMIN])
    client = client_for(admin)
    response = client.post(
        f"/admin/accounts/user/{worker.pk}/change/",
        {
            "username": "wanda",
            "organisation": partner_b.pk,
            "roles": ["case_worker", "legal_advisor"],
            "is_active": "on",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert response.status_code == 302
    assert_unchanged(worker, partner_b, [Role.CASE_WORKER, Role.LEGAL_ADVISOR])


@pytest.mark.parametrize(
    "role", [Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.AUDITOR, Role.MONITORING]
)
def test_non_admins_do_not_reach_the_admin(
    role: str,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    lead: Organisation,
) -> None:
    user = make_user(lead, [role])
    client = client_for(user)
    response = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 404


def test_the_admin_login_is_the_application_login(db: None) -> None:
    response = Client().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_service_refuses_self_changes_and_non_admins(
    worker: User,
    make_user: Callable[..., User],
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    admin = make_user(lead, [Role.ADMIN])
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    with pytest.raises(PermissionDenied):
        user_set_organisation_and_roles(
            acting_user=admin, user=admin, organisation=partner_b, roles=[Role.COORDINATOR]
        )
    with pytest.raises(PermissionDenied):
        user_set_organisation_and_roles(
            acting_user=manager, user=worker, organisation=partner_b, roles=[Role.ADMIN]
        )
    with pytest.raises(PermissionDenied):
        user_set_organisation_and_roles(
            acting_user=worker, user=worker, organisation=partner_b, roles=[Role.ADMIN]
        )
    assert_unchanged(worker, partner_a, [Role.CASE_WORKER])
    assert_unchanged(admin, lead, [Role.ADMIN])
