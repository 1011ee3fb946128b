"""Fixtures shared by the whole suite: organisations, users by role, verified clients, an
empty cache, and the clock of the duplicate-lookup throttle."""

import datetime
from collections.abc import Callable, Iterable

import pytest
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from approdi.accounts.models import Organisation, OrganisationKind, User
from approdi.accounts.services import user_create
from approdi.people import throttle

PASSWORD = "a-long-test-password-42"  # noqa: S105


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: the counts of duplicate lookups live there,
    keyed by user id, and ids come back from one test to the next."""
    cache.clear()


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


# 2026-03-10 09:15 UTC, 10:15 in Rome: the lookup window ends at 10:00 UTC, 11:00 in Rome.
QUARTER_PAST_NINE_UTC = datetime.datetime(2026, 3, 10, 9, 15, tzinfo=datetime.UTC).timestamp()


class Clock:
    """The throttle's clock, set by hand: `at` is seconds since the epoch."""

    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The duplicate-lookup throttle sees 09:15 UTC until a test moves `clock.at`."""
    fixed = Clock(QUARTER_PAST_NINE_UTC)
    monkeypatch.setattr(throttle, "now", fixed)
    return fixed
