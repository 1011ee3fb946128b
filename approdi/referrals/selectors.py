"""Reads of referrals, the coordination office's queue, and the scoping function."""

from django.db.models import Q, QuerySet

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .models import Referral

# Roles that may record referrals and see those of their organisation.
REFERRAL_ROLES = CASE_ROLES | {Role.OUTREACH_WORKER}


@scope_for(Referral)
def referral_scope(user: User, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """Coordinator: every referral. A partner: the referrals it made or that were assigned
    to it. Monitoring, auditor and admin: none."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, REFERRAL_ROLES) or not user.organisation_id:
        return queryset.none()
    return queryset.filter(
        Q(organisation_id=user.organisation_id) | Q(assigned_organisation_id=user.organisation_id)
    )


def may_record_referral(user: User) -> bool:
    return has_role(user, REFERRAL_ROLES)


def may_triage(user: User) -> bool:
    return has_role(user, Role.COORDINATOR)


def referral_list(*, user: User) -> QuerySet[Referral]:
    return visible_to(user, Referral).select_related(
        "person", "organisation", "assigned_organisation", "referring_actor", "case"
    )


def referral_get(*, user: User, uuid: object) -> Referral:
    return get_visible_or_404(user, referral_list(user=user), uuid=uuid)
