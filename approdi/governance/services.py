"""Every way a governance record changes. Each write is one transaction with its log row."""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit, code_lists
from approdi.core.models import AccessAction
from approdi.core.scoping import visible_to
from approdi.network.models import NetworkActor, Protocol
from approdi.people.models import Person

from . import selectors
from .choices import ActionItemStatus, AttendanceStatus
from .models import ActionItem, Attendance, Decision, Meeting, Table, TrainingEvent

MAX_TEXT = 20_000


def _check_text(field: str, value: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: _("This field is required.")})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("At most %(max)d characters.") % {"max": MAX_TEXT}})
    return value


def _check_not_future(field: str, day: datetime.date) -> None:
    if day > selectors.today():
        raise ValidationError({field: _("This date is in the future.")})


# Tables


@transaction.atomic
def table_save(
    *,
    acting_user: User,
    table: Table | None = None,
    name: str,
    kind: str,
    chair: Organisation,
    member_organisations: Iterable[Organisation],
    member_users: Iterable[User] = (),
    mandate: str = "",
    objectives: str = "",
    frequency_months: int | None = None,
    actors: Iterable[NetworkActor] = (),
    protocols: Iterable[Protocol] = (),
    active: bool = True,
) -> Table:
    """Create a table or change one. Only the coordination office manages tables."""
    if not selectors.may_manage_tables(acting_user):
        raise PermissionDenied
    creating = table is None
    table = table or Table()
    before = {f: getattr(table, f) for f in ("name", "kind", "mandate", "objectives")}
    code_lists.validate_code("governance_table", kind, current="" if creating else table.kind)
    organisations = list(member_organisations)
    if not organisations:
        raise ValidationError({"member_organisations": _("A table needs at least one member.")})
    table.name = name.strip()
    table.kind = kind
    table.chair = chair
    table.mandate = _check_text("mandate", mandate)
    table.objectives = _check_text("objectives", objectives)
    table.frequency_months = frequency_months
    table.active = active
    table.full_clean()
    table.save()
    table.member_organisations.set(organisations)
    table.member_users.set(list(member_users))
    table.actors.set(list(actors))
    table.protocols.set(list(protocols))
    after = {f: getattr(table, f) for f in before}
    audit.record(
        AccessAction.CREATE if creating else AccessAction.UPDATE,
        actor=acting_user,
        obj=table,
        fields=list(before) if creating else audit.changed_fields(before, after),
    )
    return table


# Meetings


def _cases_from_codes(*, user: User, codes: Sequence[str]) -> list[Person]:
    """The people behind the pseudonymous codes, within the recorder's scope.

    A code the user may not see is refused exactly like a code that does not exist.
    """
    wanted = sorted({c.strip().upper() for c in codes if c.strip()})
    found = {p.code.upper(): p for p in visible_to(user, Person).filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(
            {
                "cases_discussed": _("No case with the code %(codes)s.")
                % {"codes": ", ".join(missing)}
            }
        )
    return [found[c] for c in wanted]


@transaction.atomic
def meeting_create(
    *,
    acting_user: User,
    table: Table,
    date: datetime.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    case_codes: Sequence[str] = (),
) -> Meeting:
    """Record a meeting of a table the user sits at (or any, for the coordination office)."""
    if not selectors.may_record_meeting(user=acting_user, table=table):
        raise ValidationError(
            {"table": _("You can record meetings only of the active tables you are a member of.")}
        )
    _check_not_future("date", date)
    cases = _cases_from_codes(user=acting_user, codes=case_codes)
    meeting = Meeting(
        table=table,
        date=date,
        place=place.strip(),
        agenda=_check_text("agenda", agenda),
        minutes=_check_text("minutes", minutes),
        recorded_by=acting_user,
    )
    meeting.full_clean()
    meeting.save()
    meeting.cases_discussed.set(cases)
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=meeting,
        fields=["table", "date", "place", "agenda", "minutes", "cases_discussed"],
    )
    return meeting


def _check_may_edit_meeting(user: User, meeting: Meeting) -> None:
    if not selectors.may_record_meeting(user=user, table=meeting.table):
        raise PermissionDenied


@transaction.atomic
def meeting_update(
    *,
    acting_user: User,
    meeting: Meeting,
    date: datetime.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    case_codes: Sequence[str] | None = None,
) -> Meeting:
    _check_may_edit_meeting(acting_user, meeting)
    _check_not_future("date", date)
    before = {f: getattr(meeting, f) for f in ("date", "place", "agenda", "minutes")}
    meeting.date = date
    meeting.place = place.strip()
    meeting.agenda = _check_text("agenda", agenda)
    meeting.minutes = _check_text("minutes", minutes)
    fields = audit.changed_fields(before, {f: getattr(meeting, f) for f in before})
    if case_codes is not None:
        # Codes the editor cannot see stay linked: nobody unlinks what they cannot see.
        hidden = list(
            meeting.cases_discussed.exclude(pk__in=visible_to(acting_user, Person).values("pk"))
        )
        cases = _cases_from_codes(user=acting_user, codes=case_codes)
        old = set(meeting.cases_discussed.values_list("pk", flat=True))
        new = {p.pk for p in cases} | {p.pk for p in hidden}
        if old != new:
            fields.append("cases_discussed")
        meeting.full_clean()
        meeting.save()
        meeting.cases_discussed.set([*cases, *hidden])
    else:
        meeting.full_clean()
        meeting.save()
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=meeting, fields=fields)
    return meeting


