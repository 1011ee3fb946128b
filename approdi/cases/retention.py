"""Anonymisation of closed cases after the retention period (access.md rule 10).

Removes every free text of the case (notes, reasons, reviews, goals, providers, outcomes
in words, prosecutor's office, docket number, placement references). When all of a
person's cases are closed and past retention, the person goes too, together with every
record merged into them (`Person.merged_into`, followed down the whole chain): identity
fields and keyed hashes (also in the history), and the free text about them elsewhere:
referrals (contact, reason, notes, decision reason, receiving service), assessments
(notes, mediator, evidence of each answer) and the reasons of their merges. Rows, codes,
dates, durations, statuses, source kinds and conclusions stay: every statistic is the
same before and after.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.people.hashing import HASH_FIELDS
from approdi.people.models import IDENTITY_FIELDS, Person, PersonMerge

from . import models
from .choices import CLOSED_STATUSES, EventKind

ANONYMISED = "—"

# Free text about a person outside the case, emptied with the person (model label: fields).
# Codes, dates, statuses, source kinds, conclusions and the answers themselves stay.
REFERRAL_TEXT = (
    "referring_contact",
    "reason",
    "notes",
    "decision_reason",
    "receiving_service",
)
ASSESSMENT_TEXT = ("notes", "mediator")
ANSWER_TEXT = ("evidence",)


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
    records = sorted(_with_merged_records(people))
    blank = dict.fromkeys(IDENTITY_FIELDS, "")
    blank.update(dict.fromkeys(HASH_FIELDS, ""))
    Person.objects.filter(pk__in=records).update(**blank, updated_at=now)
    # The history keeps ciphertext of the identity: it goes too.
    Person.history.filter(id__in=records).update(**blank)
    _blank_free_text_about(records, now)
    for person in Person.objects.filter(pk__in=records):
        audit.record(
            AccessAction.UPDATE,
            actor=None,
            obj=person,
            fields=[*IDENTITY_FIELDS, *HASH_FIELDS],
            reason="retention",
        )
    return len(cases), len(people)


def _with_merged_records(people: list[int]) -> set[int]:
    """`people` and every record merged into one of them, however long the chain."""
    found = set(people)
    frontier = set(people)
    while frontier:
        frontier = (
            set(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def _blank_free_text_about(records: list[int], now: datetime.datetime) -> None:
    """Referrals, assessments and merges of these person records: their free text goes,
    the rows stay. Each changed row gets an access-log row (field names only)."""
    referral_model = apps.get_model("referrals", "Referral")
    assessment_model = apps.get_model("screening", "Assessment")
    answer_model = apps.get_model("screening", "AssessmentAnswer")
    referrals = referral_model.objects.filter(person_id__in=records)
    referrals.update(**dict.fromkeys(REFERRAL_TEXT, ""), updated_at=now)
    assessments = assessment_model.objects.filter(person_id__in=records)
    answer_model.objects.filter(assessment__in=assessments).update(**dict.fromkeys(ANSWER_TEXT, ""))
    assessments.update(**dict.fromkeys(ASSESSMENT_TEXT, ""), updated_at=now)
    # The reason of a merge is required: a placeholder, as for the other required texts.
    merges = PersonMerge.objects.filter(Q(kept_id__in=records) | Q(merged_id__in=records))
    merges.update(reason=ANONYMISED, updated_at=now)
    for fields, rows in (
        (REFERRAL_TEXT, referrals),
        ((*ASSESSMENT_TEXT, *(f"answers.{f}" for f in ANSWER_TEXT)), assessments),
        (("reason",), merges),
    ):
        for row in rows.order_by("pk"):
            audit.record(
                AccessAction.UPDATE, actor=None, obj=row, fields=list(fields), reason="retention"
            )
