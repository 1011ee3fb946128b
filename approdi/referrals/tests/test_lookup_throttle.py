"""Referral intake looks the person up, so it counts against the hourly limit on duplicate
lookups: past it the page re-renders with the reason and the API answers 429, with
nothing saved either way."""

import html
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from approdi.accounts.models import User
from approdi.conftest import Clock
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.models import Person
from approdi.people.services import LookupThrottled
from approdi.referrals import services
from approdi.referrals.models import Referral

from .conftest import DAY

pytestmark = pytest.mark.django_db

REFUSED_UNTIL_11 = (
    "Troppe ricerche di persone in quest'ora: riprova dalle 11:00 o rivolgiti "
    "all'ufficio di coordinamento."
)


def throttled_rows() -> list[tuple[str, str, str]]:
    return [
        (e.actor_username, e.object_type, e.reason)
        for e in AccessLogEntry.objects.filter(
            action=AccessAction.DUPLICATE_LOOKUP_THROTTLED
        ).order_by("id")
    ]


def page_data(number: int) -> dict[str, str]:
    return {
        "referred_on": "2024-03-01",
        "source_kind": "cas",
        "urgency": "ordinary",
        "new_gender": "woman",
        "new_given_names": f"Ada{number}",
        "new_family_name": "Obi",
    }


def api_payload(number: int) -> dict[str, Any]:
    return {
        "referred_on": "2024-03-01",
        "source_kind": "cas",
        "new_person": {"gender": "woman", "given_names": f"Ada{number}", "family_name": "Obi"},
    }


def test_the_intake_page_refuses_past_the_limit_with_nothing_saved(
    manager_a: User, settings: Any, clock: Clock, client_for: Callable[[User], Client]
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 2
    client = client_for(manager_a)
    for number in range(2):
        assert client.post(reverse("referrals:create"), page_data(number)).status_code == 302
    assert (Referral.objects.count(), Person.objects.count()) == (2, 2)
    for number in range(2, 4):
        refused = client.post(reverse("referrals:create"), page_data(number))
        body = html.unescape(refused.content.decode())
        assert refused.status_code == 200
        assert REFUSED_UNTIL_11 in body
        assert f'value="Ada{number}"' in body
    assert (Referral.objects.count(), Person.objects.count()) == (2, 2)
    assert throttled_rows() == [("manager_a", "people.person", "limit 2 per hour")]


def test_the_api_answers_429_with_the_reason_and_nothing_saved(
    manager_a: User, settings: Any, clock: Clock, client_for: Callable[[User], Client]
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 2
    client = client_for(manager_a)
    url = "/api/v1/referrals/"
    for number in range(2):
        created = client.post(url, api_payload(number), content_type="application/json")
        assert created.status_code == 201, created.json()
    for number in range(2, 4):
        refused = client.post(url, api_payload(number), content_type="application/json")
        assert refused.status_code == 429
        assert refused.json() == {"detail": REFUSED_UNTIL_11}
        assert refused["Retry-After"] == "2700"
    assert (Referral.objects.count(), Person.objects.count()) == (2, 2)
    assert throttled_rows() == [("manager_a", "people.person", "limit 2 per hour")]
    # An existing person, by code, needs no lookup: still possible.
    code = Person.objects.order_by("code").values_list("code", flat=True).first()
    by_code = client.post(
        url,
        {"referred_on": "2024-03-01", "source_kind": "cas", "person_code": code},
        content_type="application/json",
    )
    assert by_code.status_code == 201, by_code.json()
    assert Referral.objects.count() == 3


def test_the_coordinator_records_referrals_past_the_limit(
    coordinator: User, settings: Any, clock: Clock, client_for: Callable[[User], Client]
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 1
    client = client_for(coordinator)
    for number in range(3):
        created = client.post(
            "/api/v1/referrals/", api_payload(number), content_type="application/json"
        )
        assert created.status_code == 201, created.json()
    assert (Referral.objects.count(), Person.objects.count(), throttled_rows()) == (3, 3, [])


def test_a_street_units_operator_is_limited_too(
    outreach_a: User, settings: Any, clock: Clock
) -> None:
    settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR = 1

    def intake(number: int) -> Referral:
        return services.referral_create(
            acting_user=outreach_a,
            referred_on=DAY,
            source_kind="street_unit",
            new_person=services.NewPerson(
                gender="woman", identity={"given_names": f"Ada{number}", "family_name": "Obi"}
            ),
        )

    intake(0)
    with pytest.raises(LookupThrottled):
        intake(1)
    assert (Referral.objects.count(), Person.objects.count()) == (1, 1)
