"""The coordination office's home panel: the head of the referral queue."""

from typing import Any

from approdi.accounts.models import User
from approdi.core.home import home_panel

from . import selectors

QUEUE_HEAD = 5


@home_panel("referrals/home_panel.html", order=5)
def referrals_panel(user: User) -> dict[str, Any] | None:
    if not selectors.may_triage(user):
        return None
    queue = selectors.referral_queue(user=user)
    return {"head": list(queue[:QUEUE_HEAD]), "open_count": queue.count()}
