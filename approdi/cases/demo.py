"""Demo cases (`load_demo`): the demo people's, and the history of the two project periods.

Idempotent: a person with a case is skipped, and a stored history is not planned again.

Each partner's two people get a case assigned to the partner's demo case worker
(`worker.<slug>`): the first residential (emergency, then first reception, with an
activity, a permit and a proceeding), the second territorial. Dates are counted back
from the day of loading, so that the deadline pages have something to show.
"""

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from approdi.accounts.models import User
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.shelters.models import Bed, Placement

from . import services
from .choices import CasePath, EventKind, PermitKind, PermitStatus, Phase, Programme
from .models import Activity, Case, CaseEvent, LegalProceeding, Permit, VoluntaryReturn


@transaction.atomic
def load(partner_slugs: list[str], person_codes: dict[str, list[str]]) -> int:
    """Open the demo cases that are missing; returns how many were opened."""
    today = timezone.localdate()
    opened = 0
    for slug in partner_slugs:
        worker = User.objects.filter(username=f"worker.{slug}").first()
        if worker is None:
            continue
        for number, code in enumerate(person_codes[slug], start=1):
            person = Person.objects.select_related("organisation").get(code=code)
            if Case.objects.filter(person=person).exists():
                continue
            if number == 1:
                _residential(person, worker, today)
            else:
                _territorial(person, worker, today)
            opened += 1
    return opened


def _residential(person: Person, worker: User, today: datetime.date) -> None:
    start = today - datetime.timedelta(days=70)
    case = services.case_open(
        acting_user=None,
        person=person,
        organisation=person.organisation,
        case_worker=worker,
        opened_on=start,
        programme=Programme.ART13,
        path=CasePath.SOCIAL,
        first_phase=Phase.EMERGENCY,
        territory="milano",
        opened_from="referral",
        reflection_started_on=start,
    )
    services.case_move_phase(
        acting_user=worker,
        case=case,
        phase=Phase.FIRST_RECEPTION,
        started_on=start + datetime.timedelta(days=20),
        reason="Posto disponibile in prima accoglienza.",
    )
    services.activity_add(
        acting_user=worker,
        case=case,
        kind="interview",
        date=start + datetime.timedelta(days=1),
        duration_minutes=60,
        provider=person.organisation.name,
        outcome="Primo colloquio",
    )
    services.permit_add(
        acting_user=worker,
        case=case,
        kind=PermitKind.ART18_SPECIAL_CASES,
        proposer="social_services",
        status=PermitStatus.ISSUED,
        questura="Milano",
        applied_on=start + datetime.timedelta(days=10),
        issued_on=start + datetime.timedelta(days=40),
        expires_on=start + datetime.timedelta(days=40) + datetime.timedelta(days=182),
    )
    services.proceeding_add(
        acting_user=worker,
        case=case,
        kind="criminal",
        role="injured_party",
        stage="investigation",
        complaint_on=start + datetime.timedelta(days=5),
        prosecutor_office="Procura di Milano",
    )
    services.goal_add(
        acting_user=worker,
        case=case,
        description="Corso di italiano A2",
        target_on=today + datetime.timedelta(days=60),
    )


def _territorial(person: Person, worker: User, today: datetime.date) -> None:
    start = today - datetime.timedelta(days=30)
    case = services.case_open(
        acting_user=None,
        person=person,
        organisation=person.organisation,
        case_worker=worker,
        opened_on=start,
        programme=Programme.ART18,
        path=CasePath.SOCIAL,
        first_phase=Phase.TERRITORIAL,
        territory="milano",
        opened_from="assessment",
    )
    services.activity_add(
        acting_user=worker,
        case=case,
        kind="job_orientation",
        date=start + datetime.timedelta(days=3),
        duration_minutes=90,
    )


