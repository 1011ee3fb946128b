"""Demo governance records for the seed's network: the four kinds of table with their
meetings, decisions and action items, training events and operational protocols.

Deterministic and idempotent: every record is looked up by a natural key first, so a
second run creates nothing. Written through plain model calls inside `load_demo`'s
transaction (the services check the acting user's role; the loader has no user).
Dates of the open action items are relative to the day of the first load, so the demo
always has something due this week and something overdue.
"""

import datetime

from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.network.models import NetworkActor, Protocol, ProtocolKind, ProtocolStatus
from approdi.people.models import Person

from .choices import AttendanceStatus
from .models import ActionItem, Attendance, Decision, Meeting, Table, TrainingEvent

LEAD = "comune-milano"
# The seed names "Comune + 5 enti dell'area emersione" without listing them: these five run
# street units and drop-in services in the demo.
EMERSIONE = [
    "associazione-lule",
    "cooperativa-lule",
    "lotta-emarginazione",
    "fondazione-somaschi",
    "farsi-prossimo",
]
ALL_PARTNERS = [
    "associazione-lule",
    "ceas",
    "comunita-progetto",
    "farsi-prossimo",
    "la-grande-casa",
    "lotta-emarginazione",
    "cooperativa-lule",
    "fondazione-somaschi",
]

TABLES = [
    # name, kind, members, months between meetings, mandate, actors
    (
        "Tavolo emersione",
        "emersione",
        EMERSIONE,
        2,
        "Monitorare il fenomeno e individuare strumenti condivisi di rilevazione dati.",
        ["numero-verde-antitratta"],
    ),
    (
        "Tavolo tecnico di coordinamento",
        "technical_coordination",
        ALL_PARTNERS,
        1,
        "Verifica e programmazione: un referente per ogni ente attuatore e il Comune di Milano.",
        ["prefettura-milano", "commissione-territoriale-milano"],
    ),
    (
        "Sottogruppo sfruttamento lavorativo",
        "working_group",
        ["ceas", "lotta-emarginazione", "farsi-prossimo"],
        3,
        "Strumenti di aggancio e invio per lo sfruttamento lavorativo, con sindacati e "
        "ispettorato.",
        ["cgil", "cisl", "uil"],
    ),
    (
        "Sottogruppo accoglienze",
        "working_group",
        ["associazione-lule", "comunita-progetto", "la-grande-casa", "fondazione-somaschi"],
        3,
        "Criteri condivisi di inserimento nelle strutture e passaggi tra le fasi.",
        [],
    ),
    (
        "Sottogruppo formazione",
        "working_group",
        ["cooperativa-lule", "farsi-prossimo"],
        None,
        "Formazione degli operatori dei CAS con la Prefettura di Milano.",
        ["prefettura-milano"],
    ),
    (
        "Sottogruppo rete antitratta e rete antiviolenza",
        "working_group",
        ["associazione-lule", "la-grande-casa"],
        None,
        "Confronto e formazione reciproca tra rete anti tratta e rete anti maltrattamento.",
        ["cooperativa-crinali"],
    ),
    (
        "Équipe multiagenzia MI-2019-0021",
        "multi_agency_team",
        ["ceas", "associazione-lule"],
        None,
        "Percorso condiviso tra più soggetti della rete, coordinato dall'Ufficio Filtro.",
        ["questura-milano-immigrazione"],
    ),
]

TRAININGS = [
    # date, kind, title, organisers, actors, audience, participants
    (
        datetime.date(2019, 5, 16),
        "training_cas_staff",
        "Riconoscere gli indicatori di tratta nei CAS",
        ["comune-milano", "cooperativa-lule"],
        ["prefettura-milano"],
        "Operatori dei CAS della provincia di Milano",
        64,
    ),
    (
        datetime.date(2019, 11, 7),
        "training_cas_staff",
        "Invio dei casi dai CAS alla rete antitratta",
        ["comune-milano", "farsi-prossimo"],
        ["prefettura-milano"],
        "Coordinatori dei CAS",
        38,
    ),
    (
        datetime.date(2019, 10, 3),
        "mutual_training_networks",
        "Tratta e violenza di genere: due reti a confronto",
        ["associazione-lule", "la-grande-casa"],
        ["cooperativa-crinali"],
        "Operatrici delle reti antitratta e antiviolenza",
        45,
    ),
    (
        datetime.date(2019, 6, 20),
        "community_awareness",
        "Serata di sensibilizzazione nel quartiere",
        ["lotta-emarginazione"],
        [],
        "Cittadinanza",
        120,
    ),
]

