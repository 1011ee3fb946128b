"""Demo outreach records for the seed's partners (`manage.py load_demo`).

Deterministic and idempotent: every record has an idempotency key derived from its
position, so a second run finds each one already stored and creates nothing. Built
through the real services, as the outreach workers' phones would.
"""

import datetime
import random
import uuid

from django.db import transaction

from approdi.accounts.models import User

from .services import (
    ServiceInput,
    TallyInput,
    dropin_access_create,
    outing_create,
    phone_contact_create,
)

NAMESPACE = uuid.UUID("6f1d3c52-8a4e-4a57-9a0e-2f5b7d9c1e01")
START = datetime.date(2019, 3, 1)
DAYS = 450  # to the end of May 2020

# (organisation, territory, outing kinds, areas)
TEAMS = [
    (
        "associazione-lule",
        "milano",
        ["street", "indoor"],
        ["Viale Monza", "Via Novara", "Stazione Centrale"],
    ),
    ("cooperativa-lule", "milano", ["street", "labour_site"], ["Via Ripamonti", "Parco Lambro"]),
    (
        "lotta-emarginazione",
        "como",
        ["street", "begging"],
        ["Via Borgovico", "Stazione San Giovanni"],
    ),
    ("lotta-emarginazione", "monza_brianza", ["street", "indoor"], ["Viale Lombardia", "Lissone"]),
    ("lotta-emarginazione", "sondrio", ["street"], ["Tangenziale", "Morbegno"]),
    ("lotta-emarginazione", "varese", ["street", "roma_camp"], ["Viale Belforte", "Gallarate"]),
    ("ceas", "milano", ["begging", "roma_camp"], ["Piazza Duomo", "Via Chiesa Rossa"]),
]
DROPINS = [
    ("farsi-prossimo", "milano", "Sportello di ascolto Via Sammartini"),
    ("associazione-lule", "milano", "Drop-in Via Novara"),
    ("lotta-emarginazione", "varese", "Sportello Varese"),
]
SETTING_OF_KIND = {
    "street": "street_prostitution",
    "indoor": "indoor_prostitution",
    "begging": "begging",
    "roma_camp": "begging",
    "labour_site": "agriculture",
}
NATIONALITIES = ["NG", "NG", "RO", "RO", "AL", "BR", "CN", "MA", "BG", "GH"]
LANGUAGES = ["en", "pcm", "ro", "sq", "pt", "zh", "ar", "it"]


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts))


@transaction.atomic
def load(outings_per_team: int = 24, accesses_per_dropin: int = 30) -> dict[str, int]:
    """Create whatever is missing; returns how many records of each kind were created."""
    created = {"outings": 0, "dropin_accesses": 0, "phone_contacts": 0}
    users = {
        u.organisation.slug: u
        for u in User.objects.filter(username__startswith="outreach.").select_related(
            "organisation"
        )
        if u.organisation
    }
    rng = random.Random(2019)
    for team_index, (slug, territory, kinds, areas) in enumerate(TEAMS):
        user = users.get(slug)
        if user is None or user.organisation is None:
            continue
        for n in range(outings_per_team):
            kind = kinds[n % len(kinds)]
            tallies = [
                TallyInput(
                    gender=rng.choice(["woman", "woman", "woman", "trans", "man"]),
                    status=status,
                    count=rng.randint(1, 9),
                    nationality=rng.choice(NATIONALITIES),
                    age_band=rng.choice(["", "18_25", "26_35", "36_45"]),
                    setting=SETTING_OF_KIND[kind],
                )
                for status in ("new", "known")
            ]
            _outing, made = outing_create(
                acting_user=user,
                organisation=user.organisation,
                idempotency_key=_key("outing", slug, territory, n),
                territory=territory,
                date=START + datetime.timedelta(days=(n * 19 + team_index * 7) % DAYS),
                shift="night" if n % 3 else "day",
                kind=kind,
                area=areas[n % len(areas)],
                team_size=2 + n % 2,
                duration_minutes=120 + 30 * (n % 3),
                tallies=tallies,
                services=[
                    ServiceInput(service="information", quantity=rng.randint(1, 8)),
                    ServiceInput(
                        service="prevention_material",
                        material="condoms",
                        quantity=rng.randint(10, 80),
                    ),
                    ServiceInput(
                        service="prevention_material",
                        material="leaflets",
                        quantity=rng.randint(2, 15),
                    ),
                ],
            )
            created["outings"] += made
    for slug, territory, place in DROPINS:
        user = users.get(slug)
        if user is None or user.organisation is None:
            continue
        for n in range(accesses_per_dropin):
            _access, made = dropin_access_create(
                acting_user=user,
                organisation=user.organisation,
                idempotency_key=_key("dropin", slug, place, n),
                territory=territory,
                date=START + datetime.timedelta(days=(n * 13) % DAYS),
                place=place,
                gender=rng.choice(["woman", "woman", "trans", "man"]),
                nationality=rng.choice(NATIONALITIES),
                status=rng.choice(["new", "known"]),
                language=rng.choice(LANGUAGES),
                mediator_present=n % 2 == 0,
                services=[
                    ServiceInput(
                        service=rng.choice(
                            [
                                "listening",
                                "health_orientation",
                                "legal_orientation",
                                "documents_orientation",
                            ]
                        ),
                        quantity=1,
                    )
                ],
            )
            created["dropin_accesses"] += made
    somaschi = users.get("fondazione-somaschi")
    if somaschi is not None and somaschi.organisation is not None:
        for n in range(20):
            _contact, made = phone_contact_create(
                acting_user=somaschi,
                organisation=somaschi.organisation,
                idempotency_key=_key("phone", n),
                territory="milano",
                date=START + datetime.timedelta(days=(n * 23) % DAYS),
                line="h24_on_call",
                caller=rng.choice(
                    ["potential_victim", "police", "national_helpline", "private_citizen"]
                ),
                language=rng.choice(LANGUAGES),
                duration_minutes=5 + n % 20,
            )
            created["phone_contacts"] += made
    return created
