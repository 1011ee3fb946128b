"""The emersione table's shared figures: aggregates of anonymous outreach records.

These are head-counts across the whole network (the table shares them among the
partners), never rows: nothing here returns a record. For the monitoring role, a count
below the threshold is hidden, and a second cell of the same row is hidden where the first
could be recovered from the row's total (reports.md, "Small cells"); hidden cells show
"<5", or "n.d." in a table where a companion had to be hidden
(approdi.core.suppression.hidden_marks).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django import forms
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit
from approdi.core.code_lists import code_choices
from approdi.core.exports import streaming_csv
from approdi.core.models import AccessAction, CodeListEntry
from approdi.core.suppression import (
    hidden_marks,
    small_cell_threshold,
    suppress,
    table_equations,
    withheld_label,
    withheld_note,
)
from approdi.people.choices import Gender

from . import choices
from .choices import ContactStatus, Shift
from .models import ContactTally, DropInAccess, Outing, PhoneContact, ServiceGiven

STATISTICS_ROLES = frozenset(
    {Role.COORDINATOR, Role.ORG_MANAGER, Role.OUTREACH_WORKER, Role.MONITORING}
)
TABLES = ("outings", "contacts_gender", "contacts_nationality", "services", "territory_month")


def _suppressed(user: User) -> bool:
    """Monitoring sees the figures with small cells hidden (the coordinator sees all)."""
    return has_role(user, Role.MONITORING) and not has_role(user, Role.COORDINATOR)


class StatisticsFilterForm(forms.Form):
    date_from = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    territory = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        territories = code_choices(choices.TERRITORY)
        self.fields["territory"].choices = [("", gettext_lazy("All")), *territories]  # type: ignore[attr-defined]
        # Monitoring may not pick any dates: two periods a day apart, subtracted, would
        # give back the small cells of that day. Only whole project periods.
        self.periods_only = user is not None and _suppressed(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if self.periods_only and (start or end):
            from approdi.network.models import ProjectPeriod

            periods = list(ProjectPeriod.objects.order_by("start"))
            if not any(p.start == start and p.end == end for p in periods):
                raise forms.ValidationError(
                    _("You can choose only a whole project period: %(periods)s.")
                    % {
                        "periods": "; ".join(
                            f"{p.name} ({p.start:%d/%m/%Y} – {p.end:%d/%m/%Y})" for p in periods
                        )
                    }
                )
        return data

    def params(self) -> dict[str, Any]:
        """Valid filters only: a bad value is shown on the form and left out of the figures."""
        if not self.is_bound or not self.is_valid():
            return {"date_from": None, "date_to": None, "territory": ""}
        return {k: self.cleaned_data.get(k) or None for k in ("date_from", "date_to")} | {
            "territory": self.cleaned_data.get("territory") or ""
        }


@dataclass
class Table:
    name: str
    title: str | Promise
    row_header: str | Promise
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    with_total: bool = True
    suppressed: set[tuple[int, int]] = field(default_factory=set)

    def values(self, index: int) -> list[int]:
        cells = self.rows[index][1]
        return [*cells, sum(cells)] if self.with_total else list(cells)

    def header(self) -> list[str]:
        return [str(self.row_header), *self.columns] + ([_("Total")] if self.with_total else [])

    def marks(self) -> dict[tuple[int, int], str]:
        """How each hidden cell is shown ("<5", or "n.d." where a companion was hidden)."""
        values = [self.values(i) for i in range(len(self.rows))]
        width = len(values[0]) if values else 0
        equations = table_equations(len(values), width, row_total=self.with_total, total_row=False)
        return hidden_marks(values, self.suppressed, small_cell_threshold(), equations)

    def display_rows(self) -> list[list[str]]:
        """Rows as shown: label, then each cell (its mark where suppressed)."""
        shown = []
        marks = self.marks()
        for i, (label, _cells) in enumerate(self.rows):
            cells = [marks.get((i, j)) or str(v) for j, v in enumerate(self.values(i))]
            shown.append([label, *cells])
        return shown

    @property
    def withheld_note(self) -> str:
        """The note explaining "n.d.", when a cell of the table shows it."""
        if withheld_label() in self.marks().values():
            return withheld_note()
        return ""

    def chart_values(self) -> list[tuple[str, int | None]]:
        """(label, value) of each row's total (or only column); None where suppressed."""
        last = len(self.values(0)) - 1 if self.rows else 0
        return [
            (label, None if (i, last) in self.suppressed else self.values(i)[last])
            for i, (label, _cells) in enumerate(self.rows)
        ]


