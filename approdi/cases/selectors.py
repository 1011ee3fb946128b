"""Reads of cases and their records, and the scoping function of every case model.

access.md: the coordinator sees every case; an org_manager its organisation's cases and
the cases shared with it; a case worker the cases assigned to them or to their team in
their organisation, and shared ones; a legal advisor only the legal sections (permits,
proceedings) of its organisation's cases. Outreach, monitoring, auditor, admin: none.
"""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core.models import CodeListEntry
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from . import models

CONTENT_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER})
LEGAL_ROLES = frozenset({Role.LEGAL_ADVISOR})
# Who writes content (activities, phases, exit...) and who writes the legal sections.
LEGAL_WRITER_ROLES = CONTENT_ROLES | LEGAL_ROLES


def today() -> datetime.date:
    return timezone.localdate()


def _active_grants(user: User) -> QuerySet[models.ShareGrant]:
    return models.ShareGrant.objects.filter(
        organisation_id=user.organisation_id or 0,
        revoked_at__isnull=True,
        expires_on__gte=today(),
    )


def _shared_with(user: User) -> Q:
    if not user.organisation_id:
        return Q(pk__in=[])
    return Q(Exists(_active_grants(user).filter(case_id=OuterRef("pk"))))


def content_cases(user: User, queryset: QuerySet[models.Case] | None = None) -> QuerySet[Any]:
    """Cases whose whole content `user` may see (not only the legal sections)."""
    queryset = models.Case.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if has_role(user, Role.COORDINATOR):
        return queryset
    condition = Q(pk__in=[])
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id) | _shared_with(user)
    if has_role(user, Role.CASE_WORKER) and user.organisation_id:
        team = models.Case.team.through.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)
        condition |= (
            Q(organisation_id=user.organisation_id) & (Q(case_worker_id=user.pk) | Q(Exists(team)))
        ) | _shared_with(user)
    return queryset.filter(condition)


def legal_cases(user: User, queryset: QuerySet[models.Case] | None = None) -> QuerySet[Any]:
    """Cases whose legal sections `user` may see: content cases, and for a legal advisor
    its organisation's cases."""
    queryset = models.Case.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if has_role(user, Role.COORDINATOR):
        return queryset
    content = content_cases(user, queryset)
    if has_role(user, Role.LEGAL_ADVISOR) and user.organisation_id:
        return queryset.filter(
            Q(organisation_id=user.organisation_id) | Q(pk__in=content.values("pk"))
        )
    return content


def may_see_docket(user: User) -> bool:
    """Docket numbers are for legal staff only (domain.md)."""
    return has_role(user, LEGAL_ROLES)


@scope_for(models.Case)
def case_scope(user: User, queryset: QuerySet[models.Case]) -> QuerySet[models.Case]:
    return legal_cases(user, queryset)


def _content_child_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(case__in=content_cases(user).values("pk"))


def _legal_child_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(case__in=legal_cases(user).values("pk"))


_content_models: tuple[type[Any], ...] = (
    models.CasePhase,
    models.CaseEvent,
    models.Consent,
    models.Goal,
    models.Activity,
    models.VoluntaryReturn,
    models.Exit,
    models.FollowUp,
    models.ShareGrant,
)
for _model in _content_models:
    scope_for(_model)(_content_child_scope)
for _legal_model in (models.Permit, models.LegalProceeding):
    scope_for(_legal_model)(_legal_child_scope)


@scope_for(models.GoalReview)
def goal_review_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(goal__case__in=content_cases(user).values("pk"))


@scope_for(models.SentReminder)
def sent_reminder_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(case__in=content_cases(user).values("pk"))


