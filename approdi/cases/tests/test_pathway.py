"""The pathway: every allowed and every refused move, dates, authors, reasons, timeline."""

import datetime
import itertools
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from approdi.accounts.models import User
from approdi.cases import services
from approdi.cases.choices import Phase
from approdi.cases.models import Case, CaseEvent, CasePhase
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.models import Person

from .factories import OPENED, open_case

PHASES = [p.value for p in Phase]
# Written out by hand from domain.md, not derived from the code under test.
ALLOWED = {
    ("emergency", "first_reception"),
    ("emergency", "second_reception"),
    ("emergency", "autonomy"),
    ("emergency", "territorial"),
    ("first_reception", "second_reception"),
    ("first_reception", "autonomy"),
    ("first_reception", "territorial"),
    ("second_reception", "autonomy"),
    ("second_reception", "territorial"),
    ("autonomy", "territorial"),
    ("territorial", "emergency"),
    ("territorial", "first_reception"),
    ("territorial", "second_reception"),
    ("territorial", "autonomy"),
}
PAIRS = [(a, b) for a in PHASES for b in PHASES]
MOVE_DAY = datetime.date(2024, 2, 1)


def test_the_rule_table() -> None:
    assert {pair for pair in PAIRS if services.transition_allowed(*pair)} == ALLOWED
    assert all(services.transition_allowed("", p) for p in PHASES)
    assert not services.transition_allowed("emergency", "holiday")


@pytest.mark.parametrize(("current", "new"), sorted(ALLOWED))
def test_each_allowed_move_is_dated_authored_and_on_the_timeline(
    current: str, new: str, person: Person, worker: User
) -> None:
    case = open_case(person, case_worker=worker, first_phase=current)
    services.case_move_phase(
        acting_user=worker, case=case, phase=new, started_on=MOVE_DAY, reason="Bed available"
    )
    case.refresh_from_db()
    assert case.phase == new
    assert case.kind == ("territorial" if new == "territorial" else "residential")
    assert list(case.phases.values_list("phase", "started_on", "ended_on", "author", "reason")) == [
        (current, OPENED, MOVE_DAY, None, ""),
        (new, MOVE_DAY, None, worker.pk, "Bed available"),
    ]
    assert list(case.events.values_list("kind", "detail")) == [
        ("phase_moved", f"{current} → {new}"),
        ("opened", current),
    ]
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.CREATE, object_type="cases.casephase", actor=worker
        ).count()
        == 1
    )


@pytest.mark.parametrize(("current", "new"), [p for p in PAIRS if p not in ALLOWED])
def test_each_refused_move_says_why_and_saves_nothing(
    current: str, new: str, person: Person, worker: User
) -> None:
    case = open_case(person, case_worker=worker, first_phase=current)
    before = (CasePhase.objects.count(), CaseEvent.objects.count(), AccessLogEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        services.case_move_phase(
            acting_user=worker, case=case, phase=new, started_on=MOVE_DAY, reason="x"
        )
    assert "phase" in refused.value.message_dict
    case.refresh_from_db()
    assert case.phase == current
    assert (
        CasePhase.objects.count(),
        CaseEvent.objects.count(),
        AccessLogEntry.objects.count(),
    ) == before


def test_skips_then_back_to_territorial_and_into_residential_again(
    case: Case, worker: User
) -> None:
    days = [datetime.date(2024, 2, d) for d in (1, 5, 9)]
    for phase, day in zip(["second_reception", "territorial", "autonomy"], days, strict=True):
        services.case_move_phase(
            acting_user=worker, case=case, phase=phase, started_on=day, reason="plan"
        )
    assert list(case.phases.values_list("phase", flat=True)) == [
        "emergency",
        "second_reception",
        "territorial",
        "autonomy",
    ]
    assert CasePhase.objects.filter(case=case, ended_on__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("day", "reason", "field"),
    [
        (datetime.date(2024, 1, 9), "x", "started_on"),  # before the case opened
        (datetime.date(2099, 1, 1), "x", "started_on"),  # in the future
        (MOVE_DAY, "   ", "reason"),  # no reason
    ],
)
def test_bad_dates_and_missing_reasons_are_refused(
    case: Case, worker: User, day: datetime.date, reason: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.case_move_phase(
            acting_user=worker, case=case, phase="first_reception", started_on=day, reason=reason
        )
    assert list(refused.value.message_dict) == [field]
    assert list(case.phases.values_list("phase", flat=True)) == ["emergency"]


def test_overlapping_phases_are_refused(case: Case, worker: User) -> None:
    services.case_move_phase(
        acting_user=worker, case=case, phase="first_reception", started_on=MOVE_DAY, reason="x"
    )
    with pytest.raises(ValidationError) as refused:
        services.case_move_phase(
            acting_user=worker,
            case=case,
            phase="second_reception",
            started_on=datetime.date(2024, 1, 20),
            reason="x",
        )
    assert "overlap" in refused.value.message_dict["started_on"][0]
    assert list(case.phases.values_list("phase", "ended_on")) == [
        ("emergency", MOVE_DAY),
        ("first_reception", None),
    ]


def test_the_database_refuses_two_open_phases(case: Case) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CasePhase.objects.create(case=case, phase="autonomy", started_on=MOVE_DAY)


def test_a_closed_case_cannot_move(case: Case, worker: User) -> None:
    services.case_exit(
        acting_user=worker,
        case=case,
        exit_on=MOVE_DAY,
        outcome="autonomy_achieved",
        housing="own_rental",
        employment="permanent",
        permit_status="valid",
        follow_up=False,
    )
    with pytest.raises(ValidationError):
        services.case_move_phase(
            acting_user=worker,
            case=case,
            phase="first_reception",
            started_on=MOVE_DAY,
            reason="x",
        )


def test_a_worker_without_the_case_may_not_move_it(
    case: Case, make_user: Callable[..., User]
) -> None:
    from django.core.exceptions import PermissionDenied

    other = make_user(case.organisation, ["case_worker"])
    with pytest.raises(PermissionDenied):
        services.case_move_phase(
            acting_user=other, case=case, phase="autonomy", started_on=MOVE_DAY, reason="x"
        )
    assert Case.objects.get(pk=case.pk).phase == "emergency"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(
        st.tuples(st.sampled_from(PHASES), st.integers(min_value=-3, max_value=10)),
        max_size=8,
    )
)
def test_any_sequence_of_moves_keeps_one_contiguous_pathway(
    moves: list[tuple[str, int]], person: Person, worker: User
) -> None:
    """Whatever is tried, the phases stay contiguous, never overlap, and one is open."""
    case = open_case(person, case_worker=worker)
    day = OPENED
    for phase, step in moves:
        try:
            services.case_move_phase(
                acting_user=worker,
                case=case,
                phase=phase,
                started_on=day + datetime.timedelta(days=step),
                reason="try",
            )
        except ValidationError:
            continue
        day += datetime.timedelta(days=step)
    phases = list(case.phases.order_by("started_on", "id"))
    assert [p.ended_on for p in phases[:-1]] == [p.started_on for p in phases[1:]]
    assert phases[-1].ended_on is None
    assert all(services.transition_allowed(a.phase, b.phase) for a, b in itertools.pairwise(phases))
    case.refresh_from_db()
    assert case.phase == phases[-1].phase
    Case.objects.filter(pk=case.pk).delete()
