"""Logins are logged, passwords are Argon2, and repeated failures lock the account."""

from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.conftest import PASSWORD
from approdi.core.models import AccessAction, AccessLogEntry


@pytest.fixture
def outreach(make_user: Callable[..., User], partner_a: Organisation) -> User:
    # An outreach worker needs no second factor, so login lands on the home page.
    return make_user(partner_a, [Role.OUTREACH_WORKER], username="olga")


def login(client: Client, username: str, password: str) -> object:
    return client.post("/account/login/", {"username": username, "password": password})


def test_passwords_are_stored_with_argon2(outreach: User) -> None:
    assert outreach.password.startswith("argon2$argon2id$")


def test_a_successful_login_is_logged(outreach: User) -> None:
    client = Client()
    response = login(client, "olga", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    entry = AccessLogEntry.objects.get(action=AccessAction.LOGIN)
    assert (entry.actor, entry.actor_organisation, entry.ip_address) == (
        outreach,
        "alfa",
        "127.0.0.1",
    )


def test_a_failed_login_is_logged_and_explained(outreach: User) -> None:
    client = Client()
    response = login(client, "olga", "wrong")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "invalid_login")
    entry = AccessLogEntry.objects.get(action=AccessAction.LOGIN_FAILED)
    assert (entry.actor, entry.actor_username) == (None, "olga")
    assert "_auth_user_id" not in client.session


def test_five_failures_lock_the_account_even_with_the_right_password(outreach: User) -> None:
    client = Client()
    for _ in range(4):
        assert login(client, "olga", "wrong").status_code == 200
    assert login(client, "olga", "wrong").status_code == 429
    locked = login(client, "olga", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED).count() == 4
    assert AccessLogEntry.objects.filter(action=AccessAction.LOCKED_OUT).count() == 2
    assert not AccessLogEntry.objects.filter(action=AccessAction.LOGIN).exists()


def test_the_lockout_is_per_username_from_any_address(outreach: User) -> None:
    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{n + 1}").post(
            "/account/login/", {"username": "olga", "password": "wrong"}
        )
    response = Client(REMOTE_ADDR="10.0.0.99").post(
        "/account/login/", {"username": "olga", "password": PASSWORD}
    )
    assert response.status_code == 429


def test_another_user_is_not_locked_by_someone_elses_failures(
    outreach: User, make_user: Callable[..., User], partner_a: Organisation
) -> None:
    make_user(partner_a, [Role.OUTREACH_WORKER], username="piero")
    client = Client()
    for _ in range(5):
        login(client, "olga", "wrong")
    assert login(client, "piero", PASSWORD).status_code == 302


def test_logout_is_logged_and_needs_a_post(outreach: User) -> None:
    client = Client()
    login(client, "olga", PASSWORD)
    assert client.get("/account/logout/").status_code == 405
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGOUT, actor=outreach).count() == 1
    assert client.get("/").status_code == 302