PROTOCOLS = [
    # title, status, signed on, valid until, organisations, actors, tables
    (
        "Protocollo operativo con i CAS per l'invio dei casi",
        ProtocolStatus.SIGNED,
        datetime.date(2019, 11, 15),
        datetime.date(2021, 11, 14),
        ["comune-milano", "cooperativa-lule", "farsi-prossimo"],
        ["prefettura-milano"],
        ["Tavolo tecnico di coordinamento", "Sottogruppo formazione"],
    ),
    (
        "Protocollo operativo con i servizi per minori stranieri non accompagnati",
        ProtocolStatus.DRAFT,
        None,
        None,
        ["comune-milano", "ceas", "la-grande-casa"],
        [],
        ["Tavolo tecnico di coordinamento", "Sottogruppo accoglienze"],
    ),
    (
        "Protocollo operativo con i servizi di bassa soglia e grave emarginazione",
        ProtocolStatus.DRAFT,
        None,
        None,
        ["comune-milano", *EMERSIONE],
        [],
        ["Tavolo emersione"],
    ),
]


def _meeting_dates(
    start: datetime.date, end: datetime.date, months: int, skip: set[int]
) -> list[datetime.date]:
    """Every `months` months from `start` (the 10th of the month), leaving out some."""
    dates: list[datetime.date] = []
    index = 0
    year, month = start.year, start.month
    while True:
        day = datetime.date(year, month, 10)
        if day > end:
            return dates
        if index not in skip:
            dates.append(day)
        index += 1
        month += months
        while month > 12:
            month -= 12
            year += 1


def load() -> dict[str, int]:
    created = {"tables": 0, "meetings": 0, "trainings": 0, "governance_protocols": 0}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    actors = {a.slug: a for a in NetworkActor.objects.all()}
    lead = organisations[LEAD]
    coord = User.objects.get(username="coord")
    tables: dict[str, Table] = {}

    for name, kind, members, frequency, mandate, actor_slugs in TABLES:
        table = Table.objects.filter(name=name).first()
        if table is None:
            table = Table.objects.create(
                name=name, kind=kind, chair=lead, frequency_months=frequency, mandate=mandate
            )
            table.member_organisations.set([lead, *(organisations[s] for s in members)])
            table.actors.set([actors[s] for s in actor_slugs if s in actors])
            created["tables"] += 1
        tables[name] = table

    # The 2019–2020 period: most planned meetings held, a few missed.
    period = (datetime.date(2019, 3, 1), datetime.date(2020, 5, 31))
    history = [
        ("Tavolo tecnico di coordinamento", 1, {4, 9}),
        ("Tavolo emersione", 2, {5}),
        ("Sottogruppo sfruttamento lavorativo", 3, set()),
        ("Sottogruppo accoglienze", 3, {1}),
    ]
    for table_name, months, skip in history:
        table = tables[table_name]
        if table.meetings.exists():
            continue
        for number, day in enumerate(_meeting_dates(*period, months, skip), start=1):
            meeting = Meeting.objects.create(
                table=table,
                date=day,
                place="Casa dei Diritti, via De Amicis 10, Milano",
                agenda="Aggiornamento sui casi e sui dati del periodo; programmazione.",
                minutes="Il tavolo ha esaminato i dati del periodo e le attività in corso.",
                recorded_by=coord,
            )
            created["meetings"] += 1
            for member in table.member_organisations.all():
                status = AttendanceStatus.PRESENT
                if (member.pk + number) % 7 == 0:
                    status = AttendanceStatus.EXCUSED
                Attendance.objects.create(meeting=meeting, organisation=member, status=status)
            Decision.objects.create(
                meeting=meeting, text="Approvato il calendario delle attività del periodo."
            )

    _recent_meeting(tables, coord, organisations, created)
    _trainings(organisations, actors, coord, created)
    _protocols(organisations, actors, tables, created)
    return created


