"""The seed's residential capacity as data: 28 structures and 84 beds by kind, and some
placements of the demo people. Deterministic and idempotent (a second run changes nothing).

Built through the real services. Names and addresses are fictional.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.models import Case
from approdi.people.models import Person

from . import services
from .choices import Phase, TargetGender
from .models import Bed, Placement, Structure

OPENED = datetime.date(2017, 6, 1)  # the network's structures predate the first period


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


# Placements of the demo people whose case (approdi.cases.demo) is residential: the women
# among them, in emergency reception from the day the case opened and in first reception
# from its twentieth day, as their pathway says. (person code, emergency structure and bed,
# first-reception structure and bed.) The history of the two project periods is placed by
# approdi.cases.demo.load_history, in the beds left free.
PLACEMENTS = [
    ("MI-2019-0021", ("Pronto intervento Acero", "1"), ("Casa Corallo", "1")),
    ("MI-2019-0041", ("Pronto intervento Betulla", "1"), ("Casa Brezza", "2")),
    ("MI-2019-0061", ("Pronto intervento Acero", "2"), ("Casa Ninfea", "1")),
    ("MI-2019-0081", ("Posti in emergenza (convenzione)", "1"), ("Casa Salvia", "2")),
]


@transaction.atomic
def load() -> dict[str, int]:
    """Create the structures and beds that are missing; returns how many of each."""
    created = {"structures": 0, "beds": 0}
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

    return created


@transaction.atomic
def load_placements() -> dict[str, int]:
    """Place the demo people whose case is residential (after the history, which is older)."""
    created = {"placements": 0}
    coordinator = next(u for u in User.objects.order_by("pk") if Role.COORDINATOR in u.roles)

    def bed(structure: str, label: str) -> Bed:
        return Bed.objects.get(structure__name=structure, label=label)

    today = timezone.localdate()
    people = {p.code: p for p in Person.objects.filter(code__in=[p[0] for p in PLACEMENTS])}
    placed = set(
        Placement.objects.filter(person__in=people.values()).values_list("person__code", flat=True)
    )
    cases = {
        c.person.code: c
        for c in Case.objects.filter(person__in=people.values(), kind="residential")
        .select_related("person")
        .order_by("opened_on")
    }
    for code, (emergency, emergency_bed), (first, first_bed) in PLACEMENTS:
        if code in placed or code not in people or code not in cases:
            continue
        opened = cases[code].opened_on
        placement = services.placement_create(
            acting_user=coordinator,
            person=people[code],
            bed=bed(emergency, emergency_bed),
            start=opened,
            phase=E,
        )
        services.placement_move(
            acting_user=coordinator,
            placement=placement,
            bed=bed(first, first_bed),
            on=min(opened + datetime.timedelta(days=20), today),
            phase=F,
        )
        created["placements"] += 2
    return created
