"""Building cases in tests through the real services."""

import datetime
from typing import Any

from approdi.accounts.models import User
from approdi.cases import services
from approdi.cases.models import Case
from approdi.people.models import Person

OPENED = datetime.date(2024, 1, 10)


def open_case(person: Person, *, case_worker: User | None = None, **values: Any) -> Case:
    """A case of `person`'s organisation, opened 10 Jan 2024 in emergency reception."""
    values.setdefault("opened_on", OPENED)
    values.setdefault("programme", "art13_first_assistance")
    values.setdefault("path", "social")
    values.setdefault("first_phase", "emergency")
    return services.case_open(
        acting_user=None,
        person=person,
        organisation=values.pop("organisation", person.organisation),
        case_worker=case_worker,
        **values,
    )
