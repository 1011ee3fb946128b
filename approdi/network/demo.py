"""The seed's network as data (`manage.py load_demo`). Idempotent: a second run changes nothing.

Built through the real services where they exist. No personal names of real staff: only
organisations, offices and public service contacts from the seed. The people are fictional.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from approdi.accounts.models import Organisation, OrganisationKind, User
from approdi.accounts.roles import Role
from approdi.accounts.services import user_create
from approdi.core.models import CodeListEntry
from approdi.people.models import Person
from approdi.people.services import person_create

from .models import NetworkActor, ProjectPeriod, Protocol

DEMO_PASSWORD = "approdi-demo"  # noqa: S105  (documented demo credential)

TERRITORIES = [
    ("como", "Como", "Como"),
    ("milano", "Milano", "Milan"),
    ("monza_brianza", "Monza Brianza", "Monza Brianza"),
    ("sondrio", "Sondrio", "Sondrio"),
    ("varese", "Varese", "Varese"),
]

LEAD = ("comune-milano", "Comune di Milano – Ufficio Filtro", ["milano"])
PARTNERS = [
    ("associazione-lule", "Associazione LULE Onlus", ["milano"]),
    ("ceas", "CeAS Centro Ambrosiano di Solidarietà", ["milano"]),
    ("comunita-progetto", "Cooperativa Sociale Comunità Progetto", ["milano"]),
    ("farsi-prossimo", "Cooperativa Sociale Farsi Prossimo", ["milano"]),
    ("la-grande-casa", "Cooperativa Sociale La Grande Casa", ["milano"]),
    (
        "lotta-emarginazione",
        "Cooperativa Sociale Lotta contro l'Emarginazione",
        ["como", "monza_brianza", "sondrio", "varese"],
    ),
    ("cooperativa-lule", "Cooperativa Sociale LULE", ["milano"]),
    ("fondazione-somaschi", "Fondazione Somaschi Onlus", ["milano"]),
]

FUNDER = "Dipartimento per le Pari Opportunità – Presidenza del Consiglio dei Ministri"
PERIODS = [
    ("Derive e Approdi 2017–2019", datetime.date(2017, 12, 1), datetime.date(2019, 2, 28)),
    ("Derive e Approdi 2019", datetime.date(2019, 3, 1), datetime.date(2020, 5, 31)),
]


@dataclass(frozen=True)
class Actor:
    slug: str
    name: str
    kind: str
    territory: str = ""
    contact: str = ""


ACTORS = [
    Actor(
        "regione-lombardia-famiglia",
        "Regione Lombardia – DG Politiche per la famiglia, genitorialità e pari opportunità",
        "region",
    ),
    Actor(
        "regione-lombardia-reddito-autonomia",
        "Regione Lombardia – DG Reddito di autonomia e inclusione sociale",
        "region",
    ),
    Actor("regione-piemonte-coesione", "Regione Piemonte – Direzione Coesione sociale", "region"),
    Actor(
        "citta-metropolitana-milano",
        "Città Metropolitana di Milano (134 Comuni, 18 Piani di Zona)",
        "local_authority",
        "milano",
    ),
    Actor("prefettura-milano", "Prefettura di Milano", "prefecture", "milano"),
    Actor(
        "questura-milano-immigrazione",
        "Questura di Milano – Ufficio Immigrazione",
        "police_headquarters",
        "milano",
    ),
    Actor(
        "questura-milano-squadra-mobile",
        "Questura di Milano – Squadra Mobile",
        "police_headquarters",
        "milano",
    ),
    Actor(
        "carabinieri-milano",
        "Comando Provinciale dei Carabinieri di Milano",
        "carabinieri",
        "milano",
    ),
    Actor(
        "guardia-finanza-milano",
        "Comando Provinciale della Guardia di Finanza di Milano",
        "financial_police",
        "milano",
    ),
    Actor("polizia-locale-milano", "Polizia Locale di Milano", "local_police", "milano"),
    Actor(
        "commissione-territoriale-milano",
        "Commissione territoriale per il riconoscimento della protezione internazionale di Milano",
        "territorial_commission",
        "milano",
    ),
    Actor(
        "ats-milano-assi",
        "ATS Città Metropolitana di Milano – Dipartimento ASSI",
        "health_authority",
        "milano",
    ),
    Actor(
        "svsed-policlinico",
        "SVSeD Soccorso Violenza Sessuale e Domestica – Fondazione IRCCS "
        "Ca' Granda Ospedale Maggiore Policlinico",
        "health_service",
        "milano",
    ),
    Actor(
        "niguarda-etnopsichiatria",
        "ASST Grande Ospedale Metropolitano Niguarda – Psichiatria 3 – Etnopsichiatria",
        "health_service",
        "milano",
    ),
    Actor("cooperativa-crinali", "Cooperativa Sociale Crinali", "health_service", "milano"),
    Actor("fondazione-san-carlo", "Fondazione San Carlo onlus", "third_sector", "milano"),
    Actor(
        "cpia-3-5",
        "CPIA 3 e 5 (Rozzano – Sud Milano, Nord Est Milano e Milano)",
        "adult_education",
        "milano",
    ),
    Actor(
        "oim", "OIM – Organizzazione Internazionale per le Migrazioni", "international_organisation"
    ),
    Actor("cgil", "CGIL", "union"),
    Actor("cisl", "CISL", "union"),
    Actor("uil", "UIL", "union"),
    Actor(
        "lule-lombardia-2",
        "Progetto Lombardia 2 (Bergamo, Brescia, Cremona, Lecco, Lodi, "
        "Mantova, Pavia) – ente proponente LULE Cooperativa Sociale",
        "anti_trafficking_project",
    ),
    Actor(
        "numero-verde-antitratta",
        "Numero Verde Nazionale Antitratta",
        "helpline",
        "",
        "800 290 290 (h24); da Lyca Mobile 342 7754946",
    ),
    Actor(
        "ufficio-filtro-tratta",
        "Ufficio Filtro Tratta – Comune di Milano",
        "local_authority",
        "milano",
        "pss.filtrotratta@comune.milano.it",
    ),
]

PROTOCOLS = [
    (
        "Protocollo d'intesa con la Prefettura di Milano",
        "Analisi, prevenzione e contrasto della tratta ai fini dello sfruttamento e "
        "dell'intermediazione illecita della manodopera nei luoghi di lavoro, esteso alla tratta "
        "ai fini dello sfruttamento della prostituzione; protezione delle vittime.",
        ["prefettura-milano"],
    ),
    (
        "Protocollo d'intesa con la Commissione territoriale di Milano",
        "Coordinamento delle attività istituzionali a favore della popolazione immigrata "
        "(richiedenti asilo e vittime di tratta), art. 10 D.Lgs. 24/2014.",
        ["commissione-territoriale-milano"],
    ),
    (
        "Governance con Regione Lombardia e Città Metropolitana",
        "Azioni di governance condivise sull'inclusione lavorativa e l'occupabilità e rapporti "
        "con il sistema sanitario per l'accesso ai servizi sanitari e socio-sanitari integrati.",
        ["regione-lombardia-reddito-autonomia", "citta-metropolitana-milano"],
    ),
]

# Fictional people: two for each partner, so that scoping can be seen at work.
DEMO_GIVEN = ["Ada", "Blessing", "Mira", "Ioana", "Grace", "Lamin", "Nadia", "Esther"]
DEMO_FAMILY = ["Esempio", "Prova", "Demo", "Finzione"]
DEMO_GENDERS = ["woman", "woman", "man", "trans"]
DEMO_NATIONALITIES = ["NG", "RO", "AL", "CN", "MA", "GM", "BR", "PE"]

PARTNER_ROLE_USERS = [
    ("manager", [Role.ORG_MANAGER]),
    ("worker", [Role.CASE_WORKER]),
    ("outreach", [Role.OUTREACH_WORKER]),
    ("legal", [Role.LEGAL_ADVISOR]),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, organisation, roles) of every demo user, for printing."""
    rows = [
        ("coord", LEAD[0], Role.COORDINATOR.value),
        ("monitor", LEAD[0], Role.MONITORING.value),
        ("dpo", LEAD[0], Role.AUDITOR.value),
        ("admin", LEAD[0], Role.ADMIN.value),
    ]
    for slug, _name, _territories in PARTNERS:
        for prefix, roles in PARTNER_ROLE_USERS:
            rows.append((f"{prefix}.{slug}", slug, ",".join(r.value for r in roles)))
    return rows


