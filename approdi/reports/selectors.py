"""The network's figures for any period, computed from the records (reports.md).

Aggregates only: nothing here returns a record or a person-level row. Who sees what
(access.md): the coordination office the whole network; an organisation's manager the
figures of its own organisation's records; the monitoring role the whole network with
small cells hidden (approdi.core.suppression), in every table, chart and export.

Definitions of the headline table (reports.md, "The network's headline table"), for a
period from `start` to `end`, both days included:

- street / indoor contacts: the sum of the head-counts of the contact tallies of outings
  of kind `street` / `indoor` dated in the period (contacts, not distinct people);
- low-threshold accesses: drop-in accesses dated in the period;
- people referred by organisations: distinct people with at least one referral dated in
  the period whose source kind is neither `self`, `street_unit` nor `private_citizen`;
- reception: distinct people with a case (residential or territorial) active on at least
  one day of the period, by gender (`other`: non-binary and undisclosed). A case is active
  from the day it opened to its exit (or, without an exit, the day it closed) included.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.cases.choices import CaseStatus, Phase
from approdi.cases.deadlines import deadline_list
from approdi.cases.models import Case, CasePhase, Exit, Permit
from approdi.core.suppression import Cell, small_cell_threshold
from approdi.governance import selectors as governance_selectors
from approdi.governance.choices import ActionItemStatus
from approdi.governance.models import ActionItem
from approdi.outreach.models import ContactTally, DropInAccess
from approdi.people.choices import Gender
from approdi.shelters import selectors as shelter_selectors

from .tables import ReportTable, Value, protect

# Who opens the reports (access.md: coordinator, an organisation's manager, monitoring).
REPORT_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.MONITORING})

# Referral sources that are not organisations (reports.md).
NOT_ORGANISATION_SOURCES = ("self", "street_unit", "private_citizen")

# The reception rows of the headline table: `other` gathers non-binary and undisclosed.
RECEPTION_GENDERS = ("woman", "man", "trans", "other")
GENDER_GROUP: dict[str, str] = {
    Gender.WOMAN: "woman",
    Gender.MAN: "man",
    Gender.TRANS: "trans",
    Gender.NON_BINARY: "other",
    Gender.UNDISCLOSED: "other",
}
GENDER_LABELS: dict[str, str | Promise] = {
    "woman": pgettext_lazy("reports gender", "Women"),
    "man": pgettext_lazy("reports gender", "Men"),
    "trans": pgettext_lazy("reports gender", "Trans"),
    "other": pgettext_lazy("reports gender", "Other (non-binary, undisclosed)"),
}

# The seed's period (DATI DEL PROGETTO), offered as a preset.
SEED_PERIOD = (datetime.date(2017, 12, 1), datetime.date(2019, 2, 28))

UNKNOWN = ""


def referrals_installed() -> bool:
    return apps.is_installed("approdi.referrals")


def screening_installed() -> bool:
    return apps.is_installed("approdi.screening")


# --- period and scope ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        """The period of the same length that ends the day before this one starts."""
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)


@dataclass(frozen=True)
class Scope:
    """Whose records are counted and whether small cells are hidden."""

    organisation_id: int | None  # None: the whole network
    suppress: bool

    @property
    def network(self) -> bool:
        return self.organisation_id is None


def report_scope(user: User) -> Scope | None:
    """The coordination office: the network. A manager: its organisation. Monitoring:
    the network, small cells hidden. Anyone else: no reports."""
    if has_role(user, Role.COORDINATOR):
        return Scope(None, suppress=False)
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        return Scope(user.organisation_id, suppress=False)
    if has_role(user, Role.MONITORING):
        return Scope(None, suppress=True)
    return None


def default_period(today: datetime.date | None = None) -> Period:
    """The current project period (the one holding today, else the latest that started),
    or the current year to date when no period is recorded."""
    from approdi.network.models import ProjectPeriod

    today = today or timezone.localdate()
    periods = ProjectPeriod.objects.filter(start__lte=today).order_by("-start")
    current = periods.filter(end__gte=today).first() or periods.first()
    if current is not None:
        return Period(current.start, current.end)
    return Period(datetime.date(today.year, 1, 1), today)


def allowed_period(scope: Scope, period: Period) -> bool:
    """Whether `scope` may see `period`. Where small cells are hidden only the presets are
    allowed: two free periods a day apart would give a hidden count away by subtraction."""
    return not scope.suppress or any(period == p for _name, p in period_presets())


def scope_default_period(scope: Scope, today: datetime.date | None = None) -> Period:
    """The default period for `scope`: the current project period; where only the presets
    are allowed and that is not one of them, the latest preset that has started."""
    period = default_period(today)
    if allowed_period(scope, period):
        return period
    today = today or timezone.localdate()
    presets = [p for _name, p in period_presets()]
    started = [p for p in presets if p.start <= today] or presets
    return max(started, key=lambda p: p.start)


def period_presets() -> list[tuple[str, Period]]:
    from approdi.network.models import ProjectPeriod

    presets = [(p.name, Period(p.start, p.end)) for p in ProjectPeriod.objects.order_by("start")]
    seed = Period(*SEED_PERIOD)
    if all(period != seed for _name, period in presets):
        presets.insert(0, (str(_("Derive e Approdi, 1 Dec 2017 – 28 Feb 2019")), seed))
    return presets


# --- the records counted -----------------------------------------------------------------


def _tallies(scope: Scope, period: Period, kind: str) -> QuerySet[ContactTally]:
    tallies = ContactTally.objects.filter(
        outing__kind=kind, outing__date__gte=period.start, outing__date__lte=period.end
    )
    if scope.organisation_id:
        tallies = tallies.filter(outing__organisation_id=scope.organisation_id)
    return tallies


def _accesses(scope: Scope, period: Period) -> QuerySet[DropInAccess]:
    accesses = DropInAccess.objects.filter(date__gte=period.start, date__lte=period.end)
    if scope.organisation_id:
        accesses = accesses.filter(organisation_id=scope.organisation_id)
    return accesses


def _referrals(scope: Scope, period: Period) -> QuerySet[Any] | None:
    """Referrals from organisations dated in the period (None: referrals not installed)."""
    if not referrals_installed():
        return None
    from approdi.referrals.models import Referral

    referrals = Referral.objects.filter(
        referred_on__gte=period.start, referred_on__lte=period.end, person__isnull=False
    ).exclude(source_kind__in=NOT_ORGANISATION_SOURCES)
    if scope.organisation_id:
        referrals = referrals.filter(
            Q(organisation_id=scope.organisation_id)
            | Q(assigned_organisation_id=scope.organisation_id)
        )
    return referrals


def active_cases(scope: Scope, period: Period) -> QuerySet[Case]:
    """Cases active on at least one day of the period: opened on or before its last day,
    not ended (exit, else closure) before its first day."""
    cases = (
        Case.objects.annotate(active_until=Coalesce("exit__exit_on", "closed_on"))
        .filter(opened_on__lte=period.end)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=period.start))
    )
    if scope.organisation_id:
        cases = cases.filter(organisation_id=scope.organisation_id)
    return cases


# --- the headline table ------------------------------------------------------------------


@dataclass
class Headline:
    street_contacts: int
    indoor_contacts: int
    low_threshold_accesses: int
    people_referred_by_organisations: int | None  # None: referrals not recorded here
    reception: dict[str, int] = field(default_factory=dict)

    @property
    def reception_total(self) -> int:
        return self.reception["total"]


def headline(*, scope: Scope, period: Period) -> Headline:
    """The network's headline table for a period, from the records (see the module doc)."""

    def contacts(kind: str) -> int:
        return int(_tallies(scope, period, kind).aggregate(n=Sum("count"))["n"] or 0)

    referrals = _referrals(scope, period)
    referred = (
        None if referrals is None else referrals.values("person_id").order_by().distinct().count()
    )
    reception = dict.fromkeys(RECEPTION_GENDERS, 0)
    people = (
        active_cases(scope, period).values_list("person_id", "person__gender").order_by().distinct()
    )
    for _person, gender in people:
        reception[GENDER_GROUP.get(gender, "other")] += 1
    reception["total"] = sum(reception[g] for g in RECEPTION_GENDERS)
    return Headline(
        street_contacts=contacts("street"),
        indoor_contacts=contacts("indoor"),
        low_threshold_accesses=_accesses(scope, period).count(),
        people_referred_by_organisations=referred,
        reception=reception,
    )


