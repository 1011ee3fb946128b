"""The home page panel: the user's own open action items, overdue ones first."""

from typing import Any

from approdi.accounts.models import User
from approdi.accounts.roles import has_role
from approdi.core.home import home_panel

from . import selectors

HOME_ITEMS = 10


@home_panel("governance/home_panel.html", order=50)
def my_action_items(user: User) -> dict[str, Any] | None:
    if not has_role(user, selectors.MEMBER_ROLES):
        return None
    items = list(selectors.open_action_items(user=user, owner=user)[: HOME_ITEMS + 1])
    if not items:
        return None
    return {
        "items": items[:HOME_ITEMS],
        "more": len(items) > HOME_ITEMS,
        "today": selectors.today(),
    }
