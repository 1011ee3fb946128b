"""The queue's order, the time to decision, and who sees which referral."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.referrals import selectors, services
from approdi.referrals.models import Referral
from approdi.screening.services import assessment_create

from .conftest import DAY

pytestmark = pytest.mark.django_db


def _person(code: str, organisation: Organisation) -> Person:
    return person_create(acting_user=None, code=code, organisation=organisation, gender="woman")


def test_queue_order_danger_urgency_triage_waiting(
    coordinator: User, partner_a: Organisation, make_referral: Callable[..., Referral]
) -> None:
    day = datetime.date(2024, 3, 1)
    old_ordinary = make_referral(_person("P-1", partner_a), urgency="ordinary", referred_on=day)
    new_ordinary = make_referral(
        _person("P-2", partner_a), urgency="ordinary", referred_on=day + datetime.timedelta(5)
    )
    urgent = make_referral(_person("P-3", partner_a), urgency="urgent", referred_on=day)
    immediate = make_referral(
        _person("P-4", partner_a), urgency="immediate_danger", referred_on=day
    )
    flagged_at_intake = make_referral(
        _person("P-5", partner_a), urgency="ordinary", referred_on=day, danger_reported=True
    )
    # An ordinary one whose latest assessment found danger comes first too.
    assessed_danger = make_referral(_person("P-6", partner_a), urgency="ordinary", referred_on=day)
    assessment_create(
        acting_user=coordinator,
        person=assessed_danger.person,
        assessed_on=day,
        kind="preliminary",
        conclusion="presumed_victim",
        answers={"documents_confiscated": "yes", "debt_bondage": "yes"},
        danger_flag=True,
    )
    # A newer ordinary one with a high triage score comes before the older ordinary ones.
    scored = make_referral(
        _person("P-7", partner_a), urgency="ordinary", referred_on=day + datetime.timedelta(9)
    )
    assessment_create(
        acting_user=coordinator,
        person=scored.person,
        assessed_on=day,
        kind="preliminary",
        conclusion="at_risk",
        answers={"excessive_hours": "yes"},
    )
    decided = make_referral(_person("P-8", partner_a), urgency="immediate_danger")
    services.referral_decline(acting_user=coordinator, referral=decided, reason="x")

    queue = list(selectors.referral_queue(user=coordinator))
    assert [r.person.code for r in queue] == ["P-6", "P-5", "P-4", "P-3", "P-7", "P-1", "P-2"]
    assert queue[0].in_danger is True and queue[0].triage_score == 6
    assert queue[1].in_danger is True and queue[1].triage_score == 0
    assert queue[4].triage_score == 3
    del old_ordinary, new_ordinary, urgent, immediate, flagged_at_intake


def test_time_from_referral_to_decision(
    coordinator: User, partner_a: Organisation, make_referral: Callable[..., Referral]
) -> None:
    today = timezone.localdate()
    for code, days_ago in [("P-1", 2), ("P-2", 10), ("P-3", 4)]:
        referral = make_referral(
            _person(code, partner_a), referred_on=today - datetime.timedelta(days_ago)
        )
        services.referral_decline(acting_user=coordinator, referral=referral, reason="x")
    make_referral(_person("P-4", partner_a), referred_on=today)  # not decided
    times = selectors.decision_times(user=coordinator)
    assert times.decided == 3
    assert times.median_days == 4.0
    assert times.mean_days == 5.3
    assert times.within_7_days == 2
    referral = Referral.objects.get(person__code="P-2")
    assert selectors.days_to_decision(referral) == 10


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (
            "coordinator",
            [
                "again-wanda",
                "by-a-manager",
                "by-a-outreach",
                "by-a-worker",
                "by-b",
                "by-lead",
                "lead-to-a",
                "taken-in-by-a-other",
                "taken-in-by-a-wanda",
            ],
        ),
        (
            "manager_a",
            [
                "again-wanda",
                "by-a-manager",
                "by-a-outreach",
                "by-a-worker",
                "lead-to-a",
                "taken-in-by-a-other",
                "taken-in-by-a-wanda",
            ],
        ),
        # Her own referral and those of the person in her care; not the colleagues'.
        ("worker_a", ["again-wanda", "by-a-worker", "taken-in-by-a-wanda"]),
        ("outreach_a", ["by-a-outreach"]),
        ("legal_a", []),
        ("manager_b", ["by-b"]),
        ("worker_b", []),
        ("monitoring", []),
        ("auditor", []),
        ("admin", []),
    ],
)
def test_referral_scope_by_role(
    who: str,
    sees: list[str],
    request: pytest.FixtureRequest,
    coordinator: User,
    manager_a: User,
    worker_a: User,
    outreach_a: User,
    manager_b: User,
    partner_a: Organisation,
    lead: Organisation,
    make_user: Callable[..., User],
) -> None:
    def intake(user: User, note: str, **values: object) -> Referral:
        return services.referral_create(
            acting_user=user,
            referred_on=datetime.date(2024, 3, 1),
            source_kind="police",
            new_person=services.NewPerson(gender="woman"),
            reason=note,
            **values,  # type: ignore[arg-type]
        )

    intake(manager_a, "by-a-manager")
    intake(worker_a, "by-a-worker")
    intake(outreach_a, "by-a-outreach")
    intake(manager_b, "by-b")
    intake(coordinator, "by-lead")
    intake(coordinator, "lead-to-a", assigned_organisation=partner_a)
    other_worker = make_user(partner_a, [Role.CASE_WORKER], username="other_a")
    taken_in = {
        note: services.referral_accept(
            acting_user=coordinator,
            referral=intake(coordinator, note),
            organisation=partner_a,
            opened_on=datetime.date(2024, 3, 2),
            case_worker=case_worker,
        )
        for note, case_worker in (
            ("taken-in-by-a-wanda", worker_a),
            ("taken-in-by-a-other", other_worker),
        )
    }
    # A new referral of the person in Wanda's care, recorded by the office, not decided yet.
    services.referral_create(
        acting_user=coordinator,
        referred_on=datetime.date(2024, 4, 1),
        source_kind="police",
        person_code=taken_in["taken-in-by-a-wanda"].person.code,
        reason="again-wanda",
    )
    if who in {"monitoring", "auditor", "admin"}:
        user = make_user(lead, [who])
    elif who == "legal_a":
        user = make_user(partner_a, [Role.LEGAL_ADVISOR])
    else:
        user = request.getfixturevalue(who)
    visible = sorted(r.reason for r in selectors.referral_list(user=user))
    assert visible == sees


def test_the_queue_takes_danger_and_score_only_from_assessments_the_user_may_see(
    coordinator: User, manager_b: User, person_a: Person, make_referral: Callable[..., Referral]
) -> None:
    referral = make_referral(person_a, assigned_organisation=manager_b.organisation)
    assessment_create(
        acting_user=coordinator,
        person=person_a,
        assessed_on=DAY,
        kind="preliminary",
        conclusion="at_risk",
        answers={"violence_at_destination": "yes"},
        danger_flag=True,
    )
    [seen_by_coordinator] = selectors.referral_queue(user=coordinator)
    assert (seen_by_coordinator.in_danger, seen_by_coordinator.triage_score) == (True, 3)
    [seen_by_b] = selectors.referral_queue(user=manager_b)
    assert seen_by_b == referral
    assert (seen_by_b.in_danger, seen_by_b.triage_score) == (False, 0)
