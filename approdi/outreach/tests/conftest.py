import datetime
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.outreach.models import Outing
from approdi.outreach.services import ServiceInput, TallyInput, outing_create


@pytest.fixture
def outreach_a(make_user: Callable[..., User], partner_a: Organisation) -> User:
    return make_user(partner_a, [Role.OUTREACH_WORKER], username="street.alfa")


@pytest.fixture
def outreach_b(make_user: Callable[..., User], partner_b: Organisation) -> User:
    return make_user(partner_b, [Role.OUTREACH_WORKER], username="street.beta")


@pytest.fixture
def make_outing() -> Callable[..., Outing]:
    def make(user: User, **overrides: Any) -> Outing:
        assert user.organisation is not None
        values: dict[str, Any] = {
            "acting_user": user,
            "organisation": user.organisation,
            "idempotency_key": uuid.uuid4(),
            "territory": "milano",
            "date": datetime.date(2026, 3, 14),
            "shift": "night",
            "kind": "street",
            "area": "Viale Monza",
            "team_size": 2,
            "duration_minutes": 180,
            "tallies": [
                TallyInput(gender="woman", status="new", count=3, nationality="NG"),
                TallyInput(gender="trans", status="known", count=2),
            ],
            "services": [
                ServiceInput(service="prevention_material", material="condoms", quantity=40)
            ],
        }
        values.update(overrides)
        outing, _created = outing_create(**values)
        return outing

    return make


def outing_payload(**overrides: Any) -> dict[str, Any]:
    """The JSON the entry screen sends (one tally line, services as steppers)."""
    data: dict[str, Any] = {
        "idempotency_key": str(uuid.uuid4()),
        "date": "2026-03-14",
        "territory": "milano",
        "shift": "night",
        "kind": "street",
        "area": "Viale Monza",
        "team_size": "2",
        "duration_minutes": "180",
        "tallies-TOTAL_FORMS": "1",
        "tallies-INITIAL_FORMS": "0",
        "tallies-MIN_NUM_FORMS": "0",
        "tallies-MAX_NUM_FORMS": "1000",
        "tallies-0-gender": "woman",
        "tallies-0-status": "new",
        "tallies-0-count": "4",
        "tallies-0-age_band": "18_25",
        "tallies-0-nationality": "ng",
        "tallies-0-setting": "street_prostitution",
        "service_information": "2",
        "material_condoms": "30",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def italian() -> Iterator[None]:
    """Italian first, as the application: labels and messages are asserted in Italian."""
    with translation.override("it"):
        yield
