"""The roles of `access.md` and what each implies."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator (coordination office)")
    ORG_MANAGER = "org_manager", _("Organisation manager")
    CASE_WORKER = "case_worker", _("Case worker")
    LEGAL_ADVISOR = "legal_advisor", _("Legal advisor")
    OUTREACH_WORKER = "outreach_worker", _("Outreach worker")
    MONITORING = "monitoring", _("Monitoring officer")
    AUDITOR = "auditor", _("Auditor (data protection officer)")
    ADMIN = "admin", _("Administrator")


# Roles whose holders may read identities: they must use a second factor.
IDENTITY_ROLES = frozenset(
    {Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.LEGAL_ADVISOR}
)
# Administrators manage users and keys: they too must use a second factor.
SECOND_FACTOR_ROLES = IDENTITY_ROLES | {Role.ADMIN}
# Roles that work on people and cases (pseudonymous lists and pages).
CASE_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.LEGAL_ADVISOR})


def roles_of(user: "User | AnonymousUser") -> frozenset[str]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    return frozenset(getattr(user, "roles", None) or ())


def has_role(user: "User | AnonymousUser", *roles: str | Iterable[str]) -> bool:
    wanted: set[str] = set()
    for role in roles:
        if isinstance(role, str):
            wanted.add(role)
        else:
            wanted.update(role)
    return bool(roles_of(user) & wanted)


def is_verified(user: "User | AnonymousUser") -> bool:
    """Whether this session passed the second factor (set by django-otp's middleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def needs_second_factor(user: "User | AnonymousUser") -> bool:
    return has_role(user, SECOND_FACTOR_ROLES)