# --- The history of the two project periods ----------------------------------------------
#
# Fictional people (pseudonymous codes, no identity) with a case each, in four cohorts:
# cases carried over from before the first project period, cases opened in 1 Dec 2017 –
# 28 Feb 2019 (together the seed's 179 people in reception: 160 women, 17 men, 2 trans),
# cases opened in 1 Mar 2019 – 31 May 2020, and a few current cases whose permits fall
# due around today. Everything is planned in memory first (phases, beds, exits), then
# written through the services: the people, the cases case by case, then every placement
# in date order, so that a bed is only given when it is free.

P1_START, P1_END = datetime.date(2017, 12, 1), datetime.date(2019, 2, 28)
P2_START, P2_END = datetime.date(2019, 3, 1), datetime.date(2020, 5, 31)
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Cohort:
    key: str
    first: datetime.date  # opening dates spread over [first, last]
    last: datetime.date
    women: int
    men: int
    trans: int


# The seed's reception area for 1 Dec 2017 – 28 Feb 2019: 160 women, 17 men, 2 trans.
COHORTS = [
    Cohort("carried", datetime.date(2017, 9, 4), datetime.date(2017, 11, 27), 19, 0, 0),
    Cohort("p1", P1_START, P1_END, 141, 17, 2),
    Cohort("p2", P2_START, datetime.date(2020, 5, 15), 36, 6, 2),
]
CURRENT_WOMEN, CURRENT_MEN = 10, 2

QUESTURA = {
    "milano": "Milano",
    "como": "Como",
    "monza_brianza": "Monza",
    "sondrio": "Sondrio",
    "varese": "Varese",
}
PREFIX = {"milano": "MI", "como": "CO", "monza_brianza": "MB", "sondrio": "SO", "varese": "VA"}
TERRITORY_WEIGHTS = [
    ("milano", 62),
    ("monza_brianza", 12),
    ("como", 10),
    ("varese", 10),
    ("sondrio", 6),
]
MILANO_PARTNERS = [
    "associazione-lule",
    "ceas",
    "comunita-progetto",
    "farsi-prossimo",
    "la-grande-casa",
    "cooperativa-lule",
    "fondazione-somaschi",
]
NATIONALITIES = {
    "woman": ["NG"] * 6 + ["RO", "RO", "AL", "CN", "MA", "CI", "GH", "UA", "BR"],
    "man": ["PK", "BD", "IN", "SN", "MA", "EG", "RO", "NG"],
    "trans": ["BR", "PE", "CO"],
}
# Residential pathways (phases in order; skips allowed) and days spent in each phase.
PATHWAYS = [
    (Phase.EMERGENCY, Phase.FIRST_RECEPTION, Phase.SECOND_RECEPTION, Phase.AUTONOMY),
    (Phase.EMERGENCY, Phase.FIRST_RECEPTION, Phase.SECOND_RECEPTION, Phase.AUTONOMY),
    (Phase.EMERGENCY, Phase.FIRST_RECEPTION, Phase.SECOND_RECEPTION),
    (Phase.EMERGENCY, Phase.SECOND_RECEPTION, Phase.AUTONOMY),
    (Phase.FIRST_RECEPTION, Phase.SECOND_RECEPTION, Phase.AUTONOMY),
    (Phase.EMERGENCY, Phase.FIRST_RECEPTION),
]
DAYS_IN: dict[str, tuple[int, int]] = {
    Phase.EMERGENCY: (10, 45),
    Phase.FIRST_RECEPTION: (60, 150),
    Phase.SECOND_RECEPTION: (90, 240),
    Phase.AUTONOMY: (60, 180),
    Phase.TERRITORIAL: (120, 420),
}
EARLY_EXITS = [
    "voluntary_drop_out",
    "lost_contact",
    "returned_to_exploitation",
    "interrupted_for_conduct",
    "assisted_return",
    "transferred_to_other_project",
    "referred_to_asylum_system",
]
# Outcome: (housing, employment, permit status) at exit.
EXIT_SITUATION = {
    "autonomy_achieved": ("own_rental", "permanent", "valid"),
    "transferred_to_other_project": ("other_project", "training", "valid"),
    "referred_to_asylum_system": ("other_project", "unemployed", "pending"),
    "assisted_return": ("unknown", "unknown", "none"),
    "voluntary_drop_out": ("unknown", "unknown", "unknown"),
    "interrupted_for_conduct": ("none", "unemployed", "pending"),
    "returned_to_exploitation": ("unknown", "unknown", "unknown"),
    "lost_contact": ("unknown", "unknown", "unknown"),
    "funding_ended": ("shared", "internship", "valid"),
}
REFERRED_ON = {"transferred_to_other_project", "referred_to_asylum_system"}
ACTIVITIES_BY_PHASE = {
    Phase.EMERGENCY: ["health_accompaniment", "cultural_mediation", "registry_and_health_card"],
    Phase.FIRST_RECEPTION: ["legal_consultation", "psychological_support", "italian_course"],
    Phase.SECOND_RECEPTION: ["vocational_training", "job_orientation", "ethnopsychiatry"],
    Phase.AUTONOMY: ["internship", "work_grant", "housing_search", "employment_contract"],
    Phase.TERRITORIAL: ["job_orientation", "legal_consultation", "italian_course", "other"],
}
# Structure kinds that take a person of a gender in a phase.
KINDS_FOR: dict[tuple[str, str], tuple[str, ...]] = {
    ("woman", Phase.EMERGENCY): ("emergency_women", "emergency_places_women"),
    ("woman", Phase.FIRST_RECEPTION): ("shelter_women",),
    ("woman", Phase.SECOND_RECEPTION): ("shelter_women",),
    ("woman", Phase.AUTONOMY): ("autonomy_flat",),
    ("man", Phase.EMERGENCY): ("dormitory_men", "shelter_men"),
    ("man", Phase.FIRST_RECEPTION): ("shelter_men",),
    ("man", Phase.SECOND_RECEPTION): ("shelter_men",),
    ("man", Phase.AUTONOMY): ("autonomy_flat",),
}


