"""Fixtures shared by the whole suite: organisations, users by role, verified clients."""

from collections.abc import Callable, Iterable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from approdi.accounts.models import Organisation, OrganisationKind, User
from approdi.accounts.services import user_create

PASSWORD = "a-long-test-password-42"  # noqa: S105


@pytest.fixture
def lead(db: None) -> Organisation:
    return Organisation.objects.create(slug="comune", name="Comune", kind=OrganisationKind.LEAD)


@pytest.fixture
def partner_a(db: None) -> Organisation:
    return Organisation.objects.create(slug="alfa", name="Alfa", kind=OrganisationKind.PARTNER)


@pytest.fixture
def partner_b(db: None) -> Organisation:
    return Organisation.objects.create(slug="beta", name="Beta", kind=OrganisationKind.PARTNER)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    counter = iter(range(1, 10_000))

    def make(organisation: Organisation | None, roles: Iterable[str], username: str = "") -> User:
        return user_create(
            acting_user=None,
            username=username or f"user{next(counter)}",
            password=PASSWORD,
            organisation=organisation,
            roles=list(roles),
        )

    return make


def verify_second_factor(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as verified with a confirmed TOTP device of `user`."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="app", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """A test client logged in as `user`, second factor verified (force_login: axes)."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    return make
