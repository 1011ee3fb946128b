"""Reads of outreach records, and their scoping functions.

access.md: an outreach worker sees the outings, tallies, accesses and calls of its
organisation; the organisation's manager all of them; the coordination office every
organisation's. Case roles, monitoring, auditor and administrator see no rows
(monitoring sees the aggregates of `statistics.py`).
"""

from typing import Any

from django.db.models import Prefetch, QuerySet, Sum

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core.models import CodeListEntry
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .models import ContactTally, DropInAccess, Outing, PhoneContact, ServiceGiven

ORGANISATION_ROLES = frozenset({Role.OUTREACH_WORKER, Role.ORG_MANAGER})
# Who may enter outreach records: the same roles, the coordinator for any organisation.
WRITER_ROLES = ORGANISATION_ROLES | {Role.COORDINATOR}
READER_ROLES = WRITER_ROLES


def _organisation_scope(user: User, queryset: QuerySet[Any], path: str) -> QuerySet[Any]:
    if has_role(user, Role.COORDINATOR):
        return queryset
    if has_role(user, ORGANISATION_ROLES) and user.organisation_id:
        return queryset.filter(**{path: user.organisation_id})
    return queryset.none()


@scope_for(Outing)
def outing_scope(user: User, queryset: QuerySet[Outing]) -> QuerySet[Outing]:
    return _organisation_scope(user, queryset, "organisation_id")


@scope_for(ContactTally)
def tally_scope(user: User, queryset: QuerySet[ContactTally]) -> QuerySet[ContactTally]:
    return _organisation_scope(user, queryset, "outing__organisation_id")


@scope_for(DropInAccess)
def dropin_scope(user: User, queryset: QuerySet[DropInAccess]) -> QuerySet[DropInAccess]:
    return _organisation_scope(user, queryset, "organisation_id")


@scope_for(PhoneContact)
def phone_scope(user: User, queryset: QuerySet[PhoneContact]) -> QuerySet[PhoneContact]:
    return _organisation_scope(user, queryset, "organisation_id")


@scope_for(ServiceGiven)
def service_scope(user: User, queryset: QuerySet[ServiceGiven]) -> QuerySet[ServiceGiven]:
    if has_role(user, Role.COORDINATOR):
        return queryset
    if has_role(user, ORGANISATION_ROLES) and user.organisation_id:
        org = user.organisation_id
        return queryset.filter(outing__organisation_id=org) | queryset.filter(
            access__organisation_id=org
        )
    return queryset.none()


def may_write(user: User) -> bool:
    return has_role(user, WRITER_ROLES)


# Linking a contact to a person needs both outreach and people in scope.
LINK_ROLES = frozenset({Role.ORG_MANAGER, Role.COORDINATOR})


def may_link_person(user: User) -> bool:
    return has_role(user, LINK_ROLES)


def dropin_get(*, user: User, uuid: object) -> DropInAccess:
    return get_visible_or_404(user, dropin_list(user=user), uuid=uuid)


def phone_contact_get(*, user: User, uuid: object) -> PhoneContact:
    return get_visible_or_404(user, phone_contact_list(user=user), uuid=uuid)


def outing_list(*, user: User) -> QuerySet[Outing]:
    """Outings with their organisation, tallies and services: a fixed number of queries."""
    return (
        visible_to(user, Outing)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("tallies", queryset=ContactTally.objects.order_by("id")),
            Prefetch("services", queryset=ServiceGiven.objects.order_by("id")),
        )
        .annotate(contacts=Sum("tallies__count"))
        .order_by("-date", "-created_at", "-id")
    )


def outing_get(*, user: User, uuid: object) -> Outing:
    return get_visible_or_404(user, outing_list(user=user), uuid=uuid)


def dropin_list(*, user: User) -> QuerySet[DropInAccess]:
    return (
        visible_to(user, DropInAccess)
        .select_related("organisation")
        .prefetch_related(Prefetch("services", queryset=ServiceGiven.objects.order_by("id")))
        .order_by("-date", "-created_at", "-id")
    )


def phone_contact_list(*, user: User) -> QuerySet[PhoneContact]:
    return (
        visible_to(user, PhoneContact)
        .select_related("organisation")
        .order_by("-date", "-created_at", "-id")
    )


def last_outing_of(*, user: User) -> Outing | None:
    """The user's last outing, whose shift, kind, area and team size are the next defaults."""
    return (
        visible_to(user, Outing)
        .filter(created_by=user)
        .order_by("-created_at", "-id")
        .only("territory", "shift", "kind", "area", "team_size", "duration_minutes")
        .first()
    )


def code_labels(*list_names: str) -> dict[str, dict[str, str]]:
    """Labels of the given code lists in the active language, in one query."""
    labels: dict[str, dict[str, str]] = {name: {} for name in list_names}
    for entry in CodeListEntry.objects.filter(list_name__in=list_names):
        labels[entry.list_name][entry.code] = entry.label
    return labels
