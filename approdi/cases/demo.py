"""Demo cases for the demo people (`load_demo`). Idempotent: a person with a case is skipped.

Each partner's two people get a case assigned to the partner's demo case worker
(`worker.<slug>`): the first residential (emergency, then first reception, with an
activity, a permit and a proceeding), the second territorial. Dates are counted back
from the day of loading, so that the deadline pages have something to show.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from approdi.accounts.models import User
from approdi.people.models import Person

from . import services
from .choices import CasePath, PermitKind, PermitStatus, Phase, Programme
from .models import Case


@transaction.atomic
def load(partner_slugs: list[str], person_codes: dict[str, list[str]]) -> int:
    """Open the demo cases that are missing; returns how many were opened."""
    today = timezone.localdate()
    opened = 0
    for slug in partner_slugs:
        worker = User.objects.filter(username=f"worker.{slug}").first()
        if worker is None:
            continue
        for number, code in enumerate(person_codes[slug], start=1):
            person = Person.objects.select_related("organisation").get(code=code)
            if Case.objects.filter(person=person).exists():
                continue
            if number == 1:
                _residential(person, worker, today)
            else:
                _territorial(person, worker, today)
            opened += 1
    return opened


def _residential(person: Person, worker: User, today: datetime.date) -> None:
    start = today - datetime.timedelta(days=70)
    case = services.case_open(
        acting_user=None,
        person=person,
        organisation=person.organisation,
        case_worker=worker,
        opened_on=start,
        programme=Programme.ART13,
        path=CasePath.SOCIAL,
        first_phase=Phase.EMERGENCY,
        territory="milano",
        opened_from="referral",
        reflection_started_on=start,
    )
    services.case_move_phase(
        acting_user=worker,
        case=case,
        phase=Phase.FIRST_RECEPTION,
        started_on=start + datetime.timedelta(days=20),
        reason="Posto disponibile in prima accoglienza.",
    )
    services.activity_add(
        acting_user=worker,
        case=case,
        kind="interview",
        date=start + datetime.timedelta(days=1),
        duration_minutes=60,
        provider=person.organisation.name,
        outcome="Primo colloquio",
    )
    services.permit_add(
        acting_user=worker,
        case=case,
        kind=PermitKind.ART18_SPECIAL_CASES,
        proposer="social_services",
        status=PermitStatus.ISSUED,
        questura="Milano",
        applied_on=start + datetime.timedelta(days=10),
        issued_on=start + datetime.timedelta(days=40),
        expires_on=start + datetime.timedelta(days=40) + datetime.timedelta(days=182),
    )
    services.proceeding_add(
        acting_user=worker,
        case=case,
        kind="criminal",
        role="injured_party",
        stage="investigation",
        complaint_on=start + datetime.timedelta(days=5),
        prosecutor_office="Procura di Milano",
    )
    services.goal_add(
        acting_user=worker,
        case=case,
        description="Corso di italiano A2",
        target_on=today + datetime.timedelta(days=60),
    )


def _territorial(person: Person, worker: User, today: datetime.date) -> None:
    start = today - datetime.timedelta(days=30)
    case = services.case_open(
        acting_user=None,
        person=person,
        organisation=person.organisation,
        case_worker=worker,
        opened_on=start,
        programme=Programme.ART18,
        path=CasePath.SOCIAL,
        first_phase=Phase.TERRITORIAL,
        territory="milano",
        opened_from="assessment",
    )
    services.activity_add(
        acting_user=worker,
        case=case,
        kind="job_orientation",
        date=start + datetime.timedelta(days=3),
        duration_minutes=90,
    )