HEADLINE_ROWS: tuple[tuple[str, str | Promise], ...] = (
    ("street_contacts", _("Street unit contacts")),
    ("indoor_contacts", _("Indoor contacts")),
    ("low_threshold_accesses", _("Low-threshold service accesses")),
    ("people_referred_by_organisations", _("People referred by organisations")),
    ("reception.woman", _("Reception: women")),
    ("reception.man", _("Reception: men")),
    ("reception.trans", _("Reception: trans")),
    ("reception.other", _("Reception: other")),
    ("reception.total", _("Reception: total")),
)


def headline_value(figures: Headline, key: str) -> int | None:
    if key.startswith("reception."):
        return figures.reception[key.split(".", 1)[1]]
    value: int | None = getattr(figures, key)
    return value


def headline_table(
    current: Headline, previous: Headline, *, show_other: bool | None = None
) -> ReportTable:
    """Rows of reports.md; columns: this period, the previous one, the change. `other` is
    shown only when not zero in one of the two periods."""
    if show_other is None:
        show_other = bool(current.reception["other"] or previous.reception["other"])
    rows: list[tuple[str, list[Value]]] = []
    keys: list[str] = []
    for key, label in HEADLINE_ROWS:
        if key == "reception.other" and not show_other:
            continue
        now, before = headline_value(current, key), headline_value(previous, key)
        if now is None:  # referrals not recorded in this installation
            continue
        change = None if before is None else now - before
        rows.append((str(label), [now, before, change]))
        keys.append(key)
    reception = [i for i, key in enumerate(keys) if key.startswith("reception.")]
    equations = []
    if reception:
        total, parts = reception[-1], reception[:-1]
        for j in (0, 1):
            equations.append([((i, j), 1) for i in parts] + [((total, j), -1)])
    table = ReportTable(
        key="headline",
        title=_("The network's headline table"),
        row_header=pgettext_lazy("reports", "Figure"),
        columns=[
            _("This period"),
            _("Previous period"),
            pgettext_lazy("reports difference", "Change"),
        ],
        rows=rows,
        derived={2: (0, 1)},
        signed_columns=frozenset({2}),
        equations=equations,
        chart_columns=(0, 1),
        row_keys=keys,
    )
    return table


# --- breakdowns ----------------------------------------------------------------------------


DIMENSIONS: dict[str, str | Promise] = {
    "territory": _("Territory"),
    "organisation": pgettext_lazy("reports", "Organisation"),
    "gender": pgettext_lazy("reports", "Gender"),
    "age_band": _("Age band"),
    "nationality": pgettext_lazy("reports", "Nationality"),
    "exploitation_form": _("Exploitation form"),
}

MEASURES: dict[str, str | Promise] = {
    "street_contacts": _("Street unit contacts"),
    "indoor_contacts": _("Indoor contacts"),
    "low_threshold_accesses": _("Low-threshold service accesses"),
    "people_referred_by_organisations": _("People referred by organisations"),
    "reception": _("People in reception"),
}

# Which record field carries each dimension, per measure (None: the record does not).
_TALLY_FIELDS = {
    "territory": "outing__territory",
    "organisation": "outing__organisation_id",
    "gender": "gender",
    "age_band": "age_band",
    "nationality": "nationality",
}
_ACCESS_FIELDS = {
    "territory": "territory",
    "organisation": "organisation_id",
    "gender": "gender",
    "nationality": "nationality",
}


def age_band(birth_year: int | None, on: datetime.date) -> str:
    """The outreach age bands (code list `age_band`) of a person's age in the year of `on`."""
    if not birth_year:
        return UNKNOWN
    age = on.year - birth_year
    if age < 18:
        return "under_18"
    for code, upper in (("18_25", 25), ("26_35", 35), ("36_45", 45)):
        if age <= upper:
            return code
    return "46_plus"


def _group(dimension: str, key: Any) -> str:
    if key is None:
        return UNKNOWN
    if dimension == "gender":
        return GENDER_GROUP.get(key, "other") if key else "other"
    return str(key)


def _sum_by(queryset: QuerySet[Any], field_name: str, dimension: str, total: Any) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in queryset.values(field_name).annotate(n=total).order_by():
        counts[_group(dimension, row[field_name])] += int(row["n"] or 0)
    return counts