@dataclass
class CasePlan:
    code: str
    organisation: str
    territory: str
    gender: str
    birth_year: int
    nationality: str
    opened_on: datetime.date
    programme: str
    path: str
    # (phase, first day, bed pk or None); each phase lasts until the next one starts.
    phases: list[tuple[str, datetime.date, int | None]] = field(default_factory=list)
    exit_on: datetime.date | None = None
    outcome: str = ""
    permit_expires_on: datetime.date | None = None


@dataclass
class _Bed:
    pk: int
    kind: str
    phases: tuple[str, ...]
    territory: str
    name: str
    label: str
    # Reserved [start, end) periods and who holds them.
    taken: list[tuple[datetime.date, datetime.date, str]] = field(default_factory=list)

    def free(self, start: datetime.date, end: datetime.date, holder: str) -> bool:
        return all(e <= start or end <= s for s, e, h in self.taken if h != holder)


FAR = datetime.date(9999, 12, 31)


class _BedPlanner:
    """Which bed each stay gets: free for the stay and one night more (no same-day swaps)."""

    def __init__(self, reserved_from: datetime.date, reserved_beds: set[int]) -> None:
        # Only the beds: the plan must not depend on what is stored (a second run plans the
        # same history, finds it stored and creates nothing).
        self.beds: list[_Bed] = [
            _Bed(
                b.pk,
                b.structure.kind,
                tuple(b.structure.phases),
                b.structure.territory,
                b.structure.name,
                b.label,
            )
            for b in Bed.objects.select_related("structure").order_by("structure__name", "label")
        ]
        for bed in self.beds:
            if bed.pk in reserved_beds:
                bed.taken.append((reserved_from, FAR, "current demo placement"))

    def find(
        self,
        *,
        holder: str,
        gender: str,
        phase: str,
        start: datetime.date,
        end: datetime.date,
        territory: str,
        previous: int | None,
        turn: int,
    ) -> int | None:
        kinds = KINDS_FOR.get((gender, phase), ())
        fits = [b for b in self.beds if b.kind in kinds and phase in b.phases]
        last = end + ONE_DAY if end != FAR else FAR
        for bed in fits:
            if bed.pk == previous and bed.free(start, last, holder):
                return self._take(bed, start, last, holder)
        local = [b for b in fits if b.territory == territory]
        others = [b for b in fits if b.territory != territory]
        for group in (local, others):
            if not group:
                continue
            shift = turn % len(group)
            for bed in group[shift:] + group[:shift]:
                if bed.free(start, last, holder):
                    return self._take(bed, start, last, holder)
        return None

    @staticmethod
    def _take(bed: _Bed, start: datetime.date, end: datetime.date, holder: str) -> int:
        bed.taken.append((start, end, holder))
        return bed.pk


