"""Demo outreach history of the seed's partners over both project periods (`load_demo`).

Outings with their anonymous contact tallies, drop-in accesses and phone contacts, from
1 December 2017 to 31 May 2020. Anonymous head-counts need no service logic, so they are
written with `bulk_create` (thousands of rows in a fraction of a second); each record has
an idempotency key derived from its position, and a second run finds every key already
stored and creates nothing.

The totals of each period are fixed and spread over the records: for 1 Dec 2017 – 28 Feb
2019 they are the seed's (street unit contacts 3575, indoor contacts 1667, low-threshold
accesses 484). Nothing stores a total: every figure is a sum of the records.
"""

import datetime
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

from approdi.accounts.models import Organisation, User

from .models import ContactTally, DropInAccess, Outing, PhoneContact, ServiceGiven

NAMESPACE = uuid.UUID("6f1d3c52-8a4e-4a57-9a0e-2f5b7d9c1e01")


@dataclass(frozen=True)
class PeriodTotals:
    key: str
    start: datetime.date
    end: datetime.date
    street: int  # sum of the tallies of outings of kind street
    indoor: int  # the same for kind indoor
    accesses: int  # drop-in accesses
    phone_contacts: int


PERIOD_TOTALS = [
    # The seed's "DATI DEL PROGETTO" (1/12/2017 – 28/02/2019).
    PeriodTotals(
        "p1", datetime.date(2017, 12, 1), datetime.date(2019, 2, 28), 3575, 1667, 484, 140
    ),
    # The seed's own project period (1/3/2019 – 31/5/2020): not in the seed, plausible.
    PeriodTotals("p2", datetime.date(2019, 3, 1), datetime.date(2020, 5, 31), 3812, 1705, 517, 166),
]

# (organisation, territory, {outing kind: days between outings}, areas)
TEAMS = [
    (
        "associazione-lule",
        "milano",
        {"street": 7, "indoor": 5},
        ["Viale Monza", "Via Novara", "Stazione Centrale"],
    ),
    (
        "cooperativa-lule",
        "milano",
        {"street": 7, "labour_site": 14},
        ["Via Ripamonti", "Parco Lambro"],
    ),
    (
        "lotta-emarginazione",
        "como",
        {"street": 7, "begging": 14},
        ["Via Borgovico", "Stazione San Giovanni"],
    ),
    (
        "lotta-emarginazione",
        "monza_brianza",
        {"street": 7, "indoor": 5},
        ["Viale Lombardia", "Lissone"],
    ),
    ("lotta-emarginazione", "sondrio", {"street": 14}, ["Tangenziale", "Morbegno"]),
    (
        "lotta-emarginazione",
        "varese",
        {"street": 7, "roma_camp": 21},
        ["Viale Belforte", "Gallarate"],
    ),
    ("ceas", "milano", {"begging": 10, "roma_camp": 21}, ["Piazza Duomo", "Via Chiesa Rossa"]),
]
DROPINS = [
    ("farsi-prossimo", "milano", "Sportello di ascolto Via Sammartini", 5),
    ("associazione-lule", "milano", "Drop-in Via Novara", 3),
    ("lotta-emarginazione", "varese", "Sportello Varese", 2),
]
SETTING_OF_KIND = {
    "street": "street_prostitution",
    "indoor": "indoor_prostitution",
    "begging": "begging",
    "roma_camp": "begging",
    "labour_site": "agriculture",
}
# Who is met, by kind of outing (weights repeat a value).
GENDERS_OF_KIND = {
    "street": ["woman"] * 8 + ["trans"] * 2 + ["man"],
    "indoor": ["woman"] * 9 + ["trans"] * 2,
    "begging": ["woman"] * 3 + ["man"] * 3,
    "roma_camp": ["woman"] * 3 + ["man"] * 2,
    "labour_site": ["man"] * 6 + ["woman"],
}
NATIONALITIES_OF_KIND = {
    "street": ["NG", "NG", "NG", "RO", "RO", "AL", "BG", "GH", "BR"],
    "indoor": ["CN", "CN", "RO", "BR", "CO", "PE", "UA", "NG"],
    "begging": ["RO", "RO", "BG", "NG", ""],
    "roma_camp": ["RO", "RO", "BA", "RS", ""],
    "labour_site": ["PK", "BD", "IN", "SN", "MA", "EG", ""],
}
AGE_BANDS = ["", "18_25", "18_25", "26_35", "26_35", "36_45", "46_plus", "under_18"]
NATIONALITIES = ["NG", "NG", "RO", "RO", "AL", "BR", "CN", "MA", "BG", "GH"]
LANGUAGES = ["en", "pcm", "ro", "sq", "pt", "zh", "ar", "it"]
DROPIN_SERVICES = ["listening", "health_orientation", "legal_orientation", "documents_orientation"]


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