@scope_for(models.HomeVisit)
def home_visit_scope(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(user_id=user.pk)


# Reads


def case_list(*, user: User, status: str = "") -> QuerySet[models.Case]:
    cases = visible_to(user, models.Case).select_related("person", "organisation", "case_worker")
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_on", "-id")


def case_get(*, user: User, uuid: object) -> models.Case:
    return get_visible_or_404(user, case_list(user=user), uuid=uuid)


def may_see_content(user: User, case: models.Case) -> bool:
    return content_cases(user).filter(pk=case.pk).exists()


def may_share(user: User, case: models.Case) -> bool:
    """The owner (its manager or case workers who see the case) or the coordinator."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, {Role.ORG_MANAGER, Role.CASE_WORKER})
        and case.organisation_id == user.organisation_id
    )


def code_labels(*list_names: str) -> dict[tuple[str, str], str]:
    """Labels of the codes of some code lists, in the active language (one query)."""
    entries = CodeListEntry.objects.filter(list_name__in=list_names)
    return {(e.list_name, e.code): e.label for e in entries}


def case_page(*, user: User, case: models.Case) -> dict[str, Any]:
    """Everything the case page shows, in a fixed number of queries."""
    content = may_see_content(user, case)
    page: dict[str, Any] = {
        "case": case,
        "may_see_content": content,
        "may_see_docket": may_see_docket(user),
        "permits": list(case.permits.order_by("-expires_on", "-id")),
        "proceedings": list(case.proceedings.order_by("-complaint_on", "-id")),
    }
    if not content:
        return page
    labels = code_labels("activity_kind", "exit_outcome")
    activities = list(case.activities.order_by("-date", "-id"))
    for activity in activities:
        activity.kind_label = labels.get(("activity_kind", activity.kind), activity.kind)  # type: ignore[attr-defined]
    record_exit = models.Exit.objects.filter(case=case).first()
    if record_exit is not None:
        outcome = record_exit.outcome
        record_exit.outcome_label = labels.get(("exit_outcome", outcome), outcome)  # type: ignore[attr-defined]
    page.update(
        {
            "phases": list(case.phases.select_related("author").order_by("-started_on", "-id")),
            "activities": activities,
            "returns": list(case.returns.all()),
            "exit": record_exit,
            "follow_ups": list(case.follow_ups.all()),
            "goals": list(
                case.goals.prefetch_related(
                    Prefetch("reviews", queryset=models.GoalReview.objects.order_by("reviewed_on"))
                )
            ),
            "consents": list(case.consents.select_related("organisation")),
            "grants": list(case.grants.select_related("organisation", "granted_by")),
            "timeline": list(case.events.select_related("actor")[:200]),
            "team": list(case.team.all()),
            "may_share": may_share(user, case),
            "today": today(),
        }
    )
    return page


def case_statistics() -> dict[str, Any]:
    """The figures reports draw from cases. Anonymisation must leave every one unchanged."""
    from django.db.models import Count, Sum

    from approdi.people.models import Person

    def counts(queryset: QuerySet[Any], *fields: str) -> list[tuple[Any, ...]]:
        return [
            tuple(row[f] for f in (*fields, "n"))
            for row in queryset.values(*fields).annotate(n=Count("id")).order_by(*fields)
        ]

    cases = models.Case.objects.all()
    return {
        "cases": counts(cases, "kind", "programme", "path", "status", "phase", "organisation_id"),
        "opened": counts(cases, "opened_on"),
        "phases": counts(models.CasePhase.objects.all(), "phase", "started_on", "ended_on"),
        "activities": counts(models.Activity.objects.all(), "kind", "date"),
        "activity_minutes": models.Activity.objects.aggregate(m=Sum("duration_minutes"))["m"],
        "permits": counts(models.Permit.objects.all(), "kind", "status", "converted_into"),
        "proceedings": counts(models.LegalProceeding.objects.all(), "kind", "role", "stage"),
        "returns": counts(models.VoluntaryReturn.objects.all(), "outcome"),
        "exits": counts(
            models.Exit.objects.all(), "outcome", "housing", "employment", "permit_status"
        ),
        "follow_ups": counts(models.FollowUp.objects.all(), "contacted_on"),
        "goals": counts(models.Goal.objects.all(), "status"),
        "people": counts(Person.objects.all(), "gender", "birth_year", "nationality"),
    }