def suppress_small_cells(table: Table, threshold: int) -> None:
    """Hide counts 1..threshold-1, and more cells where a row total would give one away
    (approdi.core.suppression, shared with the reports)."""
    values: list[list[int | None]] = [list(table.values(i)) for i in range(len(table.rows))]
    if not values:
        return
    width = len(values[0])
    equations = table_equations(len(values), width, row_total=table.with_total, total_row=False)
    totals = {(i, width - 1) for i in range(len(values))} if table.with_total else set()
    table.suppressed.update(
        suppress(values, threshold=threshold, equations=equations, totals=totals)
    )


def _labels(list_name: str) -> dict[str, str]:
    return {e.code: e.label for e in CodeListEntry.objects.filter(list_name=list_name)}


def _filtered(
    queryset: QuerySet[Any],
    prefix: str,
    date_from: datetime.date | None,
    date_to: datetime.date | None,
    territory: str,
) -> QuerySet[Any]:
    if date_from:
        queryset = queryset.filter(**{f"{prefix}date__gte": date_from})
    if date_to:
        queryset = queryset.filter(**{f"{prefix}date__lte": date_to})
    if territory:
        queryset = queryset.filter(**{f"{prefix}territory": territory})
    return queryset


def _outings(**f: Any) -> Table:
    kinds = _labels(choices.OUTING_KIND)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        _filtered(Outing.objects.all(), "", **f).values("kind", "shift").annotate(n=Count("id"))
    ):
        counts[row["kind"]][row["shift"]] = row["n"]
    shifts = [s.value for s in Shift]
    rows = [
        (kinds.get(kind, kind), [counts[kind][s] for s in shifts])
        for kind in sorted(counts, key=lambda k: list(kinds).index(k) if k in kinds else 99)
    ]
    return Table(
        "outings",
        gettext_lazy("Outings by kind and shift"),
        gettext_lazy("Kind"),
        [str(s.label) for s in Shift],
        rows,
    )


def _contacts_by(attribute: str, **f: Any) -> list[tuple[str, list[int]]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    tallies = _filtered(ContactTally.objects.all(), "outing__", **f)
    for row in tallies.values(attribute, "status").annotate(n=Sum("count")):
        counts[row[attribute] or ""][row["status"]] = row["n"] or 0
    statuses = [s.value for s in ContactStatus]
    return [(key, [counts[key][s] for s in statuses]) for key in counts]


def _contacts_gender(**f: Any) -> Table:
    genders = dict(Gender.choices)
    order = list(genders)
    rows = sorted(_contacts_by("gender", **f), key=lambda r: order.index(r[0]))
    return Table(
        "contacts_gender",
        gettext_lazy("Contacts by gender, new and known"),
        gettext_lazy("Gender"),
        [str(s.label) for s in ContactStatus],
        [(str(genders.get(k, k)), v) for k, v in rows],
    )


def _contacts_nationality(**f: Any) -> Table:
    rows = sorted(_contacts_by("nationality", **f), key=lambda r: (-sum(r[1]), r[0]))
    return Table(
        "contacts_nationality",
        gettext_lazy("Contacts by nationality, new and known"),
        gettext_lazy("Nationality"),
        [str(s.label) for s in ContactStatus],
        [(k or _("Unknown"), v) for k, v in rows],
    )


def _services(**f: Any) -> Table:
    services = _labels(choices.SERVICE_KIND)
    materials = _labels(choices.PREVENTION_MATERIAL)
    outings = _filtered(ServiceGiven.objects.filter(outing__isnull=False), "outing__", **f)
    accesses = _filtered(ServiceGiven.objects.filter(access__isnull=False), "access__", **f)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for column, queryset in enumerate((outings, accesses)):
        for row in queryset.values("service", "material").annotate(n=Sum("quantity")):
            counts[(row["service"], row["material"])][column] += row["n"] or 0
    order = list(services)

    def label(key: tuple[str, str]) -> str:
        service, material = key
        if material:
            return f"{services.get(service, service)}: {materials.get(material, material)}"
        return services.get(service, service)

    keys = sorted(counts, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[1]))
    return Table(
        "services",
        gettext_lazy("Services and prevention materials given"),
        gettext_lazy("Service"),
        [_("Outings"), _("Drop-in")],
        [(label(k), counts[k]) for k in keys],
    )


