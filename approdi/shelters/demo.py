"""The seed's residential capacity as data: 28 structures and 84 beds by kind, and some
placements of the demo people. Deterministic and idempotent (a second run changes nothing).

Built through the real services. Names and addresses are fictional.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person

from . import services
from .choices import Phase, TargetGender
from .models import Bed, Placement, Structure

OPENED = datetime.date(2019, 3, 1)  # the seed's project period starts


@dataclass(frozen=True)
class DemoStructure:
    name: str
    organisation: str
    territory: str
    kind: str
    target: str
    beds: int
    phases: tuple[str, ...]
    mothers: bool = False
    third_party: bool = False


E, F, S, A = Phase.EMERGENCY, Phase.FIRST_RECEPTION, Phase.SECOND_RECEPTION, Phase.AUTONOMY
W, M, ALL = TargetGender.WOMEN, TargetGender.MEN, TargetGender.ALL

# The seed's table: emergency women 3 / 6, shelters for women 16 / 52, shelters for men
# 2 / 7, autonomy flats 7 / 12, emergency places for women – / 5, men's dormitory – / 2.
STRUCTURES = [
    DemoStructure(
        "Pronto intervento Acero", "fondazione-somaschi", "milano", "emergency_women", W, 2, (E,)
    ),
    DemoStructure(
        "Pronto intervento Betulla",
        "fondazione-somaschi",
        "milano",
        "emergency_women",
        W,
        2,
        (E,),
        mothers=True,
    ),
    DemoStructure(
        "Pronto intervento Cedro", "lotta-emarginazione", "varese", "emergency_women", W, 2, (E,)
    ),
    DemoStructure("Casa Aurora", "associazione-lule", "milano", "shelter_women", W, 4, (F, S)),
    DemoStructure(
        "Casa Brezza", "associazione-lule", "milano", "shelter_women", W, 4, (F, S), mothers=True
    ),
    DemoStructure("Casa Corallo", "ceas", "milano", "shelter_women", W, 4, (F, S)),
    DemoStructure("Casa Duna", "ceas", "milano", "shelter_women", W, 4, (F,)),
    DemoStructure("Casa Edera", "comunita-progetto", "milano", "shelter_women", W, 3, (F, S)),
    DemoStructure(
        "Casa Felce", "comunita-progetto", "milano", "shelter_women", W, 3, (S,), mothers=True
    ),
    DemoStructure("Casa Glicine", "farsi-prossimo", "milano", "shelter_women", W, 3, (F, S)),
    DemoStructure("Casa Iris", "farsi-prossimo", "milano", "shelter_women", W, 3, (F, S)),
    DemoStructure(
        "Casa Lavanda", "la-grande-casa", "milano", "shelter_women", W, 3, (F, S), mothers=True
    ),
    DemoStructure(
        "Casa Magnolia", "la-grande-casa", "monza_brianza", "shelter_women", W, 3, (F, S)
    ),
    DemoStructure("Casa Ninfea", "lotta-emarginazione", "como", "shelter_women", W, 3, (F, S)),
    DemoStructure("Casa Oleandro", "lotta-emarginazione", "sondrio", "shelter_women", W, 3, (F, S)),
    DemoStructure("Casa Peonia", "lotta-emarginazione", "varese", "shelter_women", W, 3, (F, S)),
    DemoStructure("Casa Quercia", "cooperativa-lule", "milano", "shelter_women", W, 3, (F, S)),
    DemoStructure("Casa Rosa", "cooperativa-lule", "milano", "shelter_women", W, 3, (S,)),
    DemoStructure(
        "Casa Salvia", "fondazione-somaschi", "milano", "shelter_women", W, 3, (F, S), mothers=True
    ),
    DemoStructure("Casa Tiglio", "farsi-prossimo", "milano", "shelter_men", M, 4, (E, F, S)),
    DemoStructure("Casa Ulivo", "lotta-emarginazione", "varese", "shelter_men", M, 3, (E, F, S)),
    DemoStructure("Alloggio Vela", "associazione-lule", "milano", "autonomy_flat", ALL, 2, (A,)),
    DemoStructure("Alloggio Zefiro", "ceas", "milano", "autonomy_flat", ALL, 2, (A,)),
    DemoStructure("Alloggio Ancora", "comunita-progetto", "milano", "autonomy_flat", ALL, 2, (A,)),
    DemoStructure(
        "Alloggio Bussola", "la-grande-casa", "monza_brianza", "autonomy_flat", ALL, 2, (A,)
    ),
    DemoStructure("Alloggio Faro", "lotta-emarginazione", "como", "autonomy_flat", ALL, 2, (A,)),
    DemoStructure("Alloggio Gabbiano", "cooperativa-lule", "milano", "autonomy_flat", ALL, 1, (A,)),
    DemoStructure("Alloggio Molo", "fondazione-somaschi", "milano", "autonomy_flat", ALL, 1, (A,)),
    DemoStructure(
        "Posti in emergenza (convenzione)",
        "fondazione-somaschi",
        "milano",
        "emergency_places_women",
        W,
        5,
        (E,),
        third_party=True,
    ),
    DemoStructure(
        "Dormitorio Varese (posti riservati)",
        "lotta-emarginazione",
        "varese",
        "dormitory_men",
        M,
        2,
        (E,),
        third_party=True,
    ),
]


def demo_address(index: int) -> str:
    """A fictional address: secret all the same, so the demo shows how it is hidden."""
    return f"Via dell'Approdo {index + 1}, interno {index % 5 + 1} (indirizzo di prova)"


# Placements of the demo people: (person code, structure, bed, start, end, phase), and
# moves as (person code, structure, bed, on, phase). Chosen to fit genders and phases.
PLACEMENTS = [
    ("MI-2019-0012", "Pronto intervento Acero", "1", datetime.date(2019, 3, 4), None, E),
    ("MI-2019-0021", "Casa Corallo", "1", datetime.date(2019, 3, 11), None, F),
    ("MI-2019-0022", "Casa Tiglio", "1", datetime.date(2019, 4, 2), None, F),
    ("MI-2019-0031", "Alloggio Ancora", "1", datetime.date(2019, 4, 15), None, A),
    ("MI-2019-0041", "Pronto intervento Betulla", "1", datetime.date(2019, 5, 6), None, E),
    (
        "MI-2019-0052",
        "Casa Lavanda",
        "2",
        datetime.date(2019, 5, 20),
        datetime.date(2019, 9, 30),
        F,
    ),
    ("MI-2019-0061", "Casa Ninfea", "1", datetime.date(2019, 6, 3), None, F),
    ("MI-2019-0062", "Casa Ulivo", "1", datetime.date(2019, 6, 10), None, S),
    ("MI-2019-0071", "Alloggio Gabbiano", "1", datetime.date(2019, 9, 2), None, A),
    ("MI-2019-0072", "Casa Quercia", "3", datetime.date(2019, 7, 1), None, S),
    ("MI-2019-0081", "Casa Salvia", "2", datetime.date(2019, 7, 15), None, F),
]
MOVES = [
    ("MI-2019-0012", "Casa Salvia", "1", datetime.date(2019, 4, 20), F),
    ("MI-2019-0041", "Casa Brezza", "2", datetime.date(2019, 6, 17), F),
    ("MI-2019-0021", "Casa Corallo", "2", datetime.date(2019, 10, 1), S),
    ("MI-2019-0012", "Alloggio Molo", "1", datetime.date(2020, 2, 3), A),
]
ENDINGS = [("MI-2019-0062", datetime.date(2020, 1, 31), "exit")]


@transaction.atomic
def load() -> dict[str, int]:
    """Create whatever is missing; returns how many rows of each kind were created."""
    created = {"structures": 0, "beds": 0, "placements": 0}
    # The network's demo data (and its coordinator) comes first.
    coordinator = next(u for u in User.objects.order_by("pk") if Role.COORDINATOR in u.roles)
    organisations = {o.slug: o for o in Organisation.objects.all()}
    structures: dict[str, Structure] = {}
    for index, item in enumerate(STRUCTURES):
        structure = Structure.objects.filter(name=item.name).first()
        if structure is None:
            structure = services.structure_create(
                acting_user=coordinator,
                organisation=organisations[item.organisation],
                name=item.name,
                territory=item.territory,
                kind=item.kind,
                target_gender=item.target,
                mothers_with_children=item.mothers,
                phases=list(item.phases),
                third_party=item.third_party,
                active_from=OPENED,
                address=demo_address(index),
            )
            created["structures"] += 1
        structures[item.name] = structure
        existing = set(structure.beds.values_list("label", flat=True))
        for number in range(1, item.beds + 1):
            if str(number) not in existing:
                services.bed_create(
                    acting_user=coordinator,
                    structure=structure,
                    label=str(number),
                    active_from=OPENED,
                )
                created["beds"] += 1

    def bed(structure: str, label: str) -> Bed:
        return Bed.objects.get(structure=structures[structure], label=label)

    people = {p.code: p for p in Person.objects.filter(code__in=[p[0] for p in PLACEMENTS])}
    placed = set(
        Placement.objects.filter(person__in=people.values()).values_list("person__code", flat=True)
    )
    for code, structure_name, label, start, end, phase in PLACEMENTS:
        if code in placed or code not in people:
            continue
        placement = services.placement_create(
            acting_user=coordinator,
            person=people[code],
            bed=bed(structure_name, label),
            start=start,
            phase=phase,
        )
        created["placements"] += 1
        if end is not None:
            services.placement_end(
                acting_user=coordinator, placement=placement, end=end, end_reason="exit"
            )
        for move_code, to_structure, to_label, on, to_phase in MOVES:
            if move_code != code:
                continue
            current = Placement.objects.get(person=people[code], end__isnull=True)
            services.placement_move(
                acting_user=coordinator,
                placement=current,
                bed=bed(to_structure, to_label),
                on=on,
                phase=to_phase,
            )
            created["placements"] += 1
        for end_code, on, reason in ENDINGS:
            if end_code == code:
                current = Placement.objects.get(person=people[code], end__isnull=True)
                services.placement_end(
                    acting_user=coordinator, placement=current, end=on, end_reason=reason
                )
    return created