def _spread(first: datetime.date, last: datetime.date, n: int, i: int) -> datetime.date:
    return first + datetime.timedelta(days=((last - first).days * i) // max(n - 1, 1))


def _days(rng: random.Random, phase: str) -> datetime.timedelta:
    low, high = DAYS_IN[phase]
    return datetime.timedelta(days=rng.randint(low, high))


def plan_history(today: datetime.date, planner: _BedPlanner) -> list[CasePlan]:
    """Every case of the history, with its phases, beds and exit (no database writes)."""
    rng = random.Random("approdi-history")
    territories = [t for t, w in TERRITORY_WEIGHTS for _ in range(w)]
    sequence: dict[tuple[str, int], int] = {}
    plans: list[CasePlan] = []
    early = 0

    def new_plan(gender: str, opened: datetime.date, territory: str) -> CasePlan:
        key = (PREFIX[territory], opened.year)
        sequence[key] = sequence.get(key, 100) + 1
        if territory == "milano":
            organisation = MILANO_PARTNERS[len(plans) % len(MILANO_PARTNERS)]
        else:
            organisation = "lotta-emarginazione"
        age = rng.randint(19, 44) if gender != "man" else rng.randint(20, 52)
        return CasePlan(
            code=f"{key[0]}-{key[1]}-{sequence[key]:04d}",
            organisation=organisation,
            territory=territory,
            gender=gender,
            birth_year=opened.year - age,
            nationality=rng.choice(NATIONALITIES[gender]),
            opened_on=opened,
            programme=Programme.ART18,
            path=CasePath.JUDICIAL if rng.random() < 0.3 else CasePath.SOCIAL,
        )

    for cohort in COHORTS:
        genders = ["woman"] * cohort.women + ["man"] * cohort.men + ["trans"] * cohort.trans
        # Men and trans people spread over the cohort rather than all at its end.
        genders.sort(key=lambda g: rng.random())
        for i, gender in enumerate(genders):
            opened = _spread(cohort.first, cohort.last, len(genders), i)
            territory = rng.choice(territories)
            plan = new_plan(gender, opened, territory)
            residential = gender != "trans" and rng.random() < (0.7 if gender == "woman" else 0.5)
            territorial_days = _days(rng, Phase.TERRITORIAL)
            day = opened
            if residential:
                # Cases carried over from before the period last into it.
                carried = cohort.key == "carried"
                pathway = list(rng.choice(PATHWAYS[:2] if carried else PATHWAYS))
                stop = len(pathway)
                outcome = "autonomy_achieved" if pathway[-1] == Phase.AUTONOMY else ""
                if (rng.random() < 0.35 and not carried) or not outcome:
                    stop = rng.randint(1, len(pathway))
                    outcome = EARLY_EXITS[early % len(EARLY_EXITS)]
                    early += 1
                stays = [(phase, _days(rng, phase)) for phase in pathway[:stop]]
                if stays[0][0] == Phase.EMERGENCY:
                    plan.programme = Programme.ART13
                previous: int | None = None
                for phase, length in stays:
                    end = day + length
                    bed = planner.find(
                        holder=plan.code,
                        gender=gender,
                        phase=phase,
                        start=day,
                        end=end,
                        territory=territory,
                        previous=previous,
                        turn=len(plans),
                    )
                    if bed is None:  # no bed free: supported where the person lives
                        plan.phases.append((Phase.TERRITORIAL, day, None))
                        day += territorial_days
                        break
                    plan.phases.append((phase, day, bed))
                    previous = bed
                    day = end
            else:
                plan.phases.append((Phase.TERRITORIAL, day, None))
                day += territorial_days
                outcome = "autonomy_achieved" if rng.random() < 0.5 else EARLY_EXITS[early % 7]
                early += outcome != "autonomy_achieved"
            plan.outcome = outcome or "autonomy_achieved"
            plan.exit_on = day
            if cohort.key == "p2" and day > P2_END and i % 3 == 0:
                last_start = plan.phases[-1][1]
                if last_start < P2_END:
                    plan.exit_on, plan.outcome = P2_END, "funding_ended"
            plans.append(plan)
    # Current cases: still active, permits falling due around today.
    due_in = [-12, 6, 18, 29, 41, 55, 62, 90, 120, 150, -40, 10]
    for i in range(CURRENT_WOMEN + CURRENT_MEN):
        gender = "woman" if i < CURRENT_WOMEN else "man"
        opened = today - datetime.timedelta(days=330 - i * 25)
        plan = new_plan(gender, opened, "milano" if i % 3 else rng.choice(territories))
        if gender == "woman" and i % 2 == 0:
            plan.programme = Programme.ART13 if i >= 8 else Programme.ART18
            for phase, start in (
                (Phase.EMERGENCY, opened),
                (Phase.FIRST_RECEPTION, opened + datetime.timedelta(days=25)),
            ):
                if phase == Phase.FIRST_RECEPTION and start >= today:
                    break
                bed = planner.find(
                    holder=plan.code,
                    gender=gender,
                    phase=phase,
                    start=start,
                    end=FAR if phase == Phase.FIRST_RECEPTION else start + datetime.timedelta(25),
                    territory=plan.territory,
                    previous=None,
                    turn=i,
                )
                plan.phases.append((phase if bed else Phase.TERRITORIAL, start, bed))
                if bed is None:
                    break
        else:
            plan.phases.append((Phase.TERRITORIAL, opened, None))
        plan.permit_expires_on = today + datetime.timedelta(days=due_in[i])
        plans.append(plan)
    return plans


class _Records:
    """Case records written in bulk (with their timeline rows) once every case is open.

    Activities, permits, proceedings and returns need no logic beyond their fields (the
    services that open, move and close the cases, and place the people, do the rest).
    """

    def __init__(self) -> None:
        self.rows: dict[type[Any], list[Any]] = {
            Activity: [],
            Permit: [],
            LegalProceeding: [],
            VoluntaryReturn: [],
            CaseEvent: [],
        }

    def add(self, row: Any, case: Case, actor: User, kind: str, detail: str) -> None:
        row.full_clean(exclude=["case"])
        self.rows[type(row)].append(row)
        self.rows[CaseEvent].append(CaseEvent(case=case, actor=actor, kind=kind, detail=detail))

    def save(self) -> int:
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows)
        return sum(len(rows) for model, rows in self.rows.items() if model is not CaseEvent)