def demo_person_code(partner_index: int, number: int) -> str:
    return f"MI-2019-{partner_index * 10 + number:04d}"


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever is missing; returns how many rows of each kind were created."""
    created = {
        "codes": 0,
        "organisations": 0,
        "users": 0,
        "periods": 0,
        "actors": 0,
        "protocols": 0,
        "people": 0,
    }
    for order, (code, label_it, label_en) in enumerate(TERRITORIES, start=1):
        _entry, made = CodeListEntry.objects.get_or_create(
            list_name="territory",
            code=code,
            defaults={"label_it": label_it, "label_en": label_en, "order": order * 10},
        )
        created["codes"] += made

    organisations: dict[str, Organisation] = {}
    for (slug, name, territories), kind in [(LEAD, OrganisationKind.LEAD)] + [
        (p, OrganisationKind.PARTNER) for p in PARTNERS
    ]:
        org, made = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "territories": territories}
        )
        organisations[slug] = org
        created["organisations"] += made

    # The demo password is hashed once for every demo user (hashing is slow on purpose).
    demo_hash = ""
    for username, org_slug, roles in demo_logins():
        if not User.objects.filter(username=username).exists():
            user = user_create(
                acting_user=None,
                username=username,
                password=None,
                organisation=organisations[org_slug],
                roles=roles.split(","),
            )
            demo_hash = demo_hash or make_password(DEMO_PASSWORD)
            User.objects.filter(pk=user.pk).update(password=demo_hash)
            created["users"] += 1

    for name, start, end in PERIODS:
        _period, made = ProjectPeriod.objects.get_or_create(
            name=name, defaults={"funder": FUNDER, "start": start, "end": end}
        )
        created["periods"] += made

    actors: dict[str, NetworkActor] = {}
    for actor in ACTORS:
        obj, made = NetworkActor.objects.get_or_create(
            slug=actor.slug,
            defaults={
                "name": actor.name,
                "kind": actor.kind,
                "territory": actor.territory,
                "contact_channel": actor.contact,
            },
        )
        actors[actor.slug] = obj
        created["actors"] += made

    for title, subject, parties in PROTOCOLS:
        protocol, made = Protocol.objects.get_or_create(title=title, defaults={"subject": subject})
        if made:
            protocol.parties.set([actors[p] for p in parties])
        created["protocols"] += made

    for index, (slug, _name, _territories) in enumerate(PARTNERS, start=1):
        for number in (1, 2):
            code = demo_person_code(index, number)
            if Person.objects.filter(code=code).exists():
                continue
            k = index * 2 + number
            person_create(
                acting_user=None,
                code=code,
                organisation=organisations[slug],
                gender=DEMO_GENDERS[k % len(DEMO_GENDERS)],
                birth_year=1985 + k,
                nationality=DEMO_NATIONALITIES[k % len(DEMO_NATIONALITIES)],
                identity={
                    "given_names": DEMO_GIVEN[k % len(DEMO_GIVEN)],
                    "family_name": DEMO_FAMILY[k % len(DEMO_FAMILY)],
                    "birth_date": datetime.date(1985 + k, 1 + k % 12, 1 + k % 28),
                    "phone": f"+39 000 000 {k:04d}",
                },
            )
            created["people"] += 1

    from approdi.cases import demo as cases_demo  # the cases app builds on this data

    slugs = [slug for slug, _name, _territories in PARTNERS]
    created["cases"] = cases_demo.load(
        slugs,
        {slug: [demo_person_code(i, 1), demo_person_code(i, 2)] for i, slug in enumerate(slugs, 1)},
    )
    return created
