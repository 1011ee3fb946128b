"""Reads of the network directory, and its scoping functions."""

from django.db.models import Prefetch, QuerySet

from approdi.accounts.models import User
from approdi.core.scoping import scope_for, visible_to

from .models import NetworkActor, ProjectPeriod, Protocol


@scope_for(NetworkActor)
def network_actor_scope(user: User, queryset: QuerySet[NetworkActor]) -> QuerySet[NetworkActor]:
    """The directory holds public service contacts only: every member of staff sees it."""
    return queryset


@scope_for(Protocol)
def protocol_scope(user: User, queryset: QuerySet[Protocol]) -> QuerySet[Protocol]:
    return queryset


@scope_for(ProjectPeriod)
def project_period_scope(user: User, queryset: QuerySet[ProjectPeriod]) -> QuerySet[ProjectPeriod]:
    return queryset


def network_actor_list(*, user: User) -> QuerySet[NetworkActor]:
    protocols = visible_to(user, Protocol).order_by("title")
    return visible_to(user, NetworkActor).prefetch_related(
        Prefetch("protocols", queryset=protocols)
    )


def project_period_list(*, user: User) -> QuerySet[ProjectPeriod]:
    return visible_to(user, ProjectPeriod).order_by("start")
