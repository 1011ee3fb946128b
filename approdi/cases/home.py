"""The case worker's home panel: my cases, what falls due this week, what changed."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core.home import home_panel

from . import deadlines as clocks
from . import models, selectors
from .choices import CaseStatus

# A new visit starts after this long away (the session idle timeout).
VISIT_GAP = datetime.timedelta(minutes=30)


def home_visit_record(*, user: User) -> datetime.datetime | None:
    """Note this visit; returns when the previous visit began (None: first visit)."""
    now = timezone.now()
    visit, created = models.HomeVisit.objects.get_or_create(user=user, defaults={"last_at": now})
    if created:
        return None
    if now - visit.last_at > VISIT_GAP:
        visit.previous_at, visit.last_at = visit.last_at, now
        visit.save(update_fields=["previous_at", "last_at"])
    return visit.previous_at


@home_panel("cases/home_panel.html", order=10)
def cases_panel(user: User) -> dict[str, Any] | None:
    if not has_role(user, {Role.CASE_WORKER, Role.ORG_MANAGER}):
        return None
    today = selectors.today()
    visible = selectors.content_cases(user)
    mine = clocks.my_cases(user, visible)
    since = home_visit_record(user=user)
    changes = models.CaseEvent.objects.filter(case__in=mine.values("pk")).select_related(
        "case__person", "actor"
    )
    changes = changes.filter(at__gt=since) if since else changes.none()
    changes = changes.exclude(Q(actor=user))
    due = clocks.deadline_list(
        mine, until=today + datetime.timedelta(days=7), since=today - clocks.OVERDUE_SHOWN
    )
    return {
        "my_cases": list(
            mine.filter(status__in=[CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP])
            .select_related("person")
            .order_by("person__code")[:50]
        ),
        "due": [(d, d.days_left(today)) for d in due],
        "changes": list(changes.order_by("-at", "-id")[:50]),
    }
