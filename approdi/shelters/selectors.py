"""Reads of structures, beds and placements; the bed board; capacity and occupancy figures.

Scoping (access.md): the coordination office sees everything. Partner staff who work on
placements (org_manager, case_worker) see the network's structures and beds, so that a
free bed can be found anywhere, but a structure's address only when it is their own,
and placements only of their own people or in their own structures. Aggregates
(capacity, occupancy, length of stay) are computed over the whole network and hold no
person-level row.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core.models import CodeListEntry
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .choices import Phase, targets_accepting
from .models import Bed, BedOutage, Placement, Structure

# Who finds and holds beds (the bed board) and records placements.
BOARD_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER})
# Who manages structures and beds (the coordinator everywhere, a manager in its organisation).
MANAGER_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER})
# Who reads the aggregate figures (capacity, occupancy, length of stay).
REPORT_ROLES = BOARD_ROLES | {Role.MONITORING}

ONE_DAY = datetime.timedelta(days=1)


# --- scoping ---------------------------------------------------------------------------


@scope_for(Structure)
def structure_scope(user: User, queryset: QuerySet[Structure]) -> QuerySet[Structure]:
    """Board roles: every structure of the network (the address is filtered apart)."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if has_role(user, BOARD_ROLES) and user.organisation_id:
        return queryset
    return queryset.none()


@scope_for(Bed)
def bed_scope(user: User, queryset: QuerySet[Bed]) -> QuerySet[Bed]:
    return queryset.filter(structure__in=visible_to(user, Structure))


@scope_for(BedOutage)
def bed_outage_scope(user: User, queryset: QuerySet[BedOutage]) -> QuerySet[BedOutage]:
    return queryset.filter(bed__in=visible_to(user, Bed))


