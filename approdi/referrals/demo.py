"""Demo referrals and assessments (`load_demo`). Deterministic and idempotent: a second
run creates nothing.

(a) The coordination office's queue today: a few open referrals of synthetic people
    (`SG-Q-…`), one in immediate danger, two with a preliminary assessment.
(b) The seed's history (Derive e Approdi, 1 Dec 2017 – 28 Feb 2019): exactly 553 people
    referred by organisations (every source but self, street unit and private citizen).
    People whose case was opened in the period (from the cases demo) get an accepted
    referral on or before the opening; synthetic people (`SG-H-…`, no names) make up the
    rest, declined, redirected or withdrawn. Plus self and street-unit referrals (`SG-S-…`,
    not counted) and a second period, 1 Mar 2019 – 31 May 2020 (`SG-P-…`).

History rows are bulk-inserted (no access-log rows: nobody did them in Approdi).
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from approdi.accounts.models import Organisation, OrganisationKind, User
from approdi.cases.models import Case
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.screening.services import assessment_create

from . import services
from .choices import NON_INSTITUTIONAL_SOURCES, ReferralStatus, SourceKind, Urgency
from .models import Referral, ReferralEvent

PERIOD = (datetime.date(2017, 12, 1), datetime.date(2019, 2, 28))
SECOND_PERIOD = (datetime.date(2019, 3, 1), datetime.date(2020, 5, 31))
REFERRED_BY_ORGANISATIONS = 553  # seed: "persone segnalate da enti"
SECOND_PERIOD_PEOPLE = 420
STREET_AND_SELF_PEOPLE = 60

# Source mix of referrals by organisations, per 20 (seed: CAS, territorial commissions,
# other projects, police, national helpline).
SOURCES = (
    [SourceKind.CAS] * 6
    + [SourceKind.TERRITORIAL_COMMISSION] * 4
    + [SourceKind.POLICE] * 2
    + [SourceKind.NATIONAL_HELPLINE] * 2
    + [SourceKind.OTHER_ANTI_TRAFFICKING_PROJECT] * 2
    + [
        SourceKind.SOCIAL_SERVICES,
        SourceKind.SAI,
        SourceKind.PROSECUTOR,
        SourceKind.HEALTH_SERVICES,
    ]
)
URGENCIES = [Urgency.ORDINARY] * 6 + [Urgency.URGENT] * 3 + [Urgency.IMMEDIATE_DANGER]
FORMS = [["sexual"]] * 6 + [["labour"], ["labour"], ["begging"], ["sexual", "forced_criminality"]]
GENDERS = ["woman"] * 17 + ["man", "man", "trans"]
NATIONALITIES = ["NG"] * 8 + [
    "RO",
    "AL",
    "CN",
    "MA",
    "BR",
    "CI",
    "GH",
    "SN",
    "PK",
    "BD",
    "UA",
    "PE",
]
OUTCOMES = [
    (ReferralStatus.REDIRECTED, "Bisogni di protezione internazionale", "SAI del Comune di Milano"),
    (ReferralStatus.DECLINED, "Nessun indicatore di tratta o grave sfruttamento", ""),
    (ReferralStatus.REDIRECTED, "Violenza domestica", "Centro antiviolenza"),
    (ReferralStatus.DECLINED, "La persona non ha accettato il colloquio", ""),
    (ReferralStatus.WITHDRAWN, "Persona non più reperibile", ""),
    (ReferralStatus.REDIRECTED, "Sfruttata in altra regione", "Progetto antitratta della Regione"),
    (ReferralStatus.REDIRECTED, "Grave marginalità", "Servizi sociali territoriali"),
    (ReferralStatus.DECLINED, "Già in carico a un altro progetto", ""),
    (ReferralStatus.WITHDRAWN, "Segnalazione ritirata dall'ente inviante", ""),
    (ReferralStatus.REDIRECTED, "Minore straniera non accompagnata", "Servizio minori del Comune"),
]


def counted_people(start: datetime.date, end: datetime.date) -> QuerySet[Referral]:
    """The referrals that count as "people referred by organisations" in a period."""
    return Referral.objects.filter(referred_on__range=(start, end)).exclude(
        source_kind__in=NON_INSTITUTIONAL_SOURCES
    )


def people_referred_by_organisations(start: datetime.date, end: datetime.date) -> int:
    return counted_people(start, end).values("person").distinct().count()


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _day_in(period: tuple[datetime.date, datetime.date], index: int, total: int) -> datetime.date:
    span = (period[1] - period[0]).days
    return period[0] + datetime.timedelta(days=(index * span) // max(total, 1))


def _people(prefix: str, count: int, start: int, lead: Organisation, year: int) -> list[Person]:
    rows = []
    for i in range(start, start + count):
        rows.append(
            Person(
                code=f"{prefix}-{i:04d}",
                organisation=lead,
                gender=GENDERS[i % len(GENDERS)],
                birth_year=year - 19 - (i * 7) % 22,
                nationality=NATIONALITIES[(i * 3) % len(NATIONALITIES)],
            )
        )
    return Person.objects.bulk_create(rows)


def _insert(referrals: list[Referral]) -> int:
    """Bulk-insert referrals with their history (received, then the decision)."""
    made = Referral.objects.bulk_create(referrals)
    events = []
    for r in made:
        events.append(ReferralEvent(referral=r, from_status="", to_status=ReferralStatus.RECEIVED))
        if r.status != ReferralStatus.RECEIVED:
            events.append(
                ReferralEvent(referral=r, from_status=ReferralStatus.RECEIVED, to_status=r.status)
            )
    ReferralEvent.objects.bulk_create(events)
    ReferralEvent.objects.filter(referral__in=made).update(at=_at(PERIOD[0]))
    return len(made)


def _synthetic(
    person: Person, index: int, day: datetime.date, source: str, lead: Organisation
) -> Referral:
    status, reason, service = OUTCOMES[index % len(OUTCOMES)]
    return Referral(
        referred_on=day,
        source_kind=source,
        person=person,
        presumed_exploitation=FORMS[index % len(FORMS)],
        urgency=URGENCIES[index % len(URGENCIES)],
        status=status,
        organisation=lead,
        decided_at=_at(day + datetime.timedelta(days=1 + index % 12)),
        decision_reason=reason,
        receiving_service=service,
        created_at=_at(day, 9),
        updated_at=_at(day, 9),
    )


def _history(lead: Organisation) -> dict[str, int]:
    made = {"referrals_accepted_history": 0, "referrals_history": 0}
    start, end = PERIOD
    # People taken in during the period: an accepted referral on or before the opening.
    counted = counted_people(start, end).values("person_id")
    cases = (
        Case.objects.filter(opened_on__range=(start, end))
        .exclude(person_id__in=counted)
        .select_related("person")
        .order_by("opened_on", "id")
    )
    accepted: list[Referral] = []
    seen: set[int] = set()
    for index, case in enumerate(cases):
        if case.person_id in seen:
            continue
        seen.add(case.person_id)
        day = max(start, case.opened_on - datetime.timedelta(days=index % 15))
        accepted.append(
            Referral(
                referred_on=day,
                source_kind=SOURCES[index % len(SOURCES)],
                person=case.person,
                presumed_exploitation=FORMS[index % len(FORMS)],
                urgency=URGENCIES[(index + 3) % len(URGENCIES)],
                status=ReferralStatus.ACCEPTED,
                organisation=lead,
                assigned_organisation_id=case.organisation_id,
                case=case,
                decided_at=_at(case.opened_on, 12),
                created_at=_at(day, 9),
                updated_at=_at(case.opened_on, 12),
            )
        )
    made["referrals_accepted_history"] = _insert(accepted)

    # Synthetic people up to the seed's figure.
    missing = REFERRED_BY_ORGANISATIONS - people_referred_by_organisations(start, end)
    if missing > 0:
        first = Person.objects.filter(code__startswith="SG-H-").count() + 1
        people = _people("SG-H", missing, first, lead, 2018)
        rows = [
            _synthetic(
                person,
                first + n,
                _day_in(PERIOD, n, missing),
                SOURCES[(first + n) % len(SOURCES)],
                lead,
            )
            for n, person in enumerate(people)
        ]
        made["referrals_history"] += _insert(rows)

    # Self-referrals and street units: not counted as referred by organisations.
    if not Person.objects.filter(code__startswith="SG-S-").exists():
        people = _people("SG-S", STREET_AND_SELF_PEOPLE, 1, lead, 2018)
        rows = [
            _synthetic(
                person,
                n,
                _day_in(PERIOD, n, STREET_AND_SELF_PEOPLE),
                [SourceKind.STREET_UNIT, SourceKind.SELF, SourceKind.PRIVATE_CITIZEN][n % 3],
                lead,
            )
            for n, person in enumerate(people)
        ]
        made["referrals_history"] += _insert(rows)

    # The second period.
    if not Person.objects.filter(code__startswith="SG-P-").exists():
        people = _people("SG-P", SECOND_PERIOD_PEOPLE, 1, lead, 2019)
        rows = [
            _synthetic(
                person,
                n,
                _day_in(SECOND_PERIOD, n, SECOND_PERIOD_PEOPLE),
                SOURCES[n % len(SOURCES)] if n % 7 else SourceKind.STREET_UNIT,
                lead,
            )
            for n, person in enumerate(people)
        ]
        made["referrals_history"] += _insert(rows)
    return made


# The queue today: (code, days ago, source, urgency, danger reported at intake, forms)
QUEUE = [
    ("SG-Q-0001", 1, SourceKind.NATIONAL_HELPLINE, Urgency.IMMEDIATE_DANGER, True, ["sexual"]),
    ("SG-Q-0002", 6, SourceKind.CAS, Urgency.URGENT, False, ["sexual"]),
    ("SG-Q-0003", 3, SourceKind.TERRITORIAL_COMMISSION, Urgency.ORDINARY, False, ["labour"]),
    ("SG-Q-0004", 12, SourceKind.POLICE, Urgency.URGENT, False, ["begging"]),
    ("SG-Q-0005", 9, SourceKind.LABOUR_INSPECTORATE, Urgency.ORDINARY, False, ["labour"]),
    # A demo person of CeAS, referred by its own street unit.
    ("MI-2019-0022", 2, SourceKind.STREET_UNIT, Urgency.ORDINARY, False, ["sexual"]),
]


def _queue(lead: Organisation) -> dict[str, int]:
    made = {"referrals_open": 0, "assessments": 0}
    coordinator = User.objects.filter(username="coord").first()
    manager = User.objects.filter(username="manager.ceas").first()
    if coordinator is None:
        return made
    today = timezone.localdate()
    for index, (code, days_ago, source, urgency, danger, forms) in enumerate(QUEUE):
        if Referral.objects.filter(person__code=code, referred_on__gt=SECOND_PERIOD[1]).exists():
            continue
        # The last one is recorded by a partner's street unit, the others by the office.
        by = coordinator
        if code.startswith("MI-"):
            if manager is None or not Person.objects.filter(code=code).exists():
                continue
            by = manager
        assert by.organisation is not None
        if not Person.objects.filter(code=code).exists():
            person_create(
                acting_user=by,
                code=code,
                organisation=by.organisation,
                gender=GENDERS[index * 5 % len(GENDERS)],
                birth_year=today.year - 20 - index,
                nationality=NATIONALITIES[index * 2 % len(NATIONALITIES)],
            )
        referral = services.referral_create(
            acting_user=by,
            referred_on=today - datetime.timedelta(days=days_ago),
            source_kind=source,
            person_code=code,
            urgency=urgency,
            danger_reported=danger,
            presumed_exploitation=forms,
        )
        made["referrals_open"] += 1
        if code == "SG-Q-0002":
            services.referral_start_review(acting_user=coordinator, referral=referral)
            assessment_create(
                acting_user=coordinator,
                person=referral.person,
                referral=referral,
                assessed_on=today - datetime.timedelta(days=4),
                kind="preliminary",
                exploitation_forms=forms,
                conclusion="presumed_victim",
                language="inglese",
                answers={
                    "deceived_job_nature": "yes",
                    "deceived_travel": "yes",
                    "no_or_low_pay": "yes",
                    "forced_tasks_clients": "yes",
                    "debt_bondage": "yes",
                    "threats_at_destination": "yes",
                    "documents_confiscated": "unknown",
                },
            )
            made["assessments"] += 1
        if code == "SG-Q-0003":
            assessment_create(
                acting_user=coordinator,
                person=referral.person,
                referral=referral,
                assessed_on=today - datetime.timedelta(days=1),
                kind="preliminary",
                exploitation_forms=forms,
                conclusion="at_risk",
                labour_sector="A",
                answers={"excessive_hours": "yes", "no_social_protection": "yes"},
            )
            made["assessments"] += 1
    return made


@transaction.atomic
def load() -> dict[str, int]:
    lead = Organisation.objects.filter(kind=OrganisationKind.LEAD).order_by("id").first()
    if lead is None:
        return {"referrals_open": 0, "assessments": 0, "referrals_history": 0}
    made = _queue(lead)
    made.update(_history(lead))
    return made
