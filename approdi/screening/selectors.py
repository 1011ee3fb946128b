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
    """Follows the person: the assessments of the people the user may see (the
    coordinator sees everyone), and those the user's own organisation recorded."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, CASE_ROLES):
        return queryset.none()
    condition = Q(person__in=visible_to(user, Person).values("pk"))
    if user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return queryset.filter(condition)


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
