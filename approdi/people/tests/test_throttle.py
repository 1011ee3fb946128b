"""The hourly limit on duplicate lookups: a partner account cannot test name after name
whether a woman is recorded; the coordinator, who sees everyone, is not limited."""

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from approdi.accounts.models import User
from approdi.conftest import QUARTER_PAST_NINE_UTC, Clock
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.checks import lookup_counts_are_shared
from approdi.people.models import Person, PossibleDuplicate
from approdi.people.services import (
    LookupThrottled,
    person_duplicate_lookup,
    person_lookup_throttled_log,
    person_resolve_or_create,
)

from .conftest import JOY

REFUSED_UNTIL_11 = (
    "Troppe ricerche di persone in quest'ora: riprova dalle 11:00 o rivolgiti "
    "all'ufficio di coordinamento."
)
TEN_UTC = QUARTER_PAST_NINE_UTC + 45 * 60


@pytest.fixture
def limit_3(settings: Any) -> int:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 3
    return 3


def record(user: User, number: int, **changes: Any) -> Person:
    """A new person with names and a phone of their own (so each call looks up once)."""
    values: dict[str, Any] = {
        "acting_user": user,
        "organisation": user.organisation,
        "gender": "woman",
        "nationality": "NG",
        "identity": {
            "given_names": f"Ada{number}",
            "family_name": "Obi",
            "phone": f"+39 333 000 {number:04d}",
        },
    }
    values.update(changes)
    return person_resolve_or_create(**values)


def look_up_phone(user: User, number: int) -> list[Any]:
    return person_duplicate_lookup(acting_user=user, phone=f"+39 333 000 {number:04d}")


def throttled_rows() -> list[tuple[str, str, str, str, list[str]]]:
    return [
        (e.actor_username, e.object_type, e.object_id, e.reason, e.fields)
        for e in AccessLogEntry.objects.filter(
            action=AccessAction.DUPLICATE_LOOKUP_THROTTLED
        ).order_by("id")
    ]


def test_the_default_is_30_lookups_an_hour(worker_a: User, clock: Clock) -> None:
    assert settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR == 30
    for number in range(30):
        assert look_up_phone(worker_a, number) == []
    with pytest.raises(LookupThrottled):
        look_up_phone(worker_a, 30)


def test_exactly_the_limit_is_recorded_then_the_next_lookup_is_refused_and_nothing_saved(
    worker_a: User, limit_3: int, clock: Clock
) -> None:
    for number in range(3):
        record(worker_a, number)
    assert Person.objects.count() == 3
    with translation.override("it"), pytest.raises(LookupThrottled) as raised:
        record(worker_a, 3)
    assert str(raised.value) == REFUSED_UNTIL_11
    assert (raised.value.limit, raised.value.retry_after) == (3, 45 * 60)
    assert Person.objects.count() == 3
    # Confirming a new person looks up too (for the coordinator's flag): refused as well.
    with pytest.raises(LookupThrottled):
        record(worker_a, 4, confirm_new=True)
    assert (Person.objects.count(), PossibleDuplicate.objects.count()) == (3, 0)


def test_a_refused_lookup_finds_nobody_even_a_match(
    joy_b: Person, worker_a: User, limit_3: int, clock: Clock
) -> None:
    for number in range(3):
        look_up_phone(worker_a, number)
    with pytest.raises(LookupThrottled):
        person_duplicate_lookup(acting_user=worker_a, phone=JOY["phone"])
    with pytest.raises(LookupThrottled):
        person_resolve_or_create(
            acting_user=worker_a,
            organisation=worker_a.organisation,  # type: ignore[arg-type]
            gender="woman",
            nationality="NG",
            identity=dict(JOY),
            confirm_new=True,
        )
    assert (Person.objects.count(), PossibleDuplicate.objects.count()) == (1, 0)


def test_nothing_to_look_up_is_not_counted(worker_a: User, settings: Any, clock: Clock) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 1
    for _ in range(5):
        # One name alone, no birth date, no phone: no hash to query.
        assert person_duplicate_lookup(acting_user=worker_a, given_names="Joy") == []
        record(worker_a, 0, identity={})
    assert Person.objects.count() == 5
    assert look_up_phone(worker_a, 1) == []
    with pytest.raises(LookupThrottled):
        look_up_phone(worker_a, 2)