def _permit_and_records(
    plan: CasePlan,
    case: Case,
    worker: User,
    rng: random.Random,
    today: datetime.date,
    records: _Records,
) -> None:
    end = plan.exit_on or today

    def activity(kind: str, day: datetime.date, minutes: int, **extra: str) -> None:
        row = Activity(
            case=case, kind=kind, date=day, duration_minutes=minutes, author=worker, **extra
        )
        records.add(row, case, worker, EventKind.ACTIVITY, kind)

    activity(
        "interview",
        plan.opened_on,
        60,
        provider=case.organisation.name,
        outcome="Primo colloquio",
    )
    phase, start, _bed = plan.phases[-1]
    day = min(start + datetime.timedelta(days=7), end, today)
    activity(
        rng.choice(ACTIVITIES_BY_PHASE[Phase(phase)]),
        max(day, plan.opened_on),
        rng.choice([60, 90, 120, 180]),
    )
    permit: Permit | None = None
    if plan.permit_expires_on is not None:
        issued = plan.permit_expires_on - datetime.timedelta(days=182)
        permit = Permit(
            case=case,
            kind=PermitKind.ART18_SPECIAL_CASES,
            proposer="social_services",
            status=PermitStatus.ISSUED,
            questura="Milano",
            applied_on=min(issued - datetime.timedelta(days=45), today),
            issued_on=min(issued, today),
            expires_on=plan.permit_expires_on,
        )
    elif (end - plan.opened_on).days > 150 and plan.outcome != "assisted_return":
        applied = plan.opened_on + datetime.timedelta(days=30)
        issued = applied + datetime.timedelta(days=rng.randint(40, 90))
        converted = plan.outcome == "autonomy_achieved" and end > issued
        permit = Permit(
            case=case,
            kind=PermitKind.ART18_SPECIAL_CASES,
            proposer="prosecutor" if plan.path == CasePath.JUDICIAL else "social_services",
            status=PermitStatus.CONVERTED if converted else PermitStatus.ISSUED,
            converted_into=PermitKind.EMPLOYMENT if converted else "",
            questura=QUESTURA[plan.territory],
            applied_on=applied,
            issued_on=issued,
            expires_on=issued + datetime.timedelta(days=182),
        )
    if permit is not None:
        records.add(permit, case, worker, EventKind.PERMIT, f"{permit.kind}:{permit.status}")
    if plan.path == CasePath.JUDICIAL:
        stage = rng.choice(["complaint", "investigation", "trial", "judgment", "dismissed"])
        proceeding = LegalProceeding(
            case=case,
            kind="criminal",
            role="injured_party",
            stage=stage,
            complaint_on=min(plan.opened_on + datetime.timedelta(days=rng.randint(3, 40)), end),
            prosecutor_office="Procura di Milano",
        )
        records.add(proceeding, case, worker, EventKind.PROCEEDING, f"criminal:{stage}")
    if plan.outcome == "assisted_return" and plan.exit_on is not None:
        requested = max(plan.exit_on - datetime.timedelta(days=30), plan.opened_on)
        activity("assisted_voluntary_return", requested, 60, provider="OIM")
        back = VoluntaryReturn(
            case=case, requested_on=requested, departure_on=plan.exit_on, outcome="departed"
        )
        records.add(back, case, worker, EventKind.RETURN, "departed")


