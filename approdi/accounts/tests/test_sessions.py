"""Idle and absolute session timeouts; deactivation ends sessions."""

import time
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.middleware import LAST_SEEN_KEY, LOGIN_AT_KEY
from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.accounts.services import user_deactivate
from approdi.core.models import AccessAction, AccessLogEntry


@pytest.fixture
def user(make_user: Callable[..., User], partner_a: Organisation) -> User:
    return make_user(partner_a, [Role.CASE_WORKER])


def set_session(client: Client, **values: float) -> None:
    session = client.session
    session.update(values)
    session.save()


def test_an_active_session_stays_open(user: User, client_for: Callable[[User], Client]) -> None:
    client = client_for(user)
    now = time.time()
    set_session(client, **{LAST_SEEN_KEY: now - 29 * 60, LOGIN_AT_KEY: now - 11.9 * 3600})
    assert client.get("/").status_code == 200


def test_thirty_idle_minutes_end_the_session(
    user: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(user)
    assert client.get("/").status_code == 200
    set_session(client, **{LAST_SEEN_KEY: time.time() - 31 * 60})
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=%2Fpeople%2F"
    assert "_auth_user_id" not in client.session
    entry = AccessLogEntry.objects.get(action=AccessAction.SESSION_EXPIRED)
    assert (entry.actor, entry.reason) == (user, "idle")


def test_twelve_hours_end_the_session_even_when_active(
    user: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(user)
    now = time.time()
    set_session(client, **{LAST_SEEN_KEY: now - 60, LOGIN_AT_KEY: now - 12 * 3600 - 1})
    assert client.get("/").status_code == 302
    assert AccessLogEntry.objects.get(action=AccessAction.SESSION_EXPIRED).reason == "absolute"


def test_an_expired_api_session_answers_401(
    user: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(user)
    set_session(client, **{LAST_SEEN_KEY: time.time() - 31 * 60})
    assert client.get("/api/v1/me/").status_code == 401


def test_deactivating_a_user_ends_their_sessions(
    user: User,
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
) -> None:
    client = client_for(user)
    assert client.get("/").status_code == 200
    admin = make_user(lead, [Role.ADMIN])
    user_deactivate(acting_user=admin, user=user)
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/me/").status_code in (401,)