def apportion(total: int, weights: Sequence[float], minimum: int = 1) -> list[int]:
    """`total` split over `weights` (largest remainder), each part at least `minimum`."""
    spare = total - minimum * len(weights)
    if spare < 0:
        raise ValueError("total too small for the parts")
    whole = sum(weights)
    shares = [spare * w / whole for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - shares[i], i))
    for i in order[: spare - sum(parts)]:
        parts[i] += 1
    return [minimum + p for p in parts]


def _dates(
    start: datetime.date, end: datetime.date, every: int, offset: int
) -> list[datetime.date]:
    days = (end - start).days + 1
    return [start + datetime.timedelta(days=d) for d in range(offset % every, days, every)]


@dataclass
class _PlannedOuting:
    outing: Outing
    count: int


def _plan_outings(
    period: PeriodTotals, users: dict[str, tuple[User, Organisation]], rng: random.Random
) -> list[_PlannedOuting]:
    planned: list[_PlannedOuting] = []
    for team_index, (slug, territory, kinds, areas) in enumerate(TEAMS):
        if slug not in users:
            continue
        user, organisation = users[slug]
        for kind, every in kinds.items():
            for n, day in enumerate(_dates(period.start, period.end, every, team_index * 2)):
                night = kind in {"street", "indoor"} and n % 4 != 0
                outing = Outing(
                    organisation=organisation,
                    idempotency_key=_key(period.key, "outing", slug, territory, kind, n),
                    territory=territory,
                    date=day,
                    shift="night" if night else "day",
                    kind=kind,
                    area=areas[n % len(areas)],
                    team_size=2 + n % 2,
                    duration_minutes=120 + 30 * (n % 3),
                    created_by=user,
                )
                planned.append(_PlannedOuting(outing, 0))
    # Contacts: the period's totals spread over its street and indoor outings; the other
    # kinds meet a few people each.
    for kind, total in (("street", period.street), ("indoor", period.indoor)):
        of_kind = [p for p in planned if p.outing.kind == kind]
        weights = [
            0.5 + rng.random() * (1.3 if p.outing.shift == "night" else 0.7) for p in of_kind
        ]
        for item, count in zip(of_kind, apportion(total, weights), strict=True):
            item.count = count
    for item in planned:
        if item.count == 0:
            item.count = rng.randint(1, 7)
    return planned


def _tallies(outing: Outing, count: int, rng: random.Random) -> list[ContactTally]:
    """Split `count` contacts into a few tallies of people sharing the same traits."""
    parts = apportion(count, [rng.random() + 0.2 for _ in range(min(count, rng.randint(1, 4)))])
    return [
        ContactTally(
            outing=outing,
            gender=rng.choice(GENDERS_OF_KIND[outing.kind]),
            status="new" if rng.random() < 0.35 else "known",
            count=part,
            nationality=rng.choice(NATIONALITIES_OF_KIND[outing.kind]),
            age_band=rng.choice(AGE_BANDS),
            setting=SETTING_OF_KIND[outing.kind],
        )
        for part in parts
    ]


