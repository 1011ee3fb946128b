"""Reads of assessments and of the indicator catalogue, and the scoping functions."""

from typing import Any

from django.db.models import Q, QuerySet

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to
from approdi.people.models import Person

from .choices import ExploitationForm
from .models import Assessment, CatalogueVersion, Dimension, Indicator


@scope_for(Assessment)
def assessment_scope(user: User, queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Who reads an identification interview (indicators of exploitation, evidence).

    Coordinator: every assessment. Everyone who records assessments: those they recorded
    or conducted. Case workers and heads of team: those of the people they may see (their
    cases, and the people they recorded before a case opened); a head of team also those
    its organisation recorded. A legal advisor sees only the legal sections of cases
    (access.md), so only the assessments they recorded or conducted."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, CASE_ROLES):
        return queryset.none()
    condition = Q(recorded_by_id=user.pk) | Q(interviewer_id=user.pk)
    if has_role(user, {Role.CASE_WORKER, Role.ORG_MANAGER}):
        condition |= Q(person__in=_content_people(user))
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return queryset.filter(condition)


def _content_people(user: User) -> QuerySet[Person]:
    """The people `user` sees through case content or as their recorder (not the legal
    advisor's view of its organisation's cases)."""
    from approdi.cases.selectors import content_cases  # assessments hang from people

    condition = Q(pk__in=content_cases(user).values("person_id")) | Q(recorded_by_id=user.pk)
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return visible_to(user, Person).filter(condition).values("pk")  # type: ignore[return-value]


@scope_for(Indicator)
def indicator_scope(user: User, queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """The catalogue holds no personal data: every user who works on cases reads it."""
    return queryset if has_role(user, CASE_ROLES) else queryset.none()


def may_assess(user: User) -> bool:
    return has_role(user, CASE_ROLES)


def assessment_list(*, user: User) -> QuerySet[Assessment]:
    return visible_to(user, Assessment).select_related(
        "person", "organisation", "rule_version", "interviewer", "referral"
    )


def assessment_get(*, user: User, uuid: object) -> Assessment:
    return get_visible_or_404(user, assessment_list(user=user), uuid=uuid)


def current_version() -> CatalogueVersion:
    """The catalogue version in use (the newest active one)."""
    return CatalogueVersion.objects.filter(active=True).order_by("-number").first() or (
        CatalogueVersion.objects.order_by("-number").first()  # type: ignore[return-value]
    )


def indicator_list(*, user: User, version: CatalogueVersion | None = None) -> QuerySet[Indicator]:
    version = version or current_version()
    return (
        visible_to(user, Indicator)
        .filter(version=version)
        .select_related("dimension")
        .order_by("dimension__number", "order")
    )


def assessment_explanation(assessment: Assessment) -> dict[str, Any]:
    """For the assessment page: per dimension, positive or not and the `yes` answers that
    made it so (with their strength), and every answer given, grouped by dimension."""
    labels = {
        i.code: i
        for i in Indicator.objects.filter(version=assessment.rule_version_id).select_related(
            "dimension"
        )
    }
    dimensions = {d.number: d for d in Dimension.objects.filter(version=assessment.rule_version_id)}
    detail = assessment.computed_detail or {}
    list_label = {k: str(v) for k, v in ExploitationForm.choices}
    rows = []
    for item in detail.get("dimensions", []):
        rows.append(
            {
                "dimension": dimensions.get(item["number"]),
                "positive": item["positive"],
                "positive_under": [list_label.get(n, n) for n in item["positive_under"]],
                "answers": [
                    {
                        "indicator": labels.get(a["code"]),
                        "strengths": [a[name] for name in detail.get("lists", []) if name in a],
                    }
                    for a in item["yes_answers"]
                ],
            }
        )
    answers = assessment.answers.select_related("indicator__dimension").order_by(
        "indicator__dimension__number", "indicator__order"
    )
    lists = [list_label.get(n, n) for n in detail.get("lists", [])]
    return {"explanation": rows, "lists": lists, "answers": answers}