def _territory_month(**f: Any) -> Table:
    territories = _labels(choices.TERRITORY)
    counts: dict[tuple[datetime.date, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    sources: list[tuple[int, QuerySet[Any], str, Any]] = [
        (0, _filtered(Outing.objects.all(), "", **f), "", Count("id")),
        (1, _filtered(ContactTally.objects.all(), "outing__", **f), "outing__", Sum("count")),
        (2, _filtered(DropInAccess.objects.all(), "", **f), "", Count("id")),
        (3, _filtered(PhoneContact.objects.all(), "", **f), "", Count("id")),
    ]
    for column, queryset, prefix, aggregate in sources:
        rows = (
            queryset.annotate(month=TruncMonth(f"{prefix}date"))
            .values("month", f"{prefix}territory")
            .annotate(n=aggregate)
        )
        for row in rows:
            month = row["month"]
            if isinstance(month, datetime.datetime):
                month = month.date()
            counts[(month, row[f"{prefix}territory"])][column] += row["n"] or 0
    keys = sorted(counts, key=lambda k: (k[0], k[1]))
    return Table(
        "territory_month",
        gettext_lazy("Per territory and month"),
        gettext_lazy("Month · territory"),
        [_("Outings"), _("Contacts"), _("Drop-in accesses"), _("Phone contacts")],
        [(f"{m:%Y-%m} · {territories.get(t, t)}", counts[(m, t)]) for m, t in keys],
        with_total=False,
    )


BUILDERS = {
    "outings": _outings,
    "contacts_gender": _contacts_gender,
    "contacts_nationality": _contacts_nationality,
    "services": _services,
    "territory_month": _territory_month,
}


def emersione_table(
    *,
    user: User,
    name: str,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    territory: str = "",
) -> Table | None:
    builder = BUILDERS.get(name)
    if builder is None:
        return None
    table = builder(date_from=date_from, date_to=date_to, territory=territory)
    if _suppressed(user):
        suppress_small_cells(table, small_cell_threshold())
    return table


def emersione_tables(*, user: User, **filters: Any) -> list[Table]:
    tables = [emersione_table(user=user, name=name, **filters) for name in TABLES]
    return [t for t in tables if t is not None]


def table_csv(table: Table, *, user: User, request: HttpRequest) -> StreamingHttpResponse:
    """The table as CSV (aggregates only); the download is written in the access log."""
    audit.record(
        AccessAction.EXPORT,
        actor=user,
        request=request,
        object_type="outreach.statistics",
        object_id=table.name,
        fields=sorted(request.GET.keys()),
    )
    rows = table.display_rows()
    if table.withheld_note:
        rows += [[], [table.withheld_note]]
    return streaming_csv(f"emersione-{table.name}.csv", table.header(), rows)


def table_svg(table: Table) -> str:
    """A horizontal bar chart of each row's total (suppressed rows have no bar)."""
    values = table.chart_values()
    marks = table.marks()
    last = len(table.values(0)) - 1 if table.rows else 0
    width, label_width, bar_height, gap = 640, 240, 20, 6
    height = max(1, len(values)) * (bar_height + gap) + 30
    largest = max([v for _l, v in values if v] or [1])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        f"<title>{escape(str(table.title))}</title>",
    ]
    if not values:
        parts.append(f'<text x="10" y="20">{escape(_("No data for this period."))}</text>')
    for index, (label, value) in enumerate(values):
        y = 10 + index * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">'
            f"{escape(label[:40])}</text>"
        )
        if value is None:
            mark = escape(marks.get((index, last), withheld_label()))
            parts.append(f'<text x="{label_width + 4}" y="{y + 14}">{mark}</text>')
            continue
        length = int((width - label_width - 60) * value / largest)
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="#0d6efd"/>'
            f'<text x="{label_width + length + 4}" y="{y + 14}">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
