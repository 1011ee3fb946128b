"""Reads of organisations and users, and their scoping functions."""

from django.db.models import QuerySet

from approdi.core.scoping import scope_for, visible_to

from .models import Organisation, User
from .roles import Role, has_role


@scope_for(Organisation)
def organisation_scope(user: User, queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The network's organisations are public to every member of staff."""
    return queryset


@scope_for(User)
def user_scope(user: User, queryset: QuerySet[User]) -> QuerySet[User]:
    """Administrators see every user, managers their organisation's, others themselves."""
    if has_role(user, Role.ADMIN):
        return queryset
    if has_role(user, Role.ORG_MANAGER, Role.COORDINATOR) and user.organisation_id:
        return queryset.filter(organisation_id=user.organisation_id)
    return queryset.filter(pk=user.pk)


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    return visible_to(user, Organisation).filter(active=True).order_by("kind", "name")


def user_list(*, user: User) -> QuerySet[User]:
    return visible_to(user, User).select_related("organisation").order_by("username")
