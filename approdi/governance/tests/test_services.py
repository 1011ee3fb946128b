"""Writes of governance: what each service accepts, what it refuses, and that a refusal
leaves nothing behind."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessLogEntry
from approdi.governance import services
from approdi.governance.models import ActionItem, Attendance, Meeting, Table, TrainingEvent
from approdi.people.services import person_create

from .conftest import person_with_case

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def test_a_member_records_a_meeting_and_the_log_names_fields_not_values(
    make_user: Callable[..., User], table: Table, partner_a: Organisation
) -> None:
    member = make_user(partner_a, [Role.ORG_MANAGER])
    person = person_create(
        acting_user=None, code="MI-A-0001", organisation=partner_a, gender="woman"
    )

    meeting = services.meeting_create(
        acting_user=member,
        table=table,
        date=DAY,
        agenda="Punto 1",
        minutes="Verbale riservato",
        case_codes=["mi-a-0001 "],
    )

    assert list(meeting.cases_discussed.all()) == [person]
    entry = AccessLogEntry.objects.get(object_id=str(meeting.uuid))
    assert (entry.action, entry.actor_username) == ("create", member.username)
    assert entry.fields == ["agenda", "cases_discussed", "date", "minutes", "place", "table"]
    assert "riservato" not in repr(AccessLogEntry.objects.values_list())


def test_a_meeting_in_a_table_the_user_is_not_a_member_of_is_refused(
    make_user: Callable[..., User], table: Table, partner_b: Organisation
) -> None:
    outsider = make_user(partner_b, [Role.ORG_MANAGER])
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(acting_user=outsider, table=table, date=DAY)
    assert refused.value.message_dict == {
        "table": ["Puoi registrare incontri solo dei tavoli attivi di cui fai parte."]
    }
    assert Meeting.objects.count() == 0


def test_monitoring_cannot_record_a_meeting_even_of_its_own_organisations_table(
    make_user: Callable[..., User], table: Table, lead: Organisation
) -> None:
    with pytest.raises(ValidationError):
        services.meeting_create(
            acting_user=make_user(lead, [Role.MONITORING]), table=table, date=DAY
        )
    assert Meeting.objects.count() == 0


def test_a_meeting_in_the_future_or_with_an_unknown_case_code_saves_nothing(
    coordinator: User, table: Table, partner_b: Organisation
) -> None:
    person_create(acting_user=None, code="MI-B-0001", organisation=partner_b, gender="woman")
    with pytest.raises(ValidationError) as future:
        services.meeting_create(
            acting_user=coordinator,
            table=table,
            date=datetime.date.today() + datetime.timedelta(days=1),
        )
    assert future.value.message_dict == {"date": ["Questa data è nel futuro."]}
    with pytest.raises(ValidationError) as unknown:
        services.meeting_create(
            acting_user=coordinator, table=table, date=DAY, case_codes=["MI-B-0001", "MI-X-9999"]
        )
    assert unknown.value.message_dict == {
        "cases_discussed": ["Nessun caso con il codice MI-X-9999."]
    }
    assert Meeting.objects.count() == 0


def test_a_case_outside_the_recorders_scope_is_refused_like_a_missing_one(
    make_user: Callable[..., User], table: Table, partner_a: Organisation, partner_b: Organisation
) -> None:
    person_create(acting_user=None, code="MI-B-0001", organisation=partner_b, gender="woman")
    member = make_user(partner_a, [Role.CASE_WORKER])
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(acting_user=member, table=table, date=DAY, case_codes=["MI-B-0001"])
    assert refused.value.message_dict == {
        "cases_discussed": ["Nessun caso con il codice MI-B-0001."]
    }
    assert Meeting.objects.count() == 0


def test_editing_keeps_the_cases_the_editor_cannot_see(
    make_user: Callable[..., User],
    coordinator: User,
    meeting: Meeting,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    member = make_user(partner_a, [Role.CASE_WORKER])
    own = person_with_case("MI-A-0001", partner_a, member)
    hidden = person_create(acting_user=None, code="MI-B-0001", organisation=partner_b, gender="man")
    meeting.cases_discussed.set([own, hidden])

    services.meeting_update(acting_user=member, meeting=meeting, date=DAY, case_codes=[])

    assert list(meeting.cases_discussed.all()) == [hidden]


def test_an_action_item_without_owner_or_due_date_is_refused(
    coordinator: User, meeting: Meeting
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.action_item_add(
            acting_user=coordinator, meeting=meeting, description="Fare", owner=None, due_date=None
        )
    assert refused.value.message_dict == {
        "owner": ["Ogni azione ha bisogno di un responsabile."],
        "due_date": ["Ogni azione ha bisogno di una scadenza."],
    }
    assert ActionItem.objects.count() == 0


def test_an_action_item_owner_must_sit_at_the_table(
    make_user: Callable[..., User], coordinator: User, meeting: Meeting, partner_b: Organisation
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.action_item_add(
            acting_user=coordinator,
            meeting=meeting,
            description="Fare",
            owner=make_user(partner_b, [Role.CASE_WORKER]),
            due_date=datetime.date(2026, 12, 1),
        )
    assert refused.value.message_dict == {"owner": ["Il responsabile deve far parte del tavolo."]}
    with pytest.raises(ValidationError) as early:
        services.action_item_add(
            acting_user=coordinator,
            meeting=meeting,
            description="Fare",
            owner=coordinator,
            due_date=meeting.date - datetime.timedelta(days=1),
        )
    assert early.value.message_dict == {"due_date": ["La scadenza è precedente all’incontro."]}
    assert ActionItem.objects.count() == 0


def test_the_owner_closes_an_action_item_and_others_cannot(
    make_user: Callable[..., User], coordinator: User, meeting: Meeting, partner_a: Organisation
) -> None:
    owner = make_user(partner_a, [Role.CASE_WORKER])
    colleague = make_user(partner_a, [Role.CASE_WORKER])
    item = services.action_item_add(
        acting_user=coordinator,
        meeting=meeting,
        description="Fare",
        owner=owner,
        due_date=datetime.date(2026, 12, 1),
    )
    with pytest.raises(PermissionDenied):
        services.action_item_set_status(acting_user=colleague, item=item, status="done")
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("open", None)

    closed = services.action_item_set_status(acting_user=owner, item=item, status="done")

    assert closed.status == "done"
    assert closed.closed_on == datetime.date.today()


def test_attendance_is_recorded_once_per_organisation_and_per_person(
    make_user: Callable[..., User],
    coordinator: User,
    meeting: Meeting,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    member = make_user(partner_a, [Role.CASE_WORKER])
    services.attendance_set(
        acting_user=coordinator, meeting=meeting, organisation=partner_a, status="excused"
    )
    services.attendance_set(
        acting_user=coordinator, meeting=meeting, organisation=partner_a, status="present"
    )
    services.attendance_set(
        acting_user=coordinator,
        meeting=meeting,
        organisation=partner_a,
        user=member,
        status="present",
    )
    with pytest.raises(ValidationError):
        services.attendance_set(
            acting_user=coordinator, meeting=meeting, organisation=partner_b, status="present"
        )
    rows = sorted(
        (a.organisation.slug, a.user.username if a.user else "", a.status)
        for a in Attendance.objects.select_related("organisation", "user")
    )
    assert rows == [("alfa", "", "present"), ("alfa", member.username, "present")]


def test_only_the_coordinator_manages_tables(
    make_user: Callable[..., User], lead: Organisation, partner_a: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.table_save(
            acting_user=make_user(partner_a, [Role.ORG_MANAGER]),
            name="Nuovo",
            kind="working_group",
            chair=lead,
            member_organisations=[partner_a],
        )
    coordinator = make_user(lead, [Role.COORDINATOR])
    with pytest.raises(ValidationError) as unknown:
        services.table_save(
            acting_user=coordinator,
            name="Nuovo",
            kind="no_such_kind",
            chair=lead,
            member_organisations=[partner_a],
        )
    assert "no_such_kind" in str(unknown.value)
    assert Table.objects.count() == 0

    table = services.table_save(
        acting_user=coordinator,
        name="Nuovo",
        kind="working_group",
        chair=lead,
        member_organisations=[lead, partner_a],
        frequency_months=3,
    )
    assert sorted(table.member_organisations.values_list("slug", flat=True)) == ["alfa", "comune"]


def test_a_training_event_names_the_users_organisation_among_its_organisers(
    make_user: Callable[..., User], partner_a: Organisation, partner_b: Organisation
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER])
    with pytest.raises(ValidationError) as refused:
        services.training_event_create(
            acting_user=manager,
            date=DAY,
            kind="training_cas_staff",
            title="Formazione",
            organisers=[partner_b],
            participants=10,
        )
    assert refused.value.message_dict == {
        "organisers": ["Il tuo ente deve essere tra gli organizzatori."]
    }
    with pytest.raises(ValidationError):
        services.training_event_create(
            acting_user=manager,
            date=DAY,
            kind="no_such_kind",
            title="Formazione",
            organisers=[partner_a],
            participants=10,
        )
    assert TrainingEvent.objects.count() == 0
    event = services.training_event_create(
        acting_user=manager,
        date=DAY,
        kind="training_cas_staff",
        title="Formazione",
        organisers=[partner_a],
        participant_organisations=[partner_b],
        participants=10,
    )
    assert list(event.organisers.all()) == [partner_a]