def _recent_meeting(
    tables: dict[str, Table],
    coord: User,
    organisations: dict[str, Organisation],
    created: dict[str, int],
) -> None:
    """A technical table and a multi-agency team met recently, with open action items."""
    today = timezone.localdate()
    technical = tables["Tavolo tecnico di coordinamento"]
    team = tables["Équipe multiagenzia MI-2019-0021"]
    if team.meetings.exists():
        return
    meeting = Meeting.objects.create(
        table=technical,
        date=today - datetime.timedelta(days=12),
        place="Casa dei Diritti, Milano",
        agenda="1. Posti disponibili. 2. Formazione CAS. 3. Dati per il tavolo emersione.",
        minutes="Il tavolo ha fatto il punto sui posti liberi e sul calendario formativo.",
        recorded_by=coord,
    )
    for member in technical.member_organisations.all():
        Attendance.objects.create(meeting=meeting, organisation=member, status="present")
    Decision.objects.create(meeting=meeting, text="Aggiornare ogni lunedì la tabella dei posti.")
    owners = [
        ("manager.ceas", 3, "Inviare il calendario della formazione per i CAS."),
        ("manager.associazione-lule", -2, "Raccogliere i dati delle uscite del bimestre."),
        ("worker.ceas", 10, "Preparare la scheda di sintesi per il tavolo emersione."),
    ]
    for username, days, description in owners:
        owner = User.objects.filter(username=username).first()
        if owner is not None:
            ActionItem.objects.create(
                meeting=meeting,
                description=description,
                owner=owner,
                due_date=today + datetime.timedelta(days=days),
            )
    created["meetings"] += 1

    team_meeting = Meeting.objects.create(
        table=team,
        date=today - datetime.timedelta(days=5),
        agenda="Verifica del progetto individualizzato.",
        minutes="Condiviso il passaggio alla seconda accoglienza; documenti in corso.",
        recorded_by=coord,
    )
    case = Person.objects.filter(code="MI-2019-0021").first()
    if case is not None:
        team_meeting.cases_discussed.set([case])
    for slug in ("comune-milano", "ceas", "associazione-lule"):
        Attendance.objects.create(
            meeting=team_meeting, organisation=organisations[slug], status="present"
        )
    worker = User.objects.filter(username="worker.ceas").first()
    if worker is not None:
        ActionItem.objects.create(
            meeting=team_meeting,
            description="Fissare l'appuntamento in Questura per il permesso.",
            owner=worker,
            due_date=today + datetime.timedelta(days=2),
        )
    created["meetings"] += 1


def _trainings(
    organisations: dict[str, Organisation],
    actors: dict[str, NetworkActor],
    coord: User,
    created: dict[str, int],
) -> None:
    for date, kind, title, organisers, actor_slugs, audience, participants in TRAININGS:
        if TrainingEvent.objects.filter(title=title, date=date).exists():
            continue
        event = TrainingEvent.objects.create(
            date=date,
            kind=kind,
            title=title,
            audience=audience,
            participants=participants,
            recorded_by=coord,
        )
        event.organisers.set([organisations[s] for s in organisers])
        event.partner_actors.set([actors[s] for s in actor_slugs if s in actors])
        created["trainings"] += 1


def _protocols(
    organisations: dict[str, Organisation],
    actors: dict[str, NetworkActor],
    tables: dict[str, Table],
    created: dict[str, int],
) -> None:
    for title, status, signed_on, valid_until, orgs, actor_slugs, table_names in PROTOCOLS:
        if Protocol.objects.filter(title=title).exists():
            continue
        protocol = Protocol.objects.create(
            title=title,
            kind=ProtocolKind.OPERATIONAL,
            status=status,
            signed_on=signed_on,
            valid_until=valid_until,
        )
        protocol.organisations.set([organisations[s] for s in orgs])
        protocol.parties.set([actors[s] for s in actor_slugs if s in actors])
        for name in table_names:
            tables[name].protocols.add(protocol)
        created["governance_protocols"] += 1
