"""Activities, permits, proceedings, returns, exit and follow-ups; bad input saves nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from approdi.accounts.models import User
from approdi.cases import services
from approdi.cases.models import Activity, Case, Exit, FollowUp, Permit
from approdi.core.models import AccessAction, AccessLogEntry

D = datetime.date


def exit_case(case: Case, user: User, day: datetime.date, **values: object) -> Exit:
    values = {
        "outcome": "autonomy_achieved",
        "housing": "own_rental",
        "employment": "permanent",
        "permit_status": "valid",
        **values,
    }
    return services.case_exit(acting_user=user, case=case, exit_on=day, **values)  # type: ignore[arg-type]


def test_an_activity_is_recorded_with_its_audit_row_and_event(case: Case, worker: User) -> None:
    activity = services.activity_add(
        acting_user=worker,
        case=case,
        kind="italian_course",
        date=D(2024, 1, 15),
        duration_minutes=120,
        provider="CPIA 3",
        outcome="A1 passed",
        notes="private note",
    )
    assert Activity.objects.get().kind == "italian_course"
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_id=str(activity.uuid))
    assert entry.fields == ["date", "duration_minutes", "kind", "notes", "outcome", "provider"]
    assert "private note" not in str(entry.fields) + entry.reason
    assert case.events.first().kind == "activity"  # type: ignore[union-attr]


def test_an_unknown_activity_kind_or_a_date_before_opening_is_refused(
    case: Case, worker: User
) -> None:
    with pytest.raises(ValidationError):
        services.activity_add(acting_user=worker, case=case, kind="karaoke", date=D(2024, 1, 15))
    with pytest.raises(ValidationError) as refused:
        services.activity_add(acting_user=worker, case=case, kind="interview", date=D(2024, 1, 1))
    assert list(refused.value.message_dict) == ["date"]
    assert Activity.objects.count() == 0


def test_a_permit_that_expires_before_it_is_issued_is_refused(case: Case, worker: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.permit_add(
            acting_user=worker,
            case=case,
            kind="art18_special_cases",
            status="issued",
            issued_on=D(2024, 3, 1),
            expires_on=D(2024, 2, 1),
        )
    assert refused.value.message_dict == {
        "expires_on": ["A permit cannot expire before it is issued."]
    }
    assert Permit.objects.count() == 0


def test_a_permit_is_converted_at_expiry(case: Case, worker: User) -> None:
    permit = services.permit_add(
        acting_user=worker,
        case=case,
        kind="art18_special_cases",
        proposer="social_services",
        status="issued",
        issued_on=D(2024, 3, 1),
        expires_on=D(2024, 9, 1),
    )
    with pytest.raises(ValidationError) as refused:
        services.permit_update(acting_user=worker, permit=permit, status="converted")
    assert list(refused.value.message_dict) == ["converted_into"]
    services.permit_update(
        acting_user=worker, permit=permit, status="converted", converted_into="employment"
    )
    permit.refresh_from_db()
    assert (permit.status, permit.converted_into) == ("converted", "employment")
    update = AccessLogEntry.objects.get(action=AccessAction.UPDATE, object_id=str(permit.uuid))
    assert update.fields == ["converted_into", "status"]


def test_the_exit_ends_the_phase_and_moves_the_case_to_follow_up_then_closed(
    case: Case, worker: User
) -> None:
    exit_case(case, worker, D(2024, 5, 2))
    case.refresh_from_db()
    assert (case.status, case.closed_on) == ("follow_up", None)
    assert list(case.phases.values_list("phase", "ended_on")) == [("emergency", D(2024, 5, 2))]
    with pytest.raises(ValidationError):
        services.follow_up_add(acting_user=worker, case=case, contacted_on=D(2024, 5, 1))
    services.follow_up_add(acting_user=worker, case=case, contacted_on=D(2024, 6, 2), notes="ok")
    services.case_close(acting_user=worker, case=case, closed_on=D(2024, 8, 1))
    case.refresh_from_db()
    assert (case.status, case.closed_on) == ("closed", D(2024, 8, 1))
    assert FollowUp.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2024, 1, 9), "The exit cannot be before the case opened (2024-01-10)."),
        (D(2099, 1, 1), "This date is in the future."),
    ],
)
def test_an_exit_before_the_case_opened_is_refused(
    case: Case, worker: User, day: datetime.date, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        exit_case(case, worker, day)
    assert refused.value.message_dict == {"exit_on": [message]}
    case.refresh_from_db()
    assert (case.status, Exit.objects.count()) == ("active", 0)
    assert list(case.phases.values_list("ended_on", flat=True)) == [None]


def test_an_exit_before_the_current_phase_started_is_refused(case: Case, worker: User) -> None:
    services.case_move_phase(
        acting_user=worker, case=case, phase="first_reception", started_on=D(2024, 3, 1), reason="x"
    )
    with pytest.raises(ValidationError) as refused:
        exit_case(case, worker, D(2024, 2, 1))
    assert list(refused.value.message_dict) == ["exit_on"]
    assert Exit.objects.count() == 0


def test_a_second_exit_is_refused(case: Case, worker: User) -> None:
    exit_case(case, worker, D(2024, 5, 2))
    with pytest.raises(ValidationError):
        exit_case(case, worker, D(2024, 5, 3))
    assert Exit.objects.count() == 1


def test_a_voluntary_return_cannot_depart_before_the_request(case: Case, worker: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.voluntary_return_add(
            acting_user=worker,
            case=case,
            requested_on=D(2024, 3, 1),
            departure_on=D(2024, 2, 1),
        )
    assert list(refused.value.message_dict) == ["departure_on"]
    record = services.voluntary_return_add(
        acting_user=worker,
        case=case,
        requested_on=D(2024, 3, 1),
        departure_on=D(2024, 4, 1),
        outcome="departed",
    )
    assert (record.partner, record.outcome) == ("OIM", "departed")


def test_goals_are_reviewed(case: Case, worker: User) -> None:
    goal = services.goal_add(
        acting_user=worker, case=case, description="Find a job", target_on=D(2024, 6, 1)
    )
    services.goal_review(
        acting_user=worker,
        goal=goal,
        reviewed_on=D(2024, 3, 1),
        notes="internship started",
        status="open",
    )
    services.goal_review(
        acting_user=worker, goal=goal, reviewed_on=D(2024, 6, 1), notes="hired", status="achieved"
    )
    goal.refresh_from_db()
    assert goal.status == "achieved"
    assert list(goal.reviews.values_list("notes", flat=True)) == ["internship started", "hired"]


def test_a_sharing_consent_names_the_organisation(case: Case, worker: User) -> None:
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            acting_user=worker, case=case, kind="sharing", given=True, recorded_on=D(2024, 1, 10)
        )
    assert list(refused.value.message_dict) == ["organisation"]
    consent = services.consent_record(
        acting_user=worker, case=case, kind="statistics", given=True, recorded_on=D(2024, 1, 10)
    )
    assert (consent.kind, consent.given, consent.recorded_by) == ("statistics", True, worker)


def test_first_assistance_is_extended_once_by_the_coordinator(
    case: Case, worker: User, coordinator: User
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.case_extend_first_assistance(
            acting_user=worker, case=case, approved_on=D(2024, 4, 1)
        )
    services.case_extend_first_assistance(
        acting_user=coordinator, case=case, approved_on=D(2024, 4, 1)
    )
    case.refresh_from_db()
    assert (case.first_assistance_extended_on, case.first_assistance_extended_by) == (
        D(2024, 4, 1),
        coordinator,
    )
    with pytest.raises(ValidationError):
        services.case_extend_first_assistance(
            acting_user=coordinator, case=case, approved_on=D(2024, 4, 2)
        )