def test_the_coordinator_is_not_limited(
    joy_b: Person, coordinator: User, settings: Any, clock: Clock
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 1
    for _ in range(5):
        [found] = person_duplicate_lookup(acting_user=coordinator, phone=JOY["phone"])
        assert found.person == joy_b


def test_another_user_keeps_their_own_lookups(
    joy_b: Person, worker_a: User, worker_b: User, limit_3: int, clock: Clock
) -> None:
    for number in range(3):
        look_up_phone(worker_a, number)
    with pytest.raises(LookupThrottled):
        look_up_phone(worker_a, 3)
    for _ in range(3):
        [found] = person_duplicate_lookup(acting_user=worker_b, phone=JOY["phone"])
        assert found.person == joy_b
    with pytest.raises(LookupThrottled):
        look_up_phone(worker_b, 4)


def test_the_limit_starts_again_with_the_next_hour(
    worker_a: User, limit_3: int, clock: Clock
) -> None:
    for number in range(3):
        look_up_phone(worker_a, number)
    clock.at = TEN_UTC - 1  # 09:59:59 UTC: still the same hour
    with pytest.raises(LookupThrottled) as raised:
        look_up_phone(worker_a, 3)
    assert raised.value.retry_after == 1
    clock.at = TEN_UTC
    for number in range(3):
        assert look_up_phone(worker_a, number) == []
    with translation.override("it"), pytest.raises(LookupThrottled) as raised:
        look_up_phone(worker_a, 3)
    assert str(raised.value) == REFUSED_UNTIL_11.replace("11:00", "12:00")
    assert raised.value.retry_after == 3600


def test_one_access_log_row_when_the_limit_is_first_hit_in_an_hour(
    worker_a: User, limit_3: int, clock: Clock
) -> None:
    for number in range(3):
        look_up_phone(worker_a, number)
    for number in range(3, 6):
        with pytest.raises(LookupThrottled) as raised:
            look_up_phone(worker_a, number)
        person_lookup_throttled_log(acting_user=worker_a, throttled=raised.value)
    row = ("worker.a", "people.person", "", "limit 3 per hour", [])
    assert throttled_rows() == [row]
    clock.at = TEN_UTC + 60
    for number in range(3):
        look_up_phone(worker_a, number)
    for number in range(3, 5):
        with pytest.raises(LookupThrottled) as raised:
            look_up_phone(worker_a, number)
        person_lookup_throttled_log(acting_user=worker_a, throttled=raised.value)
    assert throttled_rows() == [row, row]


# --- the page --------------------------------------------------------------------------


FORM = {
    "gender": "woman",
    "nationality": "ng",
    "given_names": "Joy",
    "family_name": "Okafor",
    "birth_date": "1998-04-02",
    "phone": "333 123 4567",
}


def test_the_page_refuses_past_the_limit_keeps_the_data_and_logs_once(
    worker_a: User,
    settings: Any,
    clock: Clock,
    client_for: Callable[[User], Client],
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 2
    client = client_for(worker_a)
    assert client.post("/people/new/", FORM).status_code == 302  # lookup 1: nobody, created
    again = client.post("/people/new/", FORM)  # lookup 2: finds her own record
    assert 'data-testid="duplicate-candidates"' in again.content.decode()
    assert Person.objects.count() == 1

    refused = client.post("/people/new/", {**FORM, "confirm_new": "on"})  # lookup 3
    body = html.unescape(refused.content.decode())
    assert refused.status_code == 200
    assert REFUSED_UNTIL_11 in body
    assert 'data-testid="duplicate-candidates"' not in body
    assert 'value="Okafor"' in body and 'value="333 123 4567"' in body
    assert Person.objects.count() == 1
    assert client.post("/people/new/", FORM).status_code == 200
    assert Person.objects.count() == 1
    assert throttled_rows() == [("worker.a", "people.person", "", "limit 2 per hour", [])]
    # Only the lookup that was made and found her is logged as a lookup.
    assert AccessLogEntry.objects.filter(action=AccessAction.DUPLICATE_LOOKUP).count() == 1


def test_the_coordinator_is_not_limited_on_the_page(
    coordinator: User,
    settings: Any,
    clock: Clock,
    client_for: Callable[[User], Client],
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 1
    client = client_for(coordinator)
    organisation = str(coordinator.organisation_id)
    assert client.post("/people/new/", {**FORM, "organisation": organisation}).status_code == 302
    for _ in range(3):
        page = client.post("/people/new/", {**FORM, "organisation": organisation})
        assert 'data-testid="duplicate-candidates"' in page.content.decode()
    assert Person.objects.count() == 1
    assert throttled_rows() == []


# --- deployment ------------------------------------------------------------------------


def test_the_deploy_check_warns_when_each_process_would_count_on_its_own(
    settings: Any,
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in lookup_counts_are_shared()] == ["people.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert lookup_counts_are_shared() == []


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Nothing listens on port 1: every cache call fails, as with Redis down.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def test_with_the_cache_down_the_page_refuses_the_lookup_with_a_message(
    worker_a: User, settings: Any, client_for: Callable[[User], Client]
) -> None:
    settings.CACHES = UNREACHABLE_REDIS
    client = client_for(worker_a)
    refused = client.post("/people/new/", FORM)
    body = html.unescape(refused.content.decode())
    assert refused.status_code == 200
    assert (
        "Le ricerche di persone non sono disponibili in questo momento: riprova tra qualche "
        "minuto. Non è stato salvato nulla."
    ) in body
    assert 'value="Okafor"' in body
    assert Person.objects.count() == 0
    # Logged as a refused lookup (the cache cannot say whether it is the first).
    assert throttled_rows() == [("worker.a", "people.person", "", "lookup counter unavailable", [])]