def _people_by(pairs: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Distinct people per key from (person, key) pairs."""
    seen: dict[str, set[int]] = defaultdict(set)
    for person, key in pairs:
        seen[key].add(person)
    return {key: len(people) for key, people in seen.items()}


def _person_pairs(
    queryset: QuerySet[Any], dimension: str, on: datetime.date, extra: str = ""
) -> Iterable[tuple[int, str]]:
    """(person, key) of the people of `queryset` (rows with `person_id`) for a dimension
    carried by the person; `extra` is the record's own field for territory/organisation."""
    if dimension == "gender":
        for person, gender in queryset.values_list("person_id", "person__gender"):
            yield person, _group("gender", gender)
    elif dimension == "nationality":
        for person, nationality in queryset.values_list("person_id", "person__nationality"):
            yield person, nationality or UNKNOWN
    elif dimension == "age_band":
        for person, year in queryset.values_list("person_id", "person__birth_year"):
            yield person, age_band(year, on)
    elif extra:
        for person, key in queryset.values_list("person_id", extra):
            yield person, UNKNOWN if key is None else str(key)


def _exploitation_of_referrals(referrals: QuerySet[Any]) -> Iterable[tuple[int, str]]:
    for person, forms in referrals.values_list("person_id", "presumed_exploitation"):
        for form in forms or [UNKNOWN]:
            yield person, str(form)


def _exploitation_of_people(people: set[int], on: datetime.date) -> Iterable[tuple[int, str]]:
    """The exploitation forms found by the assessments of `people` made by `on`."""
    from approdi.screening.models import Assessment

    found: dict[int, set[str]] = defaultdict(set)
    assessments = Assessment.objects.filter(person_id__in=people, assessed_on__lte=on)
    for person, forms in assessments.values_list("person_id", "exploitation_forms"):
        found[person].update(str(f) for f in forms or [])
    for person in people:
        for form in found.get(person) or {UNKNOWN}:
            yield person, form


def breakdown_counts(*, scope: Scope, period: Period, dimension: str) -> dict[str, dict[str, int]]:
    """measure → key → count, for the measures whose records carry the dimension."""
    result: dict[str, dict[str, int]] = {}
    tally_field = _TALLY_FIELDS.get(dimension)
    if tally_field:
        for measure, kind in (("street_contacts", "street"), ("indoor_contacts", "indoor")):
            result[measure] = _sum_by(
                _tallies(scope, period, kind), tally_field, dimension, Sum("count")
            )
    access_field = _ACCESS_FIELDS.get(dimension)
    if access_field:
        result["low_threshold_accesses"] = _sum_by(
            _accesses(scope, period), access_field, dimension, Count("id")
        )
    referrals = _referrals(scope, period)
    if referrals is not None:
        if dimension == "exploitation_form":
            result["people_referred_by_organisations"] = _people_by(
                _exploitation_of_referrals(referrals)
            )
        else:
            # The partner it was assigned to (or accepted into), else who recorded it.
            referrals = referrals.annotate(
                partner=Coalesce("assigned_organisation_id", "organisation_id")
            )
            extra = {"organisation": "partner"}.get(dimension, "")
            if dimension == "territory" and _has_field("referrals.Referral", "territory"):
                extra = "territory"
            if dimension in ("gender", "nationality", "age_band") or extra:
                result["people_referred_by_organisations"] = _people_by(
                    _person_pairs(referrals, dimension, period.end, extra)
                )
    cases = active_cases(scope, period)
    if dimension == "exploitation_form":
        if screening_installed():
            people = set(cases.values_list("person_id", flat=True))
            result["reception"] = _people_by(_exploitation_of_people(people, period.end))
    else:
        extra = {"territory": "territory", "organisation": "organisation_id"}.get(dimension, "")
        result["reception"] = _people_by(_person_pairs(cases, dimension, period.end, extra))
    return result


def _has_field(model_label: str, name: str) -> bool:
    try:
        model = apps.get_model(model_label)
    except LookupError:
        return False
    return any(f.name == name for f in model._meta.get_fields())


def exploitation_labels() -> dict[str, str]:
    if not screening_installed():
        return {}
    from approdi.screening.choices import ExploitationForm

    return {k: str(v) for k, v in ExploitationForm.choices}


def _labels(dimension: str) -> Callable[[str], str]:
    if dimension == "territory":
        names = shelter_selectors.code_labels("territory")
    elif dimension == "age_band":
        names = shelter_selectors.code_labels("age_band")
    elif dimension == "exploitation_form":
        names = exploitation_labels()
    elif dimension == "organisation":
        names = {str(pk): name for pk, name in Organisation.objects.values_list("pk", "name")}
    elif dimension == "gender":
        names = {k: str(v) for k, v in GENDER_LABELS.items()}
    else:
        names = {}

    def label(key: str) -> str:
        if key == UNKNOWN:
            return str(pgettext_lazy("reports", "Not recorded"))
        return names.get(key, key)

    return label


def breakdown_table(
    *, scope: Scope, period: Period, dimension: str, figures: Headline
) -> ReportTable:
    """Rows: the dimension's values; columns: the headline figures whose records carry it;
    last row: the headline figure (a person may be in more than one row of territory,
    organisation or exploitation form)."""
    counts = breakdown_counts(scope=scope, period=period, dimension=dimension)
    measures = [m for m in MEASURES if m in counts]
    label = _labels(dimension)
    keys = set().union(*(counts[m].keys() for m in measures)) if measures else set()
    if dimension == "gender":
        order = [k for k in RECEPTION_GENDERS if k in keys]
    elif dimension == "age_band":
        codes = ["under_18", "18_25", "26_35", "36_45", "46_plus"]
        order = [k for k in codes if k in keys] + sorted(keys - set(codes))
    elif dimension == "nationality":
        order = sorted(keys, key=lambda k: (-sum(counts[m].get(k, 0) for m in measures), k))
    else:
        order = sorted(keys, key=lambda k: label(k).lower())
    order = [k for k in order if k != UNKNOWN] + ([UNKNOWN] if UNKNOWN in keys else [])
    rows: list[tuple[str, list[Value]]] = [
        (label(k), [counts[m].get(k, 0) for m in measures]) for k in order
    ]
    totals: list[Value] = []
    for m in measures:
        if m == "reception":
            totals.append(figures.reception_total)
        else:
            totals.append(headline_value(figures, m))
    rows.append((str(_("Total")), totals))
    row_keys = [*order, "total"]
    shared = dimension in ("territory", "organisation", "exploitation_form")
    return ReportTable(
        key=f"by_{dimension}",
        title=_("By %(dimension)s") % {"dimension": str(DIMENSIONS[dimension]).lower()},
        row_header=DIMENSIONS[dimension],
        columns=[MEASURES[m] for m in measures],
        rows=rows,
        total_row=True,
        chart_columns=tuple(range(len(measures))),
        row_keys=row_keys,
        column_keys=measures,
        note=_("A person can be counted in more than one row; the total counts each once.")
        if shared
        else "",
    )


# --- further statistics --------------------------------------------------------------------


def capacity_report(*, on: datetime.date) -> ReportTable:
    """The residential capacity table on a date (shelters' selector): not people, not hidden."""
    rows, total = shelter_selectors.capacity_table(on=on)
    return ReportTable(
        key="capacity",
        title=_("Residential capacity on %(day)s") % {"day": on.strftime("%d/%m/%Y")},
        row_header=_("Structure kind"),
        columns=[_("Structures"), _("Beds")],
        rows=[(r.label, [r.structures, r.beds]) for r in rows]
        + [(str(_("Total")), [total.structures, total.beds])],  # type: ignore[arg-type]
        total_row=True,
        counts=[False, False],
        chart_columns=(1,),
        note=_("Third-party places add their beds but are not counted as structures."),
    )


def months_of(period: Period) -> list[tuple[int, int]]:
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def occupancy_report(*, period: Period) -> ReportTable:
    """Bed-nights used over available, per structure kind and calendar month of the period."""
    rows: list[tuple[str, list[Value]]] = []
    available = used = 0
    for year, month in months_of(period)[-36:]:
        _structures, kinds, _total = shelter_selectors.occupancy(year=year, month=month)
        for row in kinds:
            rows.append((f"{year}-{month:02d} · {row.label}", [row.available, row.used, row.rate]))
            available += row.available
            used += row.used
    rows.append((str(_("Total")), [available, used, used / available if available else None]))
    return ReportTable(
        key="occupancy",
        title=_("Occupancy per structure kind and month"),
        row_header=_("Month · structure kind"),
        columns=[_("Bed-nights available"), _("Bed-nights used"), _("Occupancy")],
        rows=rows,
        total_row=True,
        counts=[False, False, False],
        percent_columns=frozenset({2}),
        chart_columns=(),
    )


def phases_report(*, scope: Scope, on: datetime.date) -> ReportTable:
    """People per pathway phase on a date (the phase rows of their cases)."""
    phases = CasePhase.objects.filter(started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    if scope.organisation_id:
        phases = phases.filter(case__organisation_id=scope.organisation_id)
    people: dict[str, set[int]] = defaultdict(set)
    for phase, person in phases.values_list("phase", "case__person_id"):
        people[phase].add(person)
    everyone = set().union(*people.values()) if people else set()
    rows: list[tuple[str, list[Value]]] = [(str(p.label), [len(people[p.value])]) for p in Phase]
    rows.append((str(_("Total")), [len(everyone)]))
    return ReportTable(
        key="phases",
        title=_("People per phase on %(day)s") % {"day": on.strftime("%d/%m/%Y")},
        row_header=pgettext_lazy("reports", "Phase"),
        columns=[_("People")],
        rows=rows,
        total_row=True,
    )


def phase_moves_report(*, scope: Scope, period: Period) -> ReportTable:
    """Moves between phases dated in the period: from which phase to which."""
    phases = CasePhase.objects.filter(started_on__lte=period.end)
    if scope.organisation_id:
        phases = phases.filter(case__organisation_id=scope.organisation_id)
    previous: dict[int, str] = {}
    moves: dict[tuple[str, str], int] = defaultdict(int)
    for case, phase, started in phases.order_by("case_id", "started_on", "id").values_list(
        "case_id", "phase", "started_on"
    ):
        before = previous.get(case)
        previous[case] = phase
        if before is not None and before != phase and started >= period.start:
            moves[(before, phase)] += 1
    labels = {p.value: str(p.label) for p in Phase}
    order = list(labels)
    keys = sorted(moves, key=lambda k: (order.index(k[0]), order.index(k[1])))
    rows: list[tuple[str, list[Value]]] = [
        (f"{labels[a]} → {labels[b]}", [moves[(a, b)]]) for a, b in keys
    ]
    rows.append((str(_("Total")), [sum(moves.values())]))
    return ReportTable(
        key="phase_moves",
        title=_("Moves between phases"),
        row_header=pgettext_lazy("reports phase move", "Move"),
        columns=[_("Moves")],
        rows=rows,
        total_row=True,
    )


def length_of_stay_report(*, period: Period) -> ReportTable:
    rows = shelter_selectors.length_of_stay(start=period.start, end=period.end)
    return ReportTable(
        key="length_of_stay",
        title=_("Length of stay per phase (nights)"),
        row_header=pgettext_lazy("reports", "Phase"),
        columns=[_("Stays ended"), _("Mean"), _("Median"), _("Still ongoing")],
        rows=[(r.label, [r.stays, r.mean_nights, r.median_nights, r.ongoing]) for r in rows],
        counts=[True, False, False, True],
        derived={1: (0,), 2: (0,)},
        decimal_columns=frozenset({1, 2}),
        chart_columns=(1,),
    )


def exits_report(*, scope: Scope, period: Period) -> ReportTable:
    """Exits dated in the period by outcome, and each outcome's share (autonomy first)."""
    exits = Exit.objects.filter(exit_on__gte=period.start, exit_on__lte=period.end)
    if scope.organisation_id:
        exits = exits.filter(case__organisation_id=scope.organisation_id)
    counts: dict[str, int] = dict(exits.values_list("outcome").annotate(n=Count("id")).order_by())
    labels = shelter_selectors.code_labels("exit_outcome")
    order = list(labels) + sorted(set(counts) - set(labels))
    total = sum(counts.values())
    rows: list[tuple[str, list[Value]]] = [
        (labels.get(k, k), [counts.get(k, 0), counts.get(k, 0) / total if total else None])
        for k in order
        if k in labels or counts.get(k)
    ]
    rows.append((str(_("Total")), [total, 1.0 if total else None]))
    return ReportTable(
        key="exits",
        title=_("Exits by outcome"),
        row_header=_("Outcome"),
        columns=[_("Exits"), _("Share of exits")],
        rows=rows,
        total_row=True,
        derived={1: (0,)},
        percent_columns=frozenset({1}),
    )


def permits_report(*, scope: Scope, period: Period) -> ReportTable:
    """Permits applied for and issued in the period, by kind."""
    from approdi.cases.choices import PermitKind

    permits = Permit.objects.all()
    if scope.organisation_id:
        permits = permits.filter(case__organisation_id=scope.organisation_id)
    in_period: Callable[[str], dict[str, int]] = lambda name: dict(  # noqa: E731
        permits.filter(**{f"{name}__gte": period.start, f"{name}__lte": period.end})
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    applied, issued = in_period("applied_on"), in_period("issued_on")
    rows: list[tuple[str, list[Value]]] = [
        (str(kind.label), [applied.get(kind.value, 0), issued.get(kind.value, 0)])
        for kind in PermitKind
        if applied.get(kind.value) or issued.get(kind.value)
    ]
    rows.append((str(_("Total")), [sum(applied.values()), sum(issued.values())]))
    return ReportTable(
        key="permits",
        title=_("Residence permits applied for and issued"),
        row_header=_("Permit"),
        columns=[_("Applied for"), pgettext_lazy("reports permits", "Issued")],
        rows=rows,
        total_row=True,
        chart_columns=(0, 1),
    )


def activities_report(*, scope: Scope, period: Period) -> ReportTable:
    """Activities dated in the period by kind: how many, and hours where recorded."""
    from approdi.cases.models import Activity

    activities = Activity.objects.filter(date__gte=period.start, date__lte=period.end)
    if scope.organisation_id:
        activities = activities.filter(case__organisation_id=scope.organisation_id)
    counts: dict[str, int] = defaultdict(int)
    minutes: dict[str, int] = defaultdict(int)
    for kind, duration in activities.values_list("kind", "duration_minutes"):
        counts[kind] += 1
        minutes[kind] += duration or 0
    labels = shelter_selectors.code_labels("activity_kind")
    order = [k for k in labels if counts.get(k)] + sorted(set(counts) - set(labels))
    rows: list[tuple[str, list[Value]]] = [
        (labels.get(k, k), [counts[k], minutes[k] / 60]) for k in order
    ]
    rows.append((str(_("Total")), [sum(counts.values()), sum(minutes.values()) / 60]))
    return ReportTable(
        key="activities",
        title=_("Activities by kind"),
        row_header=pgettext_lazy("reports", "Activity"),
        columns=[_("Activities"), _("Hours")],
        rows=rows,
        total_row=True,
        counts=[True, False],
        derived={1: (0,)},
        decimal_columns=frozenset({1}),
    )


def pathway_events_report(*, scope: Scope, period: Period) -> ReportTable:
    """Complaints filed, assisted voluntary returns requested and departed, permits renewed
    or converted (by their issue date), in the period."""
    from approdi.cases.choices import PermitStatus, ReturnOutcome
    from approdi.cases.models import LegalProceeding, VoluntaryReturn

    def in_period(queryset: QuerySet[Any], field_name: str) -> QuerySet[Any]:
        queryset = queryset.filter(
            **{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end}
        )
        if scope.organisation_id:
            queryset = queryset.filter(case__organisation_id=scope.organisation_id)
        return queryset

    permits = in_period(Permit.objects.all(), "issued_on")
    rows: list[tuple[str, list[Value]]] = [
        (
            str(_("Complaints filed")),
            [in_period(LegalProceeding.objects.all(), "complaint_on").count()],
        ),
        (
            str(_("Assisted returns requested")),
            [in_period(VoluntaryReturn.objects.all(), "requested_on").count()],
        ),
        (
            str(_("Assisted returns: departures")),
            [
                in_period(VoluntaryReturn.objects.all(), "departure_on")
                .filter(outcome=ReturnOutcome.DEPARTED)
                .count()
            ],
        ),
        (str(_("Permits renewed")), [permits.filter(status=PermitStatus.RENEWED).count()]),
        (str(_("Permits converted")), [permits.filter(status=PermitStatus.CONVERTED).count()]),
    ]
    return ReportTable(
        key="pathway_events",
        title=_("Complaints, assisted returns, permits renewed and converted"),
        row_header=pgettext_lazy("reports", "Figure"),
        columns=[pgettext_lazy("reports", "Number")],
        rows=rows,
    )


def deadlines_report(*, scope: Scope, today: datetime.date) -> ReportTable:
    """Deadlines (permits, first assistance, emergency phase, reflection) due in 60 days."""
    from approdi.cases.choices import DeadlineKind

    cases = Case.objects.filter(status__in=[CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP])
    if scope.organisation_id:
        cases = cases.filter(organisation_id=scope.organisation_id)
    due = deadline_list(cases, since=today, until=today + datetime.timedelta(days=60))
    counts: dict[str, int] = defaultdict(int)
    for deadline in due:
        counts[deadline.kind] += 1
    rows: list[tuple[str, list[Value]]] = [
        (str(kind.label), [counts.get(kind.value, 0)]) for kind in DeadlineKind
    ]
    rows.append((str(_("Total")), [len(due)]))
    return ReportTable(
        key="deadlines",
        title=_("Deadlines falling due in the next 60 days"),
        row_header=_("Deadline"),
        columns=[_("Deadlines")],
        rows=rows,
        total_row=True,
    )


def governance_report(*, user: User, scope: Scope, period: Period) -> ReportTable:
    """Meetings held per table against the planned frequency; open action items."""
    if scope.network:
        frequency = governance_selectors.monitoring_table_frequency(
            start=period.start, end=period.end
        )
        items = ActionItem.objects.filter(status=ActionItemStatus.OPEN).count()
    else:
        frequency = governance_selectors.table_frequency(
            user=user, start=period.start, end=period.end
        )
        items = governance_selectors.open_action_items(user=user).count()
    rows: list[tuple[str, list[Value]]] = [(str(f.label), [f.held, f.planned]) for f in frequency]
    return ReportTable(
        key="governance",
        title=_("Governance: meetings held against the planned frequency"),
        row_header=_("Table"),
        columns=[_("Meetings held"), _("Meetings planned")],
        rows=rows,
        counts=[False, False],
        chart_columns=(0, 1),
        note=_("Open action items: %(count)d") % {"count": items},
    )


def referral_reports(*, scope: Scope, period: Period) -> list[ReportTable]:
    """Referrals dated in the period by source kind and outcome, time to a decision;
    assessments by conclusion and by exploitation form."""
    if not referrals_installed():
        return []
    from approdi.referrals.models import Referral

    referrals = Referral.objects.filter(referred_on__gte=period.start, referred_on__lte=period.end)
    if scope.organisation_id:
        referrals = referrals.filter(
            Q(organisation_id=scope.organisation_id)
            | Q(assigned_organisation_id=scope.organisation_id)
        )
    source_field = Referral._meta.get_field("source_kind")
    status_field = Referral._meta.get_field("status")
    sources = dict(source_field.flatchoices) if source_field.choices else {}
    statuses = dict(status_field.flatchoices) if status_field.choices else {}
    if not sources:
        sources = shelter_selectors.code_labels("referral_source")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    days: dict[str, list[int]] = defaultdict(list)
    for source, status, referred_on, decided_at in referrals.values_list(
        "source_kind", "status", "referred_on", "decided_at"
    ):
        counts[source][status] += 1
        if decided_at is not None:
            decided = decided_at.date() if isinstance(decided_at, datetime.datetime) else decided_at
            days[source].append(max(0, (decided - referred_on).days))
    status_keys = [k for k in statuses if any(counts[s].get(k) for s in counts)]
    status_keys += sorted({k for s in counts for k in counts[s]} - set(status_keys))
    source_keys = [k for k in sources if k in counts] + sorted(set(counts) - set(sources))

    def median(values: list[int]) -> float | None:
        import statistics

        return float(statistics.median(values)) if values else None

    rows: list[tuple[str, list[Value]]] = []
    for s in source_keys:
        row: list[Value] = [counts[s].get(k, 0) for k in status_keys]
        rows.append((str(sources.get(s, s)), [*row, sum(counts[s].values()), median(days[s])]))
    all_days = [d for s in days for d in days[s]]
    totals: list[Value] = [sum(counts[s].get(k, 0) for s in counts) for k in status_keys]
    rows.append(
        (
            str(_("Total")),
            [*totals, sum(sum(c.values()) for c in counts.values()), median(all_days)],
        )
    )
    n = len(status_keys)
    equations = [[((i, j), 1) for j in range(n)] + [((i, n), -1)] for i in range(len(rows))]
    tables = [
        ReportTable(
            key="referrals",
            title=_("Referrals by source and outcome"),
            row_header=_("Source"),
            columns=[
                *(str(statuses.get(k, k)) for k in status_keys),
                _("Total"),
                _("Median days to a decision"),
            ],
            rows=rows,
            total_row=True,
            counts=[*([True] * (n + 1)), False],
            derived={n + 1: (n,)},
            equations=equations,
            decimal_columns=frozenset({n + 1}),
            chart_columns=(n,),
        )
    ]
    if screening_installed():
        tables.extend(_assessments_report(scope=scope, period=period))
    return tables


def _assessments_report(*, scope: Scope, period: Period) -> list[ReportTable]:
    """Assessments dated in the period by the operator's conclusion and kind; and by the
    exploitation forms they found (an assessment may find more than one)."""
    from approdi.screening.choices import AssessmentKind, Conclusion
    from approdi.screening.models import Assessment

    assessments = Assessment.objects.filter(
        assessed_on__gte=period.start, assessed_on__lte=period.end
    )
    if scope.organisation_id:
        assessments = assessments.filter(organisation_id=scope.organisation_id)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    forms: dict[str, int] = defaultdict(int)
    total = 0
    for conclusion, kind, found in assessments.values_list(
        "conclusion", "kind", "exploitation_forms"
    ):
        counts[conclusion][kind] += 1
        total += 1
        for form in found or [UNKNOWN]:
            forms[str(form)] += 1
    kinds = [k.value for k in AssessmentKind]
    rows: list[tuple[str, list[Value]]] = []
    for conclusion in Conclusion:
        cells = [counts[conclusion.value].get(k, 0) for k in kinds]
        rows.append((str(conclusion.label), [*cells, sum(cells)]))
    totals = [sum(counts[c].get(k, 0) for c in counts) for k in kinds]
    rows.append((str(_("Total")), [*totals, total]))
    n = len(kinds)
    by_conclusion = ReportTable(
        key="assessments",
        title=_("Assessments by conclusion"),
        row_header=_("Conclusion"),
        columns=[*(k.label for k in AssessmentKind), _("Total")],
        rows=rows,
        total_row=True,
        equations=[[((i, j), 1) for j in range(n)] + [((i, n), -1)] for i in range(len(rows))],
        chart_columns=(n,),
    )
    labels = exploitation_labels()
    order = [k for k in labels if forms.get(k)] + sorted(set(forms) - set(labels) - {UNKNOWN})
    if forms.get(UNKNOWN):
        order.append(UNKNOWN)
    by_form = ReportTable(
        key="assessment_forms",
        title=_("Assessments by exploitation form"),
        row_header=_("Exploitation form"),
        columns=[_("Assessments")],
        rows=[
            (labels.get(k, k) if k else str(pgettext_lazy("reports", "Not recorded")), [forms[k]])
            for k in order
        ],
        note=_("An assessment can find more than one form of exploitation."),
    )
    return [by_conclusion, by_form]


def outreach_reports(*, period: Period) -> list[ReportTable]:
    """The emersione tables of the outreach app for the period (network-wide)."""
    from approdi.outreach import statistics

    tables = []
    for name in statistics.TABLES:
        source = statistics.BUILDERS[name](date_from=period.start, date_to=period.end, territory="")
        columns: list[str | Promise] = list(source.columns)
        if source.with_total:
            columns.append(_("Total"))
        rows: list[tuple[str, list[Value]]] = [
            (label, list(source.values(i))) for i, (label, _cells) in enumerate(source.rows)
        ]
        width = len(columns)
        tables.append(
            ReportTable(
                key=f"outreach_{name}",
                title=source.title,
                row_header=source.row_header,
                columns=columns,
                rows=rows,
                equations=[
                    [((i, j), 1) for j in range(width - 1)] + [((i, width - 1), -1)]
                    for i in range(len(rows))
                ]
                if source.with_total
                else [],
                chart_columns=(width - 1,) if source.with_total else (1,),
            )
        )
    return tables


# --- national monitoring -------------------------------------------------------------------
#
# The aggregates the national system asks of funded projects (reports.md, Exports): one
# table per dimension, the figures as rows, the dimension's values as columns and a total.
# Definitions, for a period from `start` to `end` both included:
#
# - street / indoor contacts: as the headline table (head-counts of the tallies of outings
#   of kind `street` / `indoor` dated in the period);
# - proximity interventions (*interventi di prossimità*): the drop-in accesses dated in
#   the period, i.e. the headline's low-threshold accesses (the outings are counted through
#   their contacts; an access is one face-to-face intervention at a low-threshold service);
# - assessments: assessments dated in the period (records, not people);
# - new cases taken in charge: distinct people with a case opened in the period;
# - cases in charge: distinct people with a case active on at least one day of the period,
#   i.e. the headline's reception total.
#
# Minors and adults: a person is a minor when under 18 in the calendar year of the period's
# last day (only the year of birth is recorded; the same rule as the age-band breakdown);
# a tally is of minors when its age band is `under_18`. Without a year of birth or an age
# band: "not recorded". A figure whose records do not carry a dimension (the tallies and the
# accesses carry no exploitation form, the accesses no age) shows "–" in every column of
# that dimension and only its total.

NATIONAL_DIMENSIONS: dict[str, str | Promise] = {
    "gender": _("National monitoring by gender"),
    "minors": _("National monitoring: minors and adults"),
    "nationality": _("National monitoring by nationality"),
    "exploitation": _("National monitoring by exploitation form"),
}

NATIONAL_ROW_HEADERS: dict[str, str | Promise] = {
    "gender": pgettext_lazy("reports", "Gender"),
    "minors": _("Minors and adults"),
    "nationality": pgettext_lazy("reports", "Nationality"),
    "exploitation": _("Exploitation form"),
}

NATIONAL_MEASURES: dict[str, str | Promise] = {
    "street_contacts": _("Street unit contacts"),
    "indoor_contacts": _("Indoor contacts"),
    "proximity_interventions": _("Proximity interventions (drop-in accesses)"),
    "assessments": _("Assessments"),
    "new_cases": _("New cases taken in charge (people)"),
    "cases": _("Cases in charge (people)"),
}

# The nationality table shows the most frequent nationalities, then the others together.
NATIONAL_TOP_NATIONALITIES = 5
OTHER_NATIONALITIES = "other"
MINOR, ADULT = "minor", "adult"


@dataclass
class NationalFigure:
    """One row: key → count (None: the records do not carry the dimension) and the total."""

    counts: dict[str, int] | None
    total: int


def _minor_or_adult(band: str) -> str:
    if band == UNKNOWN:
        return UNKNOWN
    return MINOR if band == "under_18" else ADULT


def _remap(counts: dict[str, int], key: Callable[[str], str]) -> dict[str, int]:
    result: dict[str, int] = defaultdict(int)
    for k, n in counts.items():
        result[key(k)] += n
    return dict(result)


def _national_people(cases: QuerySet[Case], dimension: str, on: datetime.date) -> NationalFigure:
    """Distinct people of `cases` by the dimension (exploitation forms: from screening)."""
    people = set(cases.values_list("person_id", flat=True))
    if dimension == "exploitation":
        if not screening_installed():
            return NationalFigure(None, len(people))
        return NationalFigure(_people_by(_exploitation_of_people(people, on)), len(people))
    person_dimension = "age_band" if dimension == "minors" else dimension
    counts = _people_by(_person_pairs(cases, person_dimension, on))
    if dimension == "minors":
        counts = _remap(counts, _minor_or_adult)
    return NationalFigure(counts, len(people))


def _national_assessments(scope: Scope, period: Period, dimension: str) -> NationalFigure | None:
    if not screening_installed():
        return None
    from approdi.screening.models import Assessment

    assessments = Assessment.objects.filter(
        assessed_on__gte=period.start, assessed_on__lte=period.end
    )
    if scope.organisation_id:
        assessments = assessments.filter(organisation_id=scope.organisation_id)
    counts: dict[str, int] = defaultdict(int)
    total = 0
    if dimension == "exploitation":
        for forms in assessments.values_list("exploitation_forms", flat=True):
            total += 1
            for form in set(forms or []) or {UNKNOWN}:
                counts[str(form)] += 1
        return NationalFigure(dict(counts), total)
    field_name = {
        "gender": "person__gender",
        "minors": "person__birth_year",
        "nationality": "person__nationality",
    }[dimension]
    for value in assessments.values_list(field_name, flat=True):
        total += 1
        if dimension == "gender":
            counts[_group("gender", value)] += 1
        elif dimension == "minors":
            counts[_minor_or_adult(age_band(value, period.end))] += 1
        else:
            counts[value or UNKNOWN] += 1
    return NationalFigure(dict(counts), total)


def national_figures(*, scope: Scope, period: Period, dimension: str) -> dict[str, NationalFigure]:
    """measure → its figure by `dimension` (module section "national monitoring")."""
    result: dict[str, NationalFigure] = {}
    tally_field = {"gender": "gender", "minors": "age_band", "nationality": "nationality"}
    for measure, kind in (("street_contacts", "street"), ("indoor_contacts", "indoor")):
        tallies = _tallies(scope, period, kind)
        total = int(tallies.aggregate(n=Sum("count"))["n"] or 0)
        if dimension in tally_field:
            group = "gender" if dimension == "gender" else "other"
            counts = _sum_by(tallies, tally_field[dimension], group, Sum("count"))
            if dimension == "minors":
                counts = _remap(counts, _minor_or_adult)
            result[measure] = NationalFigure(dict(counts), total)
        else:
            result[measure] = NationalFigure(None, total)
    accesses = _accesses(scope, period)
    access_field = {"gender": "gender", "nationality": "nationality"}.get(dimension)
    result["proximity_interventions"] = NationalFigure(
        dict(_sum_by(accesses, access_field, dimension, Count("id"))) if access_field else None,
        accesses.count(),
    )
    assessments = _national_assessments(scope, period, dimension)
    if assessments is not None:
        result["assessments"] = assessments
    cases = active_cases(scope, period)
    opened = cases.filter(opened_on__gte=period.start)
    result["new_cases"] = _national_people(opened, dimension, period.end)
    result["cases"] = _national_people(cases, dimension, period.end)
    return result


def _national_columns(
    dimension: str, figures: dict[str, NationalFigure]
) -> tuple[list[str], Callable[[str], str]]:
    """The column keys of a dimension (a fixed order, "not recorded" last) and their labels."""
    keys: set[str] = set()
    for figure in figures.values():
        keys.update(figure.counts or {})
    not_recorded = str(pgettext_lazy("reports", "Not recorded"))
    if dimension == "gender":
        labels = {k: str(v) for k, v in GENDER_LABELS.items()}
        return list(RECEPTION_GENDERS), lambda k: labels[k]
    if dimension == "minors":
        labels = {
            MINOR: str(pgettext_lazy("reports", "Minors")),
            ADULT: str(pgettext_lazy("reports", "Adults")),
            UNKNOWN: not_recorded,
        }
        return [MINOR, ADULT, UNKNOWN], lambda k: labels[k]
    if dimension == "nationality":
        top = sorted(
            keys - {UNKNOWN},
            key=lambda k: (-sum((f.counts or {}).get(k, 0) for f in figures.values()), k),
        )[:NATIONAL_TOP_NATIONALITIES]
        other = str(_("Other nationalities"))
        return [*top, OTHER_NATIONALITIES, UNKNOWN], lambda k: {
            OTHER_NATIONALITIES: other,
            UNKNOWN: not_recorded,
        }.get(k, k)
    names = exploitation_labels()
    order = [k for k in names if k in keys] + sorted(keys - set(names) - {UNKNOWN})
    return [*order, UNKNOWN], lambda k: not_recorded if k == UNKNOWN else names.get(k, k)


def national_table(*, scope: Scope, period: Period, dimension: str) -> ReportTable:
    """The national monitoring table of one dimension: a row per figure, a column per value
    of the dimension and the figure's total (which agrees with the headline table)."""
    figures = national_figures(scope=scope, period=period, dimension=dimension)
    columns, label = _national_columns(dimension, figures)
    shown = set(columns) - {OTHER_NATIONALITIES}
    partition = dimension != "exploitation"  # a record falls in exactly one column
    rows: list[tuple[str, list[Value]]] = []
    row_keys: list[str] = []
    equations: list[list[tuple[Cell, int]]] = []
    carried_everywhere = True
    for measure, title in NATIONAL_MEASURES.items():
        figure = figures.get(measure)
        if figure is None:
            continue
        i = len(rows)
        if figure.counts is None:
            carried_everywhere = False
            cells: list[Value] = [None] * len(columns)
        else:
            counts = figure.counts
            cells = [
                sum(n for k, n in counts.items() if k not in shown)
                if c == OTHER_NATIONALITIES
                else counts.get(c, 0)
                for c in columns
            ]
            if partition:
                equations.append(
                    [((i, j), 1) for j in range(len(columns))] + [((i, len(columns)), -1)]
                )
        rows.append((str(title), [*cells, figure.total]))
        row_keys.append(measure)
    notes = [
        str(
            _(
                "Proximity interventions: drop-in accesses (low-threshold services). "
                "Assessments: assessments dated in the period. New cases: people with a case "
                "opened in the period; cases in charge: people with a case active on at least "
                "one day of it."
            )
        )
    ]
    if dimension == "minors":
        notes.append(
            str(
                _(
                    "People: minors when under 18 in the year of the period's last day; "
                    "contacts: by the age band of the tally."
                )
            )
        )
    if dimension == "exploitation":
        notes.append(
            str(
                _(
                    "An assessment or a person can be counted under more than one form; the "
                    "total counts each once. People: the forms found by their assessments "
                    "made by the period's last day."
                )
            )
        )
    if not carried_everywhere:
        notes.append(str(_("–: not available, the records of that figure do not carry it.")))
    return ReportTable(
        key=f"national_{dimension}",
        title=NATIONAL_DIMENSIONS[dimension],
        row_header=pgettext_lazy("reports", "Figure"),
        columns=[*(label(c) for c in columns), _("Total")],
        rows=rows,
        equations=equations,
        chart_columns=(),
        note=" ".join(notes),
        row_keys=row_keys,
        column_keys=[*columns, "total"],
    )


# --- the whole report ----------------------------------------------------------------------


@dataclass
class Report:
    scope: Scope
    period: Period
    previous: Period
    current: Headline
    tables: list[ReportTable]

    def table(self, key: str) -> ReportTable | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def general_tables(self) -> list[ReportTable]:
        """The tables shown before the national monitoring section."""
        return [t for t in self.tables if not t.key.startswith("national_")]

    @property
    def national_tables(self) -> list[ReportTable]:
        return [t for t in self.tables if t.key.startswith("national_")]


def report(
    *,
    user: User,
    period: Period,
    only: str | set[str] | None = None,
    today: datetime.date | None = None,
) -> Report | None:
    """Every table of the dashboard for `user` (None: no report for this user); `only`
    builds the headline and that one table (for a chart or a single export)."""
    scope = report_scope(user)
    if scope is None:
        return None
    today = today or timezone.localdate()
    previous = period.previous()
    current = headline(scope=scope, period=period)
    builders: list[tuple[str, Callable[[], list[ReportTable]]]] = [
        # The previous period only for the headline table (a chart or a single table's
        # download does not need it).
        ("headline", lambda: [headline_table(current, headline(scope=scope, period=previous))]),
        *(
            (
                f"by_{d}",
                lambda d=d: [
                    breakdown_table(scope=scope, period=period, dimension=d, figures=current)
                ],
            )
            for d in DIMENSIONS
        ),
        ("capacity", lambda: [capacity_report(on=period.end)]),
        ("referrals", lambda: referral_reports(scope=scope, period=period)),
        ("phases", lambda: [phases_report(scope=scope, on=min(period.end, today))]),
        ("phase_moves", lambda: [phase_moves_report(scope=scope, period=period)]),
        # Occupancy and stays are computed over every bed and placement of the network:
        # not for an organisation's manager (its scope is its own records).
        *(
            [
                ("occupancy", lambda: [occupancy_report(period=period)]),
                ("length_of_stay", lambda: [length_of_stay_report(period=period)]),
            ]
            if scope.network
            else []
        ),
        ("exits", lambda: [exits_report(scope=scope, period=period)]),
        ("permits", lambda: [permits_report(scope=scope, period=period)]),
        ("activities", lambda: [activities_report(scope=scope, period=period)]),
        ("pathway_events", lambda: [pathway_events_report(scope=scope, period=period)]),
        ("deadlines", lambda: [deadlines_report(scope=scope, today=today)]),
        ("governance", lambda: [governance_report(user=user, scope=scope, period=period)]),
    ]
    if scope.network:
        builders.append(("outreach", lambda: outreach_reports(period=period)))

    def national(dimension: str) -> Callable[[], list[ReportTable]]:
        return lambda: [national_table(scope=scope, period=period, dimension=dimension)]

    builders.extend((f"national_{d}", national(d)) for d in NATIONAL_DIMENSIONS)
    tables: list[ReportTable] = []
    wanted = {only} if isinstance(only, str) else only
    for key, build in builders:
        if wanted is not None and not (
            key in wanted
            or (key == "referrals" and {"assessments", "assessment_forms"} & wanted)
            or (key == "outreach" and any(k.startswith("outreach_") for k in wanted))
        ):
            continue
        tables.extend(build())
    if scope.suppress:
        threshold = small_cell_threshold()
        for table in tables:
            protect(table, threshold)
    return Report(scope, period, previous, current, tables)


def table_keys() -> list[str]:
    """Every table key a report can hold (for URL validation)."""
    from approdi.outreach import statistics

    return [
        "headline",
        *(f"by_{d}" for d in DIMENSIONS),
        "capacity",
        "referrals",
        "assessments",
        "assessment_forms",
        "phases",
        "phase_moves",
        "occupancy",
        "length_of_stay",
        "exits",
        "permits",
        "activities",
        "pathway_events",
        "deadlines",
        "governance",
        *(f"outreach_{name}" for name in statistics.TABLES),
        *(f"national_{d}" for d in NATIONAL_DIMENSIONS),
    ]
