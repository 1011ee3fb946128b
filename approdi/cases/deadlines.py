"""Legal clocks of a case as dated deadlines, and the reminders sent before they fall due.

- first assistance (art. 13 L. 228/2003): 3 months from opening, plus one 3-month extension
  approved by the coordinator; reminders 30, 7 and 0 days before;
- permit expiry: reminders 60 and 30 days before (domain.md);
- emergency phase: an alert when it reaches APPRODI_EMERGENCY_PHASE_DAYS (default 45);
- recovery and reflection period (at least 30 days): reminders 7 and 0 days before.
"""

import calendar
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import Role

from . import models
from .choices import PERMIT_LIVE_STATUSES, CaseStatus, DeadlineKind, Phase, Programme

FIRST_ASSISTANCE_MONTHS = 3
# The pages leave out what fell due longer ago than this (it is history, not a task).
OVERDUE_SHOWN = datetime.timedelta(days=30)
THRESHOLDS: dict[str, tuple[int, ...]] = {
    DeadlineKind.FIRST_ASSISTANCE: (30, 7, 0),
    DeadlineKind.PERMIT_EXPIRY: (60, 30),
    DeadlineKind.EMERGENCY_PHASE: (0,),
    DeadlineKind.REFLECTION_PERIOD: (7, 0),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    kind: str
    case: models.Case
    due_on: datetime.date
    object_id: str

    @property
    def label(self) -> str:
        return str(DeadlineKind(self.kind).label)

    @property
    def thresholds(self) -> tuple[int, ...]:
        return THRESHOLDS[self.kind]

    def days_left(self, today: datetime.date) -> int:
        return (self.due_on - today).days

    def reached(self, today: datetime.date) -> list[int]:
        """The thresholds already reached on `today`, tightest last."""
        return [t for t in self.thresholds if today >= self.due_on - datetime.timedelta(days=t)]


def first_assistance_end(case: models.Case) -> datetime.date:
    months = FIRST_ASSISTANCE_MONTHS * (2 if case.first_assistance_extended_on else 1)
    return add_months(case.opened_on, months)


def with_deadline_data(cases: QuerySet[models.Case]) -> QuerySet[models.Case]:
    """The cases with what their deadlines need, in a fixed number of queries."""
    return (
        cases.filter(status__in=[CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP])
        .select_related("person", "organisation", "case_worker")
        .prefetch_related(
            Prefetch(
                "permits",
                queryset=models.Permit.objects.filter(
                    status__in=PERMIT_LIVE_STATUSES, expires_on__isnull=False
                ),
                to_attr="live_permits",
            ),
            Prefetch(
                "phases",
                queryset=models.CasePhase.objects.filter(
                    ended_on__isnull=True, phase=Phase.EMERGENCY
                ),
                to_attr="open_emergency",
            ),
        )
    )


def deadlines_of(case: models.Case) -> Iterator[Deadline]:
    """Every deadline of one case (from `with_deadline_data`)."""
    for permit in getattr(case, "live_permits", []):
        yield Deadline(DeadlineKind.PERMIT_EXPIRY, case, permit.expires_on, str(permit.uuid))
    if case.status != CaseStatus.ACTIVE:
        return
    if case.programme == Programme.ART13:
        yield Deadline(
            DeadlineKind.FIRST_ASSISTANCE, case, first_assistance_end(case), str(case.uuid)
        )
    for phase in getattr(case, "open_emergency", []):
        due = phase.started_on + datetime.timedelta(days=settings.APPRODI_EMERGENCY_PHASE_DAYS)
        yield Deadline(DeadlineKind.EMERGENCY_PHASE, case, due, f"phase-{phase.pk}")
    if case.reflection_started_on:
        due = case.reflection_started_on + datetime.timedelta(days=case.reflection_days)
        yield Deadline(DeadlineKind.REFLECTION_PERIOD, case, due, str(case.uuid))


def deadline_list(
    cases: QuerySet[models.Case],
    *,
    until: datetime.date | None = None,
    since: datetime.date | None = None,
) -> list[Deadline]:
    """The deadlines of `cases` (already scoped), soonest first, from `since` to `until`."""
    found = [d for case in with_deadline_data(cases) for d in deadlines_of(case)]
    if until is not None:
        found = [d for d in found if d.due_on <= until]
    if since is not None:
        found = [d for d in found if d.due_on >= since]
    return sorted(found, key=lambda d: (d.due_on, d.case.person.code, d.kind))


def my_cases(user: User, cases: QuerySet[models.Case]) -> QuerySet[models.Case]:
    """Of the visible `cases`, the ones assigned to `user` or their team."""
    return cases.filter(Q(case_worker=user) | Q(team=user)).distinct()


# Reminders


def recipients_of(case: models.Case) -> list[str]:
    """The case worker; when there is none (or no address), the organisation's managers."""
    if case.case_worker is not None and case.case_worker.is_active and case.case_worker.email:
        return [case.case_worker.email]
    managers = User.objects.filter(organisation_id=case.organisation_id, is_active=True).exclude(
        email=""
    )
    return sorted(u.email for u in managers if Role.ORG_MANAGER in u.roles)


def send_due_reminders(today: datetime.date, candidates: Iterable[Deadline] | None = None) -> int:
    """Send every reminder whose threshold is reached and not yet sent; returns how many.

    The unique key (kind, record, due date, threshold) of `SentReminder` makes each
    reminder go once, however often and however concurrently this runs. When a run
    finds several thresholds reached at once, one message goes, for the tightest.
    """
    deadlines = candidates if candidates is not None else deadline_list(models.Case.objects.all())
    sent = 0
    for deadline in deadlines:
        reached = deadline.reached(today)
        if not reached:
            continue
        try:
            with transaction.atomic():
                new = []
                for threshold in reached:
                    _row, made = models.SentReminder.objects.get_or_create(
                        kind=deadline.kind,
                        object_id=deadline.object_id,
                        due_on=deadline.due_on,
                        threshold_days=threshold,
                        defaults={"case": deadline.case},
                    )
                    if made:
                        new.append(threshold)
                if not new:
                    continue
                recipients = recipients_of(deadline.case)
                models.SentReminder.objects.filter(
                    kind=deadline.kind,
                    object_id=deadline.object_id,
                    due_on=deadline.due_on,
                    threshold_days__in=new,
                ).update(recipients=len(recipients))
                if recipients:
                    _send(deadline, min(new), recipients, today)
                    sent += 1
        except IntegrityError:  # another run took it first
            continue
    return sent


def _send(deadline: Deadline, threshold: int, recipients: list[str], today: datetime.date) -> None:
    # Pseudonymous code only: an email leaves the system.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Approdi: %(what)s for %(code)s on %(day)s") % {
            "what": deadline.label,
            "code": deadline.case.person.code,
            "day": deadline.due_on.isoformat(),
        }
        body = _(
            "%(what)s for case %(code)s falls due on %(day)s (in %(days)s days).\n"
            "Open Approdi to see the case."
        ) % {
            "what": deadline.label,
            "code": deadline.case.person.code,
            "day": deadline.due_on.isoformat(),
            "days": deadline.days_left(today),
        }
    send_mail(subject, body, None, recipients)