def _open_case(
    plan: CasePlan, person: Person, worker: User, today: datetime.date, records: _Records
) -> Case:
    rng = random.Random(plan.code)
    first_phase, opened, _bed = plan.phases[0]
    case = services.case_open(
        acting_user=worker,
        person=person,
        organisation=worker.organisation,  # type: ignore[arg-type]
        case_worker=worker,
        opened_on=opened,
        programme=plan.programme,
        path=plan.path,
        first_phase=first_phase,
        territory=plan.territory,
        opened_from="referral" if rng.random() < 0.85 else "assessment",
        reflection_started_on=opened if plan.programme == Programme.ART13 else None,
    )
    for phase, start, bed in plan.phases[1:]:
        services.case_move_phase(
            acting_user=worker,
            case=case,
            phase=phase,
            started_on=start,
            reason="Posto disponibile." if bed else "Nessun posto libero: sostegno territoriale.",
        )
    _permit_and_records(plan, case, worker, rng, today, records)
    if plan.exit_on is not None:
        housing, employment, permit_status = EXIT_SITUATION[plan.outcome]
        follow_up = plan.outcome == "autonomy_achieved" or plan.outcome in REFERRED_ON
        services.case_exit(
            acting_user=worker,
            case=case,
            exit_on=plan.exit_on,
            outcome=plan.outcome,
            housing=housing,
            employment=employment,
            permit_status=permit_status,
            follow_up=follow_up,
        )
        if plan.outcome == "autonomy_achieved":
            services.follow_up_add(
                acting_user=worker,
                case=case,
                contacted_on=plan.exit_on + datetime.timedelta(days=60),
            )
        if follow_up:
            services.case_close(
                acting_user=worker,
                case=case,
                closed_on=plan.exit_on + datetime.timedelta(days=120),
                referred=plan.outcome in REFERRED_ON,
            )
    return case


