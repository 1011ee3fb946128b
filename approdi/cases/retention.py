"""Anonymisation of closed cases after the retention period (access.md rule 10).

Cases: removes every free text of each case closed more than the retention period ago
(notes, reasons, reviews, goals, providers, outcomes in words, prosecutor's office, docket
number, placement references), on schedule, whatever else the person has going on.

People: a person goes when every case of theirs is anonymised and they are no longer in
contact with the network: across the person and every record merged into them
(`Person.merged_into`, followed down the whole chain) no referral is still open (received,
under review), none was referred after the cutoff (today - retention days) and no
assessment took place after it. Someone back in contact keeps their identity and the text
of their referrals and assessments; a later run takes them once the last of these is
decided and older than the cutoff. Then, for the person and every merged record:
identity fields and keyed hashes (also in the history), and the free text about them
elsewhere: referrals (contact, reason, notes, decision reason, receiving service),
assessments (notes, mediator, evidence of each answer) and the reasons of their merges;
`Person.anonymised_at` is set, so a person is anonymised (and logged) once, unless
something is written about them afterwards (an edit, a merge, a referral, an assessment,
another case): then they are taken again by a later run, by the same rule. Rows, codes,
dates, durations, statuses, source kinds and conclusions stay: every statistic is the
same before and after.
"""

import datetime
from collections.abc import Iterable

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.people.hashing import HASH_FIELDS
from approdi.people.models import IDENTITY_FIELDS, Person, PersonMerge
from approdi.referrals.choices import OPEN_STATUSES

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


def retention_cutoff(today: datetime.date, retention_days: int) -> datetime.date:
    """Records dated on or before this day are past retention."""
    return today - datetime.timedelta(days=retention_days)


def eligible_cases(today: datetime.date, retention_days: int) -> QuerySet[models.Case]:
    return models.Case.objects.filter(
        status__in=CLOSED_STATUSES,
        closed_on__lte=retention_cutoff(today, retention_days),
        anonymised_at__isnull=True,
    )


def eligible_people(cutoff: datetime.date) -> dict[int, set[int]]:
    """The people to anonymise now, each with the set of its records (itself and every
    record merged into it): not merged into another, at least one case and every case
    anonymised, not anonymised yet or touched since (see `_touched_since`), and no open
    or recent referral and no recent assessment on any of its records."""
    cases = models.Case.objects.filter(person=OuterRef("pk"))
    candidates = dict(
        Person.objects.filter(merged_into__isnull=True)
        .filter(Exists(cases))
        .exclude(Exists(cases.filter(anonymised_at__isnull=True)))
        .values_list("pk", "anonymised_at")
    )
    records_of = _merged_records(list(candidates))
    touched = _touched_since(records_of, candidates)
    records_of = {
        person: own
        for person, own in records_of.items()
        if candidates[person] is None or person in touched
    }
    records = set().union(*records_of.values())
    referral_model = apps.get_model("referrals", "Referral")
    assessment_model = apps.get_model("screening", "Assessment")
    in_contact = set(
        referral_model.objects.filter(person_id__in=records)
        .filter(Q(status__in=OPEN_STATUSES) | Q(referred_on__gt=cutoff))
        .values_list("person_id", flat=True)
    ) | set(
        assessment_model.objects.filter(person_id__in=records, assessed_on__gt=cutoff).values_list(
            "person_id", flat=True
        )
    )
    return {person: own for person, own in records_of.items() if not own & in_contact}


def _touched_since(
    records_of: dict[int, set[int]], anonymised_at: dict[int, datetime.datetime | None]
) -> set[int]:
    """The people already anonymised that something was written about since: a record of
    theirs edited or merged in, a referral or assessment recorded or changed, another case
    anonymised. Their new text goes in the next run, as it would have the first time."""
    done = {person: at for person, at in anonymised_at.items() if at is not None}
    if not done:
        return set()
    root_of = {record: person for person in done for record in records_of[person]}
    latest: dict[int, datetime.datetime] = {}

    def note(rows: Iterable[tuple[int, datetime.datetime | None]]) -> None:
        for record, at in rows:
            root = root_of[record]
            if at is not None and (root not in latest or at > latest[root]):
                latest[root] = at

    referral_model = apps.get_model("referrals", "Referral")
    assessment_model = apps.get_model("screening", "Assessment")
    for model, field, person_field in (
        (Person, "updated_at", "pk"),
        (referral_model, "updated_at", "person_id"),
        (assessment_model, "updated_at", "person_id"),
        (models.Case, "anonymised_at", "person_id"),
    ):
        note(
            model.objects.filter(**{f"{person_field}__in": list(root_of)})
            .values(person_field)
            .annotate(latest=Max(field))
            .values_list(person_field, "latest")
        )
    return {person for person, at in done.items() if person in latest and latest[person] > at}


@transaction.atomic
def anonymise_closed_cases(
    *, today: datetime.date | None = None, retention_days: int | None = None
) -> tuple[int, int]:
    """Anonymise the eligible cases, then the eligible people; returns (cases, people)."""
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

    # After the cases: a person whose last case went in this run is taken in this run.
    records_of = eligible_people(retention_cutoff(today, retention_days))
    records = sorted(set().union(*records_of.values()))
    blank = dict.fromkeys(IDENTITY_FIELDS, "")
    blank.update(dict.fromkeys(HASH_FIELDS, ""))
    Person.objects.filter(pk__in=records).update(**blank, anonymised_at=now, updated_at=now)
    # The history keeps ciphertext of the identity: it goes too.
    Person.history.filter(id__in=records).update(**blank)
    _blank_free_text_about(records, now)
    for person in Person.objects.filter(pk__in=records).order_by("pk"):
        audit.record(
            AccessAction.UPDATE,
            actor=None,
            obj=person,
            fields=[*IDENTITY_FIELDS, *HASH_FIELDS, "anonymised_at"],
            reason="retention",
        )
    return len(cases), len(records_of)


def _merged_records(people: list[int]) -> dict[int, set[int]]:
    """Each of `people` with itself and every record merged into it, however long the
    chain (one query per link of the longest chain)."""
    records_of = {person: {person} for person in people}
    root_of = {person: person for person in people}
    frontier = set(people)
    while frontier:
        links = Person.objects.filter(merged_into__in=frontier).values_list("pk", "merged_into")
        frontier = set()
        for record, into in links:
            if record in root_of or into is None:  # `into` is never None: filtered on
                continue
            root_of[record] = root_of[into]
            records_of[root_of[record]].add(record)
            frontier.add(record)
    return records_of


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
