"""The navigation each role sees. Pages of later features add their entries here."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approdi.accounts.roles import CASE_ROLES, Role, has_role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    url_name: str
    roles: frozenset[str]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


ALL_ROLES = frozenset(Role.values)

NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("home", _("Home"), "core:home", ALL_ROLES),
    NavItem("people", _("People"), "people:list", frozenset(CASE_ROLES)),
    NavItem("cases", _("Cases"), "cases:list", frozenset(CASE_ROLES)),
    NavItem(
        "duplicates",
        pgettext_lazy("navigation", "Possible duplicates"),
        "people:duplicates",
        frozenset({Role.COORDINATOR}),
    ),
    NavItem(
        "referrals",
        pgettext_lazy("navigation", "Referrals"),
        "referrals:list",
        frozenset(CASE_ROLES | {Role.OUTREACH_WORKER}),
    ),
    NavItem(
        "assessments",
        pgettext_lazy("navigation", "Identification"),
        "screening:list",
        frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER}),
    ),
    NavItem(
        "outreach",
        _("Outreach"),
        "outreach:outing_new",
        frozenset({Role.OUTREACH_WORKER, Role.ORG_MANAGER, Role.COORDINATOR}),
    ),
    NavItem(
        "outreach_stats",
        _("Emersione statistics"),
        "outreach:stats",
        frozenset({Role.OUTREACH_WORKER, Role.ORG_MANAGER, Role.COORDINATOR, Role.MONITORING}),
    ),
    NavItem(
        "governance",
        _("Governance"),
        "governance:index",
        frozenset(
            {
                Role.COORDINATOR,
                Role.ORG_MANAGER,
                Role.CASE_WORKER,
                Role.LEGAL_ADVISOR,
                Role.OUTREACH_WORKER,
            }
        ),
    ),
    NavItem(
        "governance_follow_up",
        _("Governance follow-up"),
        "governance:follow_up",
        frozenset({Role.MONITORING}),
    ),
    NavItem(
        "bed_board",
        _("Bed board"),
        "shelters:board",
        frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER}),
    ),
    NavItem(
        "capacity",
        _("Capacity"),
        "shelters:capacity",
        frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.MONITORING}),
    ),
    NavItem(
        "reports",
        pgettext_lazy("navigation", "Reports"),
        "reports:dashboard",
        frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.MONITORING}),
    ),
    NavItem("directory", _("Network directory"), "network:directory", ALL_ROLES - {Role.AUDITOR}),
    NavItem(
        "code_lists", _("Code lists"), "core:code_lists", frozenset({Role.COORDINATOR, Role.ADMIN})
    ),
    NavItem("audit", _("Access log"), "core:access_log", frozenset({Role.AUDITOR})),
    NavItem("admin", _("Administration"), "admin:index", frozenset({Role.ADMIN})),
)


def nav_for(user: object) -> list[NavItem]:
    return [item for item in NAV_ITEMS if has_role(user, item.roles)]  # type: ignore[arg-type]
