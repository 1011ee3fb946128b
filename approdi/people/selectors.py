"""Reads of people, and the scoping function of `Person`."""

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, IDENTITY_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .models import Person


@scope_for(Person)
def person_scope(user: User, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Coordinator: everyone. Others: the people of the cases they may see (any section),
    and for an org_manager also the people of their organisation (before a case opens).
    Outreach, monitoring, auditor and admin: nobody."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, CASE_ROLES):
        return queryset.none()
    # Cases hang from people: the case scope is looked up by name to keep people below cases.
    case_model = apps.get_model("cases", "Case")
    condition = Q(pk__in=visible_to(user, case_model).values("person_id"))
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    return queryset.filter(condition)


def person_list(*, user: User) -> QuerySet[Person]:
    return visible_to(user, Person).select_related("organisation").order_by("code")


def person_get(*, user: User, uuid: object) -> Person:
    return get_visible_or_404(user, person_list(user=user), uuid=uuid)


def person_cases(*, user: User, person: Person) -> QuerySet[Any]:
    """The person's cases that `user` may see (scoped by the cases app)."""
    case_model = apps.get_model("cases", "Case")
    return (
        visible_to(user, case_model)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-opened_on", "-id")
    )


def may_read_identity(user: User) -> bool:
    return has_role(user, IDENTITY_ROLES)


def identity_read_needs_reason(user: User) -> bool:
    """The coordination office sees identities only with a stated reason (access.md)."""
    return has_role(user, Role.COORDINATOR)
