"""Reads of people, and the scoping function of `Person`."""

from django.db.models import QuerySet

from approdi.accounts.models import User
from approdi.accounts.roles import IDENTITY_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .models import Person

# Roles that work on people of their own organisation. The cases issue narrows
# case workers to their assigned cases and opens shared ones through grants.
ORGANISATION_ROLES = frozenset({Role.ORG_MANAGER, Role.CASE_WORKER, Role.LEGAL_ADVISOR})


@scope_for(Person)
def person_scope(user: User, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Coordinator: everyone. Partner staff: their organisation's people. Others: nobody."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if has_role(user, ORGANISATION_ROLES) and user.organisation_id:
        return queryset.filter(organisation_id=user.organisation_id)
    return queryset.none()


def person_list(*, user: User) -> QuerySet[Person]:
    return visible_to(user, Person).select_related("organisation").order_by("code")


def person_get(*, user: User, uuid: object) -> Person:
    return get_visible_or_404(user, person_list(user=user), uuid=uuid)


def may_read_identity(user: User) -> bool:
    return has_role(user, IDENTITY_ROLES)


def identity_read_needs_reason(user: User) -> bool:
    """The coordination office sees identities only with a stated reason (access.md)."""
    return has_role(user, Role.COORDINATOR)