END_REASON = {
    "voluntary_drop_out": "voluntary_drop_out",
    "interrupted_for_conduct": "interrupted_for_conduct",
    "transferred_to_other_project": "transferred_to_other_project",
}


@transaction.atomic
def load_history() -> dict[str, int]:
    """Create the history's people, cases and placements that are missing."""
    from approdi.shelters import demo as shelters_demo
    from approdi.shelters.services import placement_create, placement_end, placement_move

    created = {
        "history_people": 0,
        "history_cases": 0,
        "history_records": 0,
        "history_placements": 0,
    }
    today = timezone.localdate()
    coordinator = User.objects.filter(username="coord").first()
    workers = {
        u.organisation.slug: u
        for u in User.objects.filter(username__startswith="worker.").select_related("organisation")
        if u.organisation
    }
    if coordinator is None or not workers:
        return created
    reserved = {
        bed.pk
        for _code, *stays in shelters_demo.PLACEMENTS
        for name, label in stays
        for bed in Bed.objects.filter(structure__name=name, label=label)
    }
    planner = _BedPlanner(today - datetime.timedelta(days=120), reserved)
    plans = plan_history(today, planner)
    # The codes of the two periods' people do not depend on the day of loading; once they
    # are stored the history is (the current cases' codes follow today's date).
    settled = [p.code for p in plans if p.opened_on <= P2_END]
    if Person.objects.filter(code__in=settled).exists():
        return created
    stored = set(
        Person.objects.filter(code__in=[p.code for p in plans]).values_list("code", flat=True)
    )
    plans = [p for p in plans if p.code not in stored]
    organisations = {
        w.organisation.slug: w.organisation for w in workers.values() if w.organisation
    }

    people: dict[str, Person] = {}
    records = _Records()
    for plan in plans:
        people[plan.code] = person_create(
            acting_user=None,
            code=plan.code,
            organisation=organisations[plan.organisation],
            gender=plan.gender,
            birth_year=plan.birth_year,
            nationality=plan.nationality,
        )
        _open_case(plan, people[plan.code], workers[plan.organisation], today, records)
        created["history_people"] += 1
        created["history_cases"] += 1
    created["history_records"] = records.save()

    # Placements in date order: a bed is given only once its previous guest has left.
    beds = {
        b.pk: b
        for b in Bed.objects.filter(pk__in=[pk for p in plans for *_x, pk in p.phases if pk])
    }
    events: list[tuple[datetime.date, int, CasePlan, int]] = []
    for n, plan in enumerate(plans):
        for index, (_phase, start, bed) in enumerate(plan.phases):
            if bed is not None or index > 0:
                events.append((start, n, plan, index))
        _phase, _start, last_bed = plan.phases[-1]
        if plan.exit_on is not None and last_bed is not None:
            events.append((plan.exit_on, n, plan, len(plan.phases)))
    events.sort(key=lambda e: (e[0], e[1], e[3]))
    current: dict[str, Placement] = {}
    for day, _n, plan, index in events:
        person = people[plan.code]
        held = current.get(plan.code)
        if index == len(plan.phases):  # the exit
            if held is not None:
                placement_end(
                    acting_user=coordinator,
                    placement=held,
                    end=day,
                    end_reason=END_REASON.get(plan.outcome, "exit"),
                )
                del current[plan.code]
            continue
        phase, _start, bed = plan.phases[index]
        if bed is None:  # now supported where the person lives
            if held is not None:
                placement_end(acting_user=coordinator, placement=held, end=day, end_reason="other")
                del current[plan.code]
            continue
        if held is None:
            current[plan.code] = placement_create(
                acting_user=coordinator, person=person, bed=beds[bed], start=day, phase=phase
            )
        else:
            current[plan.code] = placement_move(
                acting_user=coordinator, placement=held, bed=beds[bed], on=day, phase=phase
            )
        created["history_placements"] += 1
    return created
