"""Reads of the governance records, and their scoping functions.

A table is visible to the coordination office and to the members of the table: the users
of its member organisations and its named members. Everything hanging from a table
(meetings, attendance, decisions, action items) follows the table.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to
from approdi.people.models import Person

from .choices import ActionItemStatus
from .models import ActionItem, Attendance, Decision, Meeting, Table, TrainingEvent

# Staff who sit at the network's tables. Monitoring, auditors and administrators do not:
# monitoring sees the aggregate follow-up only.
MEMBER_ROLES = frozenset(
    {
        Role.COORDINATOR,
        Role.ORG_MANAGER,
        Role.CASE_WORKER,
        Role.LEGAL_ADVISOR,
        Role.OUTREACH_WORKER,
    }
)
TRAINING_EDITOR_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER})
FOLLOW_UP_ROLES = MEMBER_ROLES | {Role.MONITORING}
MULTI_AGENCY_TEAM = "multi_agency_team"


def _member_q(user: User, prefix: str = "") -> Q:
    return Q(**{f"{prefix}member_users": user}) | Q(
        **{f"{prefix}member_organisations": user.organisation_id}
    )


def _visible_table_ids(user: User) -> Any:
    """The ids of the tables `user` sits at, as a subquery."""
    return Table.objects.filter(_member_q(user)).values("pk")


@scope_for(Table)
def table_scope(user: User, queryset: QuerySet[Table]) -> QuerySet[Table]:
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, MEMBER_ROLES):
        return queryset.none()
    return queryset.filter(pk__in=_visible_table_ids(user))


@scope_for(Meeting)
def meeting_scope(user: User, queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return queryset.filter(table__in=visible_to(user, Table).values("pk"))


@scope_for(Attendance)
def attendance_scope(user: User, queryset: QuerySet[Attendance]) -> QuerySet[Attendance]:
    return queryset.filter(meeting__table__in=visible_to(user, Table).values("pk"))


@scope_for(Decision)
def decision_scope(user: User, queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    return queryset.filter(meeting__table__in=visible_to(user, Table).values("pk"))


@scope_for(ActionItem)
def action_item_scope(user: User, queryset: QuerySet[ActionItem]) -> QuerySet[ActionItem]:
    return queryset.filter(meeting__table__in=visible_to(user, Table).values("pk"))


@scope_for(TrainingEvent)
def training_event_scope(user: User, queryset: QuerySet[TrainingEvent]) -> QuerySet[TrainingEvent]:
    """The coordination office sees every event; staff those their organisation took part in."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if not has_role(user, MEMBER_ROLES) or not user.organisation_id:
        return queryset.none()
    ids = TrainingEvent.objects.filter(
        Q(organisers=user.organisation_id) | Q(participant_organisations=user.organisation_id)
    ).values("pk")
    return queryset.filter(pk__in=ids)


# Tables


def table_list(*, user: User) -> QuerySet[Table]:
    return (
        visible_to(user, Table)
        .select_related("chair")
        .prefetch_related("member_organisations")
        .annotate(
            open_items=Count(
                "meetings__action_items",
                filter=Q(meetings__action_items__status=ActionItemStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("-active", "name")
    )


def table_get(*, user: User, uuid: object) -> Table:
    queryset = (
        visible_to(user, Table)
        .select_related("chair")
        .prefetch_related("member_organisations", "member_users", "actors", "protocols")
    )
    return get_visible_or_404(user, queryset, uuid=uuid)


def is_member(*, user: User, table: Table) -> bool:
    """Whether `user` sits at `table` (named, or through their organisation)."""
    if not has_role(user, MEMBER_ROLES):
        return False
    return Table.objects.filter(pk=table.pk).filter(_member_q(user)).exists()


def may_record_meeting(*, user: User, table: Table) -> bool:
    return table.active and (has_role(user, Role.COORDINATOR) or is_member(user=user, table=table))


def may_manage_tables(user: User) -> bool:
    return has_role(user, Role.COORDINATOR)


def table_member_users(*, table: Table) -> QuerySet[User]:
    """Active staff who sit at the table: possible attendees and action item owners.

    Fellow members see each other's usernames; nothing else about them.
    """
    return (
        User.objects.filter(is_active=True)
        .filter(Q(governance_tables=table) | Q(organisation__governance_tables=table))
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "username")
    )


def possible_members() -> QuerySet[User]:
    """Active staff who may sit at a table in their own name (the coordinator picks them)."""
    # Roles are a JSON list, which SQLite cannot search: the staff list is short.
    staff = [
        user.pk
        for user in User.objects.filter(is_active=True).only("pk", "roles", "is_active")
        if has_role(user, MEMBER_ROLES)
    ]
    return (
        User.objects.filter(pk__in=staff)
        .select_related("organisation")
        .order_by("organisation__name", "username")
    )


def table_meeting_list(*, user: User, table: Table) -> QuerySet[Meeting]:
    return (
        visible_to(user, Meeting)
        .filter(table=table)
        .annotate(
            decision_count=Count("decisions", distinct=True),
            item_count=Count("action_items", distinct=True),
        )
        .order_by("-date", "-created_at")
    )


# Meetings


def meeting_get(*, user: User, uuid: object) -> Meeting:
    queryset = (
        visible_to(user, Meeting)
        .select_related("table", "table__chair", "recorded_by")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("organisation", "user"),
            ),
            "decisions",
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner", "owner__organisation"),
            ),
            Prefetch("cases_discussed", queryset=Person.objects.order_by("code")),
        )
    )
    return get_visible_or_404(user, queryset, uuid=uuid)


