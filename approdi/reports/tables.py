"""A report's table: labelled rows of figures, the cells hidden for small-cell protection,
and how each cell is shown. Every page, chart and export reads the same object, so what
is hidden on the page is hidden in the CSV, the spreadsheet, the PDF and the chart."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.functional import Promise

from approdi.core.suppression import (
    Cell,
    hidden_marks,
    suppress,
    suppressed_label,
    withheld_label,
    withheld_note,
)

Value = int | float | None


@dataclass
class ReportTable:
    key: str
    title: str | Promise
    row_header: str | Promise
    columns: list[str | Promise]
    rows: list[tuple[str, list[Value]]]
    # The last row holds the column totals (an equation for small-cell protection).
    total_row: bool = False
    # Per column: a count subject to small-cell protection (default: every column).
    counts: list[bool] | None = None
    # Column → the columns it is computed from: hidden wherever one of those is hidden.
    derived: dict[int, tuple[int, ...]] = field(default_factory=dict)
    # Extra equations (cell lists summing to 0 with coefficients) the table publishes.
    equations: list[list[tuple[Cell, int]]] = field(default_factory=list)
    # Columns shown as percentages / with one decimal.
    percent_columns: frozenset[int] = frozenset()
    decimal_columns: frozenset[int] = frozenset()
    # Columns of differences: a negative one is written with the minus sign U+2212, which
    # no spreadsheet reads as the start of a formula.
    signed_columns: frozenset[int] = frozenset()
    # Columns drawn in the chart (none: no chart).
    chart_columns: tuple[int, ...] = (0,)
    note: str | Promise = ""
    # A stable key per row, where the rows are fixed figures (the headline table).
    row_keys: list[str] = field(default_factory=list)
    column_keys: list[str] = field(default_factory=list)
    suppressed: set[Cell] = field(default_factory=set)
    # The hidden cells shown as "<5"; the others show "n.d." (in the language of the page,
    # chosen when shown; approdi.core.suppression.hidden_marks).
    small_marks: set[Cell] = field(default_factory=set)
    threshold: int = 5

    def is_count(self, j: int) -> bool:
        if j in self.derived:
            return False
        return self.counts is None or self.counts[j]

    def header(self) -> list[str]:
        return [str(self.row_header), *(str(c) for c in self.columns)]

    def value(self, i: int, j: int) -> Value:
        """The published value: None where hidden or empty."""
        if (i, j) in self.suppressed:
            return None
        return self.rows[i][1][j]

    def cell(self, i: int, j: int) -> str:
        if (i, j) in self.suppressed:
            return (
                suppressed_label(self.threshold) if (i, j) in self.small_marks else withheld_label()
            )
        value = self.rows[i][1][j]
        if value is None:
            return "–"
        if j in self.percent_columns:
            return f"{value * 100:.1f}%"
        if j in self.decimal_columns or isinstance(value, float):
            return f"{value:.1f}"
        if j in self.signed_columns and value < 0:
            return f"\u2212{-value}"
        return str(value)

    def display_rows(self) -> list[list[str]]:
        return [
            [label, *(self.cell(i, j) for j in range(len(self.columns)))]
            for i, (label, _values) in enumerate(self.rows)
        ]

    def data_rows(self) -> range:
        """The rows a chart draws (not the total row)."""
        return range(len(self.rows) - 1 if self.total_row else len(self.rows))

    @property
    def withheld_note(self) -> str:
        """The note explaining "n.d.", when a cell of the table shows it."""
        if self.suppressed - self.small_marks:
            return withheld_note(self.threshold)
        return ""

    @property
    def has_chart(self) -> bool:
        return bool(self.chart_columns) and len(self.data_rows()) > 0


def protect(table: ReportTable, threshold: int) -> ReportTable:
    """Hide the small cells of `table` and their companions (approdi.core.suppression)."""
    table.threshold = threshold
    values: list[list[int | None]] = [
        [
            int(v) if table.is_count(j) and isinstance(v, int) else None
            for j, v in enumerate(row_values)
        ]
        for _label, row_values in table.rows
    ]
    equations: list[list[tuple[Cell, int]]] = list(table.equations)
    totals: set[Cell] = set()
    if table.total_row and len(table.rows) > 1:
        last = len(table.rows) - 1
        for j in range(len(table.columns)):
            if table.is_count(j):
                equations.append([((i, j), 1) for i in range(last)] + [((last, j), -1)])
                totals.add((last, j))
    table.suppressed = suppress(values, threshold=threshold, equations=equations, totals=totals)
    hide_derived(table)
    counted = {(i, j) for i, j in table.suppressed if table.is_count(j)}
    # Counts: "<5" where every hidden count of the table is small, else "n.d."; a figure
    # computed from a hidden count (a share, a mean) is not a count: "n.d.".
    marks = hidden_marks(values, counted, threshold, equations)
    table.small_marks = {cell for cell, mark in marks.items() if mark != withheld_label()}
    return table


def hide_derived(table: ReportTable) -> None:
    for j, sources in table.derived.items():
        for i in range(len(table.rows)):
            if any((i, k) in table.suppressed for k in sources):
                table.suppressed.add((i, j))


def column_sum(rows: Sequence[tuple[str, list[Value]]], j: int) -> int:
    return sum(int(values[j] or 0) for _label, values in rows)
