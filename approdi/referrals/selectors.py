"""Reads of referrals, the coordination office's queue, and the scoping function."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .choices import DECIDED_STATUSES, OPEN_STATUSES, URGENCY_RANK
from .models import Referral

# Roles that may record referrals.
REFERRAL_ROLES = CASE_ROLES | {Role.OUTREACH_WORKER}


@scope_for(Referral)
def referral_scope(user: User, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """Who reads a referral (its reason and notes name a victim and her exploiters).

    Coordinator: every referral. A partner's head of team (org_manager): the referrals its
    organisation made or that were assigned to it. Everyone who records referrals: the ones
    they recorded themselves. Case workers (and heads of team): the referrals of the people
    whose case content they see. So an outreach worker or a legal advisor reads only their
    own referrals, and a case worker those of the people in her care, not every referral
    of the organisation. Monitoring, auditor and admin: none."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, REFERRAL_ROLES) or not user.organisation_id:
        return queryset.none()
    from approdi.cases.selectors import content_cases  # referrals hang from cases

    cases = content_cases(user)
    condition = (
        Q(recorded_by_id=user.pk)
        | Q(case__in=cases.values("pk"))
        | Q(person__in=cases.values("person_id"))
    )
    if has_role(user, Role.ORG_MANAGER):
        condition |= Q(organisation_id=user.organisation_id) | Q(
            assigned_organisation_id=user.organisation_id
        )
    return queryset.filter(condition)


def may_record_referral(user: User) -> bool:
    return has_role(user, REFERRAL_ROLES)


def may_triage(user: User) -> bool:
    return has_role(user, Role.COORDINATOR)


def may_withdraw(user: User, referral: Referral) -> bool:
    """The coordination office, whoever recorded the referral, or the head of team of the
    organisation that made it."""
    if may_triage(user):
        return True
    if not may_record_referral(user):
        return False
    return referral.recorded_by_id == user.pk or (
        has_role(user, Role.ORG_MANAGER) and referral.organisation_id == user.organisation_id
    )


def referral_list(*, user: User) -> QuerySet[Referral]:
    return visible_to(user, Referral).select_related(
        "person", "organisation", "assigned_organisation", "referring_actor", "case"
    )


def referral_get(*, user: User, uuid: object) -> Referral:
    return get_visible_or_404(user, referral_list(user=user), uuid=uuid)


def _latest_assessment(user: User, field: str) -> Subquery:
    """The latest assessment of the person among those `user` may see (a partner does not
    learn danger or score from an assessment it could not open)."""
    from approdi.screening.models import Assessment  # screening hangs from referrals

    return Subquery(
        visible_to(user, Assessment)
        .filter(person=OuterRef("person"))
        .order_by("-assessed_on", "-created_at", "-id")
        .values(field)[:1]
    )


def with_triage(user: User, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """Annotate danger (intake flag or the person's latest assessment), urgency rank and
    the latest triage score."""
    return queryset.annotate(
        assessed_danger=Coalesce(
            _latest_assessment(user, "danger_flag"), Value(False), output_field=BooleanField()
        ),
        triage_score=Coalesce(
            _latest_assessment(user, "triage_score"), Value(0), output_field=IntegerField()
        ),
        urgency_rank=Case(
            *[When(urgency=u, then=Value(rank)) for u, rank in URGENCY_RANK.items()],
            default=Value(9),
            output_field=IntegerField(),
        ),
    ).annotate(
        in_danger=Case(
            When(Q(danger_reported=True) | Q(assessed_danger=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def referral_queue(*, user: User) -> QuerySet[Referral]:
    """The open referrals, most pressing first: danger, urgency, triage score, waiting."""
    return with_triage(user, referral_list(user=user).filter(status__in=OPEN_STATUSES)).order_by(
        "-in_danger", "urgency_rank", "-triage_score", "referred_on", "created_at", "id"
    )


def referral_decided(*, user: User) -> QuerySet[Referral]:
    return (
        referral_list(user=user).filter(status__in=DECIDED_STATUSES).order_by("-decided_at", "-id")
    )


def days_to_decision(referral: Referral) -> int | None:
    if referral.decided_at is None:
        return None
    return (timezone.localtime(referral.decided_at).date() - referral.referred_on).days


def days_waiting(referral: Referral, today: datetime.date | None = None) -> int:
    return ((today or timezone.localdate()) - referral.referred_on).days


@dataclass(frozen=True)
class DecisionTimes:
    decided: int
    median_days: float | None
    mean_days: float | None
    within_7_days: int


def decision_times(*, user: User, since: datetime.date | None = None) -> DecisionTimes:
    """Time from referral to decision over the decided referrals the user may see."""
    queryset = referral_decided(user=user)
    if since is not None:
        queryset = queryset.filter(referred_on__gte=since)
    days = [
        (timezone.localtime(at).date() - on).days
        for on, at in queryset.values_list("referred_on", "decided_at")
        if at is not None
    ]
    return DecisionTimes(
        decided=len(days),
        median_days=float(statistics.median(days)) if days else None,
        mean_days=round(statistics.fmean(days), 1) if days else None,
        within_7_days=sum(1 for d in days if d <= 7),
    )


def mark_where_taken_in(user: User, referrals: list[Referral]) -> None:
    """Set `where_visible` on each referral (see `may_see_where_taken_in`), in one query."""
    from approdi.cases.models import Case  # referrals hang from cases

    coordinator = has_role(user, Role.COORDINATOR)
    case_ids = {r.case_id for r in referrals if r.case_id}
    visible_cases = (
        set(visible_to(user, Case).filter(pk__in=case_ids).values_list("pk", flat=True))
        if case_ids and not coordinator
        else set()
    )
    for referral in referrals:
        referral.where_visible = (  # type: ignore[attr-defined]
            coordinator
            or (
                referral.assigned_organisation_id is not None
                and referral.assigned_organisation_id == user.organisation_id
            )
            or (referral.case_id is None and referral.assigned_organisation_id is None)
            or referral.case_id in visible_cases
        )


def may_see_where_taken_in(user: User, referral: Referral) -> bool:
    """Whether `user` may see which organisation a referral was assigned to and the case
    that took the person in: the coordination office, the assigned organisation, or whoever
    sees that case. The partner that only referred her learns the outcome, not where she is.
    """
    mark_where_taken_in(user, [referral])
    return bool(referral.where_visible)  # type: ignore[attr-defined]