@dataclass(frozen=True)
class CaseLink:
    """A case discussed at a meeting: its code, and its page only for those who may see it."""

    code: str
    uuid: str | None


def meeting_case_links(*, user: User, meeting: Meeting) -> list[CaseLink]:
    """Codes of the cases discussed; a link only where the user's scope includes the case."""
    people = list(meeting.cases_discussed.all())
    visible = set(
        visible_to(user, Person).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    return [CaseLink(code=p.code, uuid=str(p.uuid) if p.pk in visible else None) for p in people]


# Action items


def action_item_list(
    *, user: User, owner: User | None = None, organisation: Organisation | None = None
) -> QuerySet[ActionItem]:
    items = visible_to(user, ActionItem).select_related(
        "owner", "owner__organisation", "meeting", "meeting__table"
    )
    if owner is not None:
        items = items.filter(owner=owner)
    if organisation is not None:
        items = items.filter(owner__organisation=organisation)
    return items.order_by("due_date", "created_at")


def open_action_items(*, user: User, owner: User | None = None) -> QuerySet[ActionItem]:
    return action_item_list(user=user, owner=owner).filter(status=ActionItemStatus.OPEN)


def action_item_get(*, user: User, uuid: object) -> ActionItem:
    queryset = visible_to(user, ActionItem).select_related("meeting", "meeting__table", "owner")
    return get_visible_or_404(user, queryset, uuid=uuid)


def may_update_action_item(*, user: User, item: ActionItem) -> bool:
    """The owner, whoever recorded the meeting, and the coordination office."""
    return (
        item.owner_id == user.pk
        or item.meeting.recorded_by_id == user.pk
        or has_role(user, Role.COORDINATOR)
    )


# Follow-up: meetings held against the planned frequency


def months_in_period(start: datetime.date, end: datetime.date) -> float:
    """Calendar months from `start` to `end` inclusive (1 Mar – 31 May is 3.0)."""
    after = end + datetime.timedelta(days=1)
    return (
        (after.year - start.year) * 12 + (after.month - start.month) + (after.day - start.day) / 30
    )


def planned_meetings(
    frequency_months: int | None, start: datetime.date, end: datetime.date
) -> int | None:
    """Meetings a table should hold in the period; None for tables that meet as needed."""
    if not frequency_months:
        return None
    return int(months_in_period(start, end) / frequency_months + 1e-9)


@dataclass(frozen=True)
class TableFrequency:
    """Meetings held in a period against the planned number (None: meets as needed)."""

    label: str
    held: int
    planned: int | None
    table: Table | None = None

    @property
    def behind(self) -> bool:
        return self.planned is not None and self.held < self.planned


def _tables_with_held(
    queryset: QuerySet[Table], start: datetime.date, end: datetime.date
) -> QuerySet[Table]:
    return queryset.annotate(
        held=Count("meetings", filter=Q(meetings__date__gte=start, meetings__date__lte=end))
    ).order_by("name")


def table_frequency(
    *, user: User, start: datetime.date, end: datetime.date
) -> list[TableFrequency]:
    """For each table the user sees: meetings held in the period and meetings planned."""
    return [
        TableFrequency(
            label=table.name,
            held=table.held,  # type: ignore[attr-defined]
            planned=planned_meetings(table.frequency_months, start, end),
            table=table,
        )
        for table in _tables_with_held(visible_to(user, Table), start, end)
    ]


def monitoring_table_frequency(*, start: datetime.date, end: datetime.date) -> list[TableFrequency]:
    """The same for the monitoring role, which sees no table itself: the standing tables by
    name, and the multi-agency teams (one per shared case) as one row without names."""
    rows: list[TableFrequency] = []
    teams_held, teams_planned, teams = 0, 0, 0
    for table in _tables_with_held(Table.objects.all(), start, end):
        planned = planned_meetings(table.frequency_months, start, end)
        if table.kind == MULTI_AGENCY_TEAM:
            teams += 1
            teams_held += table.held  # type: ignore[attr-defined]
            teams_planned += planned or 0
            continue
        rows.append(
            TableFrequency(label=table.name, held=table.held, planned=planned)  # type: ignore[attr-defined]
        )
    if teams:
        rows.append(
            TableFrequency(
                label=_("Multi-agency teams (%(count)d)") % {"count": teams},
                held=teams_held,
                planned=teams_planned or None,
            )
        )
    return rows


# Training and awareness events


def training_event_list(*, user: User) -> QuerySet[TrainingEvent]:
    return (
        visible_to(user, TrainingEvent)
        .prefetch_related("organisers", "participant_organisations", "partner_actors")
        .order_by("-date", "title")
    )


def training_event_get(*, user: User, uuid: object) -> TrainingEvent:
    return get_visible_or_404(user, training_event_list(user=user), uuid=uuid)


@dataclass(frozen=True)
class TrainingCount:
    kind: str
    events: int
    participants: int


def training_counts(
    *, start: datetime.date, end: datetime.date, queryset: QuerySet[TrainingEvent]
) -> list[TrainingCount]:
    """Events and participants per kind in the period (aggregates: no event rows)."""
    rows = (
        queryset.filter(date__gte=start, date__lte=end)
        .order_by()
        .values("kind")
        .annotate(events=Count("pk", distinct=True), participants=Sum("participants"))
        .order_by("kind")
    )
    return [
        TrainingCount(kind=r["kind"], events=r["events"], participants=r["participants"] or 0)
        for r in rows
    ]


def today() -> datetime.date:
    return timezone.localdate()