@scope_for(Placement)
def placement_scope(user: User, queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    """Coordinator: all. Partner staff: their people's placements and those in their beds."""
    if has_role(user, Role.COORDINATOR):
        return queryset
    if has_role(user, BOARD_ROLES) and user.organisation_id:
        return queryset.filter(
            Q(person__organisation_id=user.organisation_id)
            | Q(bed__structure__organisation_id=user.organisation_id)
        )
    return queryset.none()


def may_see_address(user: User, structure: Structure) -> bool:
    """The secret address: the owning organisation's staff and the coordination office."""
    if has_role(user, Role.COORDINATOR):
        return True
    return (
        has_role(user, BOARD_ROLES)
        and user.organisation_id is not None
        and user.organisation_id == structure.organisation_id
    )


def may_manage_structures_of(user: User, organisation_id: int) -> bool:
    if has_role(user, Role.COORDINATOR):
        return True
    return has_role(user, Role.ORG_MANAGER) and user.organisation_id == organisation_id


def may_place(user: User) -> bool:
    return has_role(user, BOARD_ROLES)


# --- dates -----------------------------------------------------------------------------


def active_on_q(on: datetime.date, prefix: str = "") -> Q:
    """Active on the day `on` (`active_to` is the last active day)."""
    return Q(**{f"{prefix}active_from__lte": on}) & (
        Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": on})
    )


def overlaps_q(start: datetime.date, end: datetime.date | None) -> Q:
    """Records with half-open [start, end) overlapping [start, end) (null end: infinity)."""
    q = Q(end__isnull=True) | Q(end__gt=start)
    if end is not None:
        q &= Q(start__lt=end)
    return q


def bed_usable_q(start: datetime.date, end: datetime.date | None) -> Q:
    """Beds in service for the whole of [start, end): active, in an active structure."""
    last = None if end is None else end - ONE_DAY
    q = active_on_q(start) & active_on_q(start, "structure__")
    if last is None:
        q &= Q(active_to__isnull=True) & Q(structure__active_to__isnull=True)
    else:
        q &= active_on_q(last) & active_on_q(last, "structure__")
    return q


def free_beds_q(start: datetime.date, end: datetime.date | None) -> Q:
    """Usable beds with no outage and no placement overlapping [start, end)."""
    outages = BedOutage.objects.filter(overlaps_q(start, end), bed=OuterRef("pk"))
    placements = Placement.objects.filter(overlaps_q(start, end), bed=OuterRef("pk"))
    return bed_usable_q(start, end) & ~Exists(outages) & ~Exists(placements)


# --- structures, beds, placements --------------------------------------------------------


def structure_list(*, user: User) -> QuerySet[Structure]:
    return visible_to(user, Structure).select_related("organisation").order_by("territory", "name")


def structure_get(*, user: User, uuid: object) -> Structure:
    return get_visible_or_404(user, structure_list(user=user), uuid=uuid)


def bed_list(*, user: User) -> QuerySet[Bed]:
    return (
        visible_to(user, Bed)
        .select_related("structure", "structure__organisation")
        .order_by("structure__name", "label")
    )


def bed_get(*, user: User, uuid: object) -> Bed:
    return get_visible_or_404(user, bed_list(user=user), uuid=uuid)


def placement_list(*, user: User) -> QuerySet[Placement]:
    return (
        visible_to(user, Placement)
        .select_related(
            "person", "bed", "bed__structure", "bed__structure__organisation", "moved_from"
        )
        .order_by("-start", "-id")
    )


def placement_get(*, user: User, uuid: object) -> Placement:
    return get_visible_or_404(user, placement_list(user=user), uuid=uuid)


def current_placements(*, user: User, structure: Structure, on: datetime.date) -> list[Placement]:
    return list(
        placement_list(user=user).filter(overlaps_q(on, on + ONE_DAY), bed__structure=structure)
    )


# --- the bed board -----------------------------------------------------------------------


@dataclass
class BoardRow:
    structure: Structure
    beds: list[Bed] = field(default_factory=list)

    @property
    def free(self) -> int:
        return len(self.beds)


def free_beds(
    *,
    user: User,
    start: datetime.date,
    end: datetime.date | None = None,
    territory: str = "",
    kind: str = "",
    gender: str = "",
    mothers_with_children: bool = False,
) -> QuerySet[Bed]:
    """Beds free for [start, end) (by default the night of `start`), filtered."""
    if end is None:
        end = start + ONE_DAY
    beds = bed_list(user=user).filter(free_beds_q(start, end))
    if territory:
        beds = beds.filter(structure__territory=territory)
    if kind:
        beds = beds.filter(structure__kind=kind)
    if gender:
        beds = beds.filter(structure__target_gender__in=targets_accepting(gender))
    if mothers_with_children:
        beds = beds.filter(structure__mothers_with_children=True)
    return beds.order_by("structure__territory", "structure__name", "label")


def bed_board(*, user: User, on: datetime.date, **filters: object) -> list[BoardRow]:
    """Free beds on the night of `on`, grouped by structure (one query)."""
    rows: dict[int, BoardRow] = {}
    for bed in free_beds(user=user, start=on, **filters):  # type: ignore[arg-type]
        rows.setdefault(bed.structure_id, BoardRow(bed.structure)).beds.append(bed)
    label_structures(row.structure for row in rows.values())
    return list(rows.values())


def bed_alternatives(
    *, user: User, bed: Bed, gender: str, start: datetime.date, end: datetime.date | None
) -> list[Bed]:
    """Other beds free for the whole stay that take this person: same structure first,
    then the same kind in the same territory, then the same territory, then the network."""
    beds = bed_list(user=user).filter(free_beds_q(start, end)).exclude(pk=bed.pk)
    beds = beds.filter(structure__target_gender__in=targets_accepting(gender))
    structure = bed.structure

    def rank(candidate: Bed) -> tuple[int, str, str]:
        other = candidate.structure
        if other.pk == structure.pk:
            level = 0
        elif other.kind == structure.kind and other.territory == structure.territory:
            level = 1
        elif other.territory == structure.territory:
            level = 2
        elif other.kind == structure.kind:
            level = 3
        else:
            level = 4
        return (level, other.name, candidate.label)

    chosen = sorted(beds[:500], key=rank)[:5]
    label_structures(bed.structure for bed in chosen)
    return chosen


# --- capacity --------------------------------------------------------------------------


@dataclass(frozen=True)
class CapacityRow:
    kind: str
    label: str
    structures: int
    beds: int


def code_labels(list_name: str) -> dict[str, str]:
    """Code → label in the active language, for one code list (one query)."""
    entries = CodeListEntry.objects.filter(list_name=list_name).order_by("order", "code")
    return {entry.code: entry.label for entry in entries}


def structure_kind_labels() -> dict[str, str]:
    return code_labels("structure_kind")


def label_structures(structures: Iterable[Structure]) -> None:
    """Give each structure `kind_label` and `territory_label` for display (two queries)."""
    kinds, territories = structure_kind_labels(), code_labels("territory")
    for structure in structures:
        structure.kind_label = kinds.get(structure.kind, structure.kind)  # type: ignore[attr-defined]
        structure.territory_label = territories.get(  # type: ignore[attr-defined]
            structure.territory, structure.territory
        )


def capacity_table(*, on: datetime.date) -> tuple[list[CapacityRow], CapacityRow]:
    """Structures and beds active on `on`, by structure kind, and the total row.

    A third-party structure (places reserved in a facility the project does not run)
    adds its beds but is not counted as a structure.
    """
    structures: dict[str, int] = dict(
        Structure.objects.filter(active_on_q(on), third_party=False)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    beds: dict[str, int] = dict(
        Bed.objects.filter(active_on_q(on), active_on_q(on, "structure__"))
        .values_list("structure__kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = structure_kind_labels()
    kinds: list[str] = list(labels) + sorted((set(structures) | set(beds)) - set(labels))
    rows = [
        CapacityRow(kind, labels.get(kind, kind), structures.get(kind, 0), beds.get(kind, 0))
        for kind in kinds
        if kind in labels or structures.get(kind) or beds.get(kind)
    ]
    total = CapacityRow("total", "", sum(r.structures for r in rows), sum(r.beds for r in rows))
    return rows, total


# --- occupancy and length of stay ----------------------------------------------------------


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first, following


def _days(
    start: datetime.date, end: datetime.date | None, lo: datetime.date, hi: datetime.date
) -> range:
    """Day ordinals of [start, end) within [lo, hi)."""
    a = max(start, lo)
    b = hi if end is None else min(end, hi)
    return range(a.toordinal(), max(a.toordinal(), b.toordinal()))


@dataclass
class OccupancyRow:
    key: str
    label: str
    available: int = 0
    used: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.available else self.used / self.available


def occupancy(
    *, year: int, month: int
) -> tuple[list[OccupancyRow], list[OccupancyRow], OccupancyRow]:
    """Bed-nights used over bed-nights available in a month, per structure and per kind.

    A bed-night is available when the bed and its structure are active and the bed is not
    out of service; it is used when a placement covers it.
    """
    lo, hi = month_bounds(year, month)
    last = hi - ONE_DAY
    beds = list(
        Bed.objects.filter(active_from__lte=last, structure__active_from__lte=last)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=lo))
        .filter(Q(structure__active_to__isnull=True) | Q(structure__active_to__gte=lo))
        .select_related("structure")
    )
    outages: dict[int, set[int]] = defaultdict(set)
    for outage in BedOutage.objects.filter(overlaps_q(lo, hi), bed__in=beds):
        outages[outage.bed_id].update(_days(outage.start, outage.end, lo, hi))
    used: dict[int, int] = defaultdict(int)
    for placement in Placement.objects.filter(overlaps_q(lo, hi), bed__in=beds):
        used[placement.bed_id] += len(_days(placement.start, placement.end, lo, hi))

    labels = structure_kind_labels()
    by_structure: dict[int, OccupancyRow] = {}
    by_kind: dict[str, OccupancyRow] = {}
    total = OccupancyRow("total", "")
    for bed in beds:
        s = bed.structure
        s_end = None if s.active_to is None else s.active_to + ONE_DAY
        b_end = None if bed.active_to is None else bed.active_to + ONE_DAY
        days = set(_days(s.active_from, s_end, lo, hi)) & set(_days(bed.active_from, b_end, lo, hi))
        available = len(days - outages[bed.pk])
        for row in (
            by_structure.setdefault(s.pk, OccupancyRow(str(s.uuid), s.name)),
            by_kind.setdefault(s.kind, OccupancyRow(s.kind, labels.get(s.kind, s.kind))),
            total,
        ):
            row.available += available
            row.used += used[bed.pk]
    kind_order = list(labels)
    kinds = sorted(
        by_kind.values(),
        key=lambda r: kind_order.index(r.key) if r.key in kind_order else len(kind_order),
    )
    structures = sorted(by_structure.values(), key=lambda r: r.label)
    return structures, kinds, total


@dataclass(frozen=True)
class StayRow:
    phase: str
    label: str
    stays: int
    mean_nights: float | None
    median_nights: float | None
    ongoing: int


def length_of_stay(*, start: datetime.date, end: datetime.date) -> list[StayRow]:
    """Length of stay per phase: a person's nights in a phase, summed over the moves
    between beds, for the stays that ended between `start` and `end`; and how many are
    still ongoing at `end`.
    """
    nights: dict[tuple[int, str], int] = defaultdict(int)
    last_end: dict[tuple[int, str], datetime.date | None] = {}
    placements = Placement.objects.filter(start__lt=end).order_by("start", "id")
    for p in placements.only("person_id", "phase", "start", "end"):
        key = (p.person_id, p.phase)
        stop = end if p.end is None or p.end > end else p.end
        nights[key] += max(0, (stop - p.start).days)
        previous = last_end.get(key, datetime.date.min)
        if previous is not None:
            last_end[key] = None if p.end is None or p.end > end else max(previous, p.end)
    rows = []
    for phase in Phase:
        ended = [
            nights[key]
            for key, stop in last_end.items()
            if key[1] == phase and stop is not None and start <= stop <= end
        ]
        ongoing = sum(1 for key, stop in last_end.items() if key[1] == phase and stop is None)
        rows.append(
            StayRow(
                phase.value,
                str(phase.label),
                len(ended),
                statistics.fmean(ended) if ended else None,
                statistics.median(ended) if ended else None,
                ongoing,
            )
        )
    return rows
