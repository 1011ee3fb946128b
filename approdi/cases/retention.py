"""Anonymisation of closed cases after the retention period (access.md rule 10).

Removes identity (the person's encrypted fields and keyed hash, also from the person's
history) and every free text of the case (notes, reasons, reviews, goals, providers,
outcomes in words, prosecutor's office, docket number, placement references). Codes,
dates, durations and statuses stay: every statistic is the same before and after.
A person is anonymised only when all of their cases are closed and past retention.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.people.hashing import HASH_FIELDS
from approdi.people.models import IDENTITY_FIELDS, Person

from . import models
from .choices import CLOSED_STATUSES, EventKind

ANONYMISED = "—"


def eligible_cases(today: datetime.date, retention_days: int) -> QuerySet[models.Case]:
    cutoff = today - datetime.timedelta(days=retention_days)
    return models.Case.objects.filter(
        status__in=CLOSED_STATUSES, closed_on__lte=cutoff, anonymised_at__isnull=True
    )


@transaction.atomic
def anonymise_closed_cases(
    *, today: datetime.date | None = None, retention_days: int | None = None
) -> tuple[int, int]:
    """Anonymise the eligible cases and people; returns (cases, people)."""
    today = today or timezone.localdate()
    if retention_days is None:
        retention_days = settings.APPRODI_CASE_RETENTION_DAYS
    cases = list(eligible_cases(today, retention_days).select_for_update())
    ids = [c.pk for c in cases]
    now = timezone.now()
    models.Case.objects.filter(pk__in=ids).update(notes="", opened_from="", anonymised_at=now)
    models.CasePhase.objects.filter(case_id__in=ids).update(reason="", placement_reference="")
    models.Goal.objects.filter(case_id__in=ids).update(description=ANONYMISED)
    models.GoalReview.objects.filter(goal__case_id__in=ids).update(notes="")
    models.Activity.objects.filter(case_id__in=ids).update(provider="", outcome="", notes="")
    models.Permit.objects.filter(case_id__in=ids).update(questura="")
    models.LegalProceeding.objects.filter(case_id__in=ids).update(
        prosecutor_office="", docket_number=""
    )
    models.VoluntaryReturn.objects.filter(case_id__in=ids).update(partner="")
    models.Exit.objects.filter(case_id__in=ids).update(notes="")
    models.FollowUp.objects.filter(case_id__in=ids).update(notes="")
    models.ShareGrant.objects.filter(case_id__in=ids).update(reason=ANONYMISED)
    for case in cases:
        models.CaseEvent.objects.create(case=case, kind=EventKind.ANONYMISED)
        audit.record(
            AccessAction.UPDATE,
            actor=None,
            obj=case,
            fields=["notes", "free_text"],
            reason="retention",
        )

    # People whose every case is now anonymised.
    person_ids = {c.person_id for c in cases}
    still_open = set(
        models.Case.objects.filter(person_id__in=person_ids)
        .filter(Q(anonymised_at__isnull=True))
        .values_list("person_id", flat=True)
    )
    people = sorted(person_ids - still_open)
    blank = dict.fromkeys(IDENTITY_FIELDS, "")
    blank.update(dict.fromkeys(HASH_FIELDS, ""))
    Person.objects.filter(pk__in=people).update(**blank, updated_at=now)
    # The history keeps ciphertext of the identity: it goes too.
    Person.history.filter(id__in=people).update(**blank)
    for person in Person.objects.filter(pk__in=people):
        audit.record(
            AccessAction.UPDATE,
            actor=None,
            obj=person,
            fields=list(IDENTITY_FIELDS),
            reason="retention",
        )
    return len(cases), len(people)