@transaction.atomic
def attendance_set(
    *,
    acting_user: User,
    meeting: Meeting,
    organisation: Organisation,
    status: str,
    user: User | None = None,
) -> Attendance:
    """Record that an organisation (or a named person of it) was present, excused or absent."""
    _check_may_edit_meeting(acting_user, meeting)
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose present, excused or absent.")})
    members = selectors.table_member_users(table=meeting.table)
    if user is not None:
        if not members.filter(pk=user.pk).exists():
            raise ValidationError({"user": _("This person is not a member of the table.")})
        organisation = user.organisation  # type: ignore[assignment]
    elif not meeting.table.member_organisations.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not a member of the table.")}
        )
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        user=user,
        organisation=organisation,
        defaults={"status": status},
    )
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=meeting, fields=["attendances"])
    return attendance


@transaction.atomic
def decision_add(*, acting_user: User, meeting: Meeting, text: str) -> Decision:
    _check_may_edit_meeting(acting_user, meeting)
    decision = Decision(meeting=meeting, text=_check_text("text", text, required=True))
    decision.full_clean()
    decision.save()
    audit.record(AccessAction.CREATE, actor=acting_user, obj=decision, fields=["text"])
    return decision


@transaction.atomic
def action_item_add(
    *,
    acting_user: User,
    meeting: Meeting,
    description: str,
    owner: User | None,
    due_date: datetime.date | None,
) -> ActionItem:
    """An action item needs an owner who sits at the table and a due date."""
    _check_may_edit_meeting(acting_user, meeting)
    errors: dict[str, str] = {}
    if owner is None:
        errors["owner"] = _("Every action item needs an owner.")
    elif not selectors.table_member_users(table=meeting.table).filter(pk=owner.pk).exists():
        errors["owner"] = _("The owner must be a member of the table.")
    if due_date is None:
        errors["due_date"] = _("Every action item needs a due date.")
    elif due_date < meeting.date:
        errors["due_date"] = _("The due date is before the meeting.")
    if not description.strip():
        errors["description"] = _("Say what has to be done.")
    if errors or owner is None or due_date is None:
        raise ValidationError(errors)
    item = ActionItem(
        meeting=meeting,
        description=_check_text("description", description, required=True),
        owner=owner,
        due_date=due_date,
    )
    item.full_clean()
    item.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=item,
        fields=["description", "owner", "due_date", "status"],
    )
    return item


@transaction.atomic
def action_item_set_status(*, acting_user: User, item: ActionItem, status: str) -> ActionItem:
    if not selectors.may_update_action_item(user=acting_user, item=item):
        raise PermissionDenied
    if status not in ActionItemStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if item.status == status:
        return item
    item.status = status
    item.closed_on = None if status == ActionItemStatus.OPEN else selectors.today()
    item.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=item, fields=["status", "closed_on"])
    return item


# Training and awareness events


@transaction.atomic
def training_event_create(
    *,
    acting_user: User,
    date: datetime.date,
    kind: str,
    title: str,
    organisers: Iterable[Organisation],
    participants: int,
    audience: str = "",
    participant_organisations: Iterable[Organisation] = (),
    partner_actors: Iterable[NetworkActor] = (),
    materials: str = "",
) -> TrainingEvent:
    if not has_role(acting_user, selectors.TRAINING_EDITOR_ROLES):
        raise PermissionDenied
    organisers = list(organisers)
    errors: dict[str, str] = {}
    if not organisers:
        errors["organisers"] = _("Name at least one organiser.")
    elif not has_role(acting_user, Role.COORDINATOR) and (
        acting_user.organisation_id not in {o.pk for o in organisers}
    ):
        errors["organisers"] = _("Your organisation must be among the organisers.")
    if participants < 0:
        errors["participants"] = _("The number of participants cannot be negative.")
    if errors:
        raise ValidationError(errors)
    _check_not_future("date", date)
    code_lists.validate_code("training_event_kind", kind)
    event = TrainingEvent(
        date=date,
        kind=kind,
        title=title.strip(),
        audience=audience.strip(),
        participants=participants,
        materials=_check_text("materials", materials),
        recorded_by=acting_user,
    )
    event.full_clean()
    event.save()
    event.organisers.set(organisers)
    event.participant_organisations.set(list(participant_organisations))
    event.partner_actors.set(list(partner_actors))
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=event,
        fields=["date", "kind", "title", "organisers", "participants"],
    )
    return event