def _outing_services(outing: Outing, count: int, rng: random.Random) -> list[ServiceGiven]:
    rows = [ServiceGiven(outing=outing, service="information", quantity=max(1, count // 2))]
    if outing.kind in {"street", "indoor"}:
        rows.append(
            ServiceGiven(
                outing=outing,
                service="prevention_material",
                material="condoms",
                quantity=count * rng.randint(4, 10),
            )
        )
        rows.append(
            ServiceGiven(
                outing=outing,
                service="prevention_material",
                material="leaflets",
                quantity=rng.randint(2, 15),
            )
        )
    if rng.random() < 0.2:
        rows.append(ServiceGiven(outing=outing, service="health_orientation", quantity=1))
    return rows


R = TypeVar("R", Outing, DropInAccess, PhoneContact)


def _new_only(model: type[R], rows: list[R]) -> list[R]:
    """The rows whose (organisation, idempotency key) is not stored yet."""
    keys = {row.idempotency_key for row in rows}
    stored = set(
        model._default_manager.filter(idempotency_key__in=keys).values_list(
            "organisation_id", "idempotency_key"
        )
    )
    return [r for r in rows if (r.organisation_id, r.idempotency_key) not in stored]


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever is missing; returns how many records of each kind were created."""
    created = {"outings": 0, "contact_tallies": 0, "dropin_accesses": 0, "phone_contacts": 0}
    users: dict[str, tuple[User, Organisation]] = {
        u.organisation.slug: (u, u.organisation)
        for u in User.objects.filter(username__startswith="outreach.").select_related(
            "organisation"
        )
        if u.organisation
    }
    for period in PERIOD_TOTALS:
        # One generator per period and kind of record: the same draws on every run.
        rng = random.Random(f"outreach-{period.key}")
        planned = _plan_outings(period, users, rng)
        counts = {id(p.outing): p.count for p in planned}
        new = _new_only(Outing, [p.outing for p in planned])
        Outing.objects.bulk_create(new)
        tallies: list[ContactTally] = []
        services: list[ServiceGiven] = []
        for outing in new:
            tallies.extend(_tallies(outing, counts[id(outing)], rng))
            services.extend(_outing_services(outing, counts[id(outing)], rng))
        ContactTally.objects.bulk_create(tallies)
        ServiceGiven.objects.bulk_create(services)
        created["outings"] += len(new)
        created["contact_tallies"] += len(tallies)

        rng = random.Random(f"dropin-{period.key}")
        accesses: list[DropInAccess] = []
        days = (period.end - period.start).days + 1
        weights = [w for *_rest, w in DROPINS]
        for (slug, territory, place, _w), number in zip(
            DROPINS, apportion(period.accesses, weights), strict=True
        ):
            if slug not in users:
                continue
            user, organisation = users[slug]
            for n in range(number):
                accesses.append(
                    DropInAccess(
                        organisation=organisation,
                        idempotency_key=_key(period.key, "dropin", slug, place, n),
                        territory=territory,
                        date=period.start + datetime.timedelta(days=n * days // number),
                        place=place,
                        gender=rng.choice(["woman", "woman", "woman", "trans", "man"]),
                        nationality=rng.choice(NATIONALITIES),
                        status="new" if rng.random() < 0.3 else "known",
                        language=rng.choice(LANGUAGES),
                        mediator_present=n % 2 == 0,
                        created_by=user,
                    )
                )
        new_accesses = _new_only(DropInAccess, accesses)
        DropInAccess.objects.bulk_create(new_accesses)
        ServiceGiven.objects.bulk_create(
            [
                ServiceGiven(access=access, service=rng.choice(DROPIN_SERVICES), quantity=1)
                for access in new_accesses
            ]
        )
        created["dropin_accesses"] += len(new_accesses)

        if "fondazione-somaschi" in users:
            somaschi, somaschi_organisation = users["fondazione-somaschi"]
            rng = random.Random(f"phone-{period.key}")
            calls = [
                PhoneContact(
                    organisation=somaschi_organisation,
                    idempotency_key=_key(period.key, "phone", n),
                    territory=rng.choice(["milano"] * 6 + ["como", "monza_brianza", "varese"]),
                    date=period.start + datetime.timedelta(days=n * days // period.phone_contacts),
                    line="h24_on_call" if n % 3 else "service_phone",
                    caller=rng.choice(
                        [
                            "potential_victim",
                            "potential_victim",
                            "police",
                            "national_helpline",
                            "private_citizen",
                            "reception_centre",
                            "social_services",
                        ]
                    ),
                    gender=rng.choice(["woman", "woman", "man", ""]),
                    nationality=rng.choice([*NATIONALITIES, ""]),
                    language=rng.choice(LANGUAGES),
                    duration_minutes=5 + n % 25,
                    created_by=somaschi,
                )
                for n in range(period.phone_contacts)
            ]
            new_calls = _new_only(PhoneContact, calls)
            PhoneContact.objects.bulk_create(new_calls)
            created["phone_contacts"] += len(new_calls)
    return created
