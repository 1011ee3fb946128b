"""Small-cell suppression for aggregate tables (access.md rule 7, reports.md "Small cells").

A count from 1 to threshold − 1 is hidden (primary suppression). A table with totals
publishes linear equations (a row's cells add up to the row's total, a column's cells to
the total row): a hidden cell must not be the only unknown of such an equation, nor be
recoverable by combining equations. So after the primary cells are hidden, every hidden
cell whose value is still determined by the published cells and the equations gets a
companion: one more cell of one of its equations is hidden (secondary suppression), the
smallest positive count first, a total only when nothing else is left. The loop stops when
no hidden cell is determined, which is checked with exact rational arithmetic: a hidden
cell is determined exactly when its unit vector lies in the row space of the equations
restricted to the hidden cells.

Zeros are published (a zero is not a person). How a hidden cell is shown (`hidden_marks`):
"<5" is written only where it is true of every hidden cell linked to it by the equations
(no companion was needed there); where a companion was needed, the linked hidden cells are
all shown as "n.d." (a companion can hold 20: "<5" would be a false figure). The two marks
are never mixed among linked cells: a companion marked apart would be known to be 0 or at
least 5, and with a published total that bound can give a small cell away (1 and 5 in a
row of 6: "<5", "n.d.", 6 leaves only 1 for the small cell).
"""

from collections.abc import Sequence
from fractions import Fraction

from django.conf import settings
from django.utils.translation import pgettext

Cell = tuple[int, int]


def small_cell_threshold() -> int:
    return int(getattr(settings, "APPRODI_SMALL_CELL_THRESHOLD", 5))


def suppressed_label(threshold: int | None = None) -> str:
    return f"<{small_cell_threshold() if threshold is None else threshold}"


def withheld_label() -> str:
    """The mark of a hidden cell that is not (or not known to be) a count under the threshold."""
    return pgettext("small cell", "n/a")


def withheld_note(threshold: int | None = None) -> str:
    """The note under a table that shows the "n.d." mark."""
    return pgettext(
        "small cell",
        "n/a: not shown: a count under %(threshold)s, or a figure hidden so that such a "
        "count cannot be worked out from the totals or the other figures.",
    ) % {"threshold": small_cell_threshold() if threshold is None else threshold}


def hidden_marks(
    values: Sequence[Sequence[int | float | None]],
    hidden: set[Cell],
    threshold: int,
    equations: Sequence[Sequence[tuple[Cell, int]]] = (),
) -> dict[Cell, str]:
    """How each hidden cell is shown. Hidden cells linked by the equations (directly or
    through other cells) form a group: "<threshold" for all of a group when each of its
    cells is a count from 1 to threshold − 1, else "n.d." for all of it (module doc)."""
    parent: dict[Cell, Cell] = {}

    def root(cell: Cell) -> Cell:
        parent.setdefault(cell, cell)
        while parent[cell] != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for equation in equations:
        cells = [c for c, _k in equation]
        for other in cells[1:]:
            parent[root(other)] = root(cells[0])

    def small(cell: Cell) -> bool:
        value = values[cell[0]][cell[1]]
        return isinstance(value, int) and 0 < value < threshold

    mixed = {root(cell) for cell in hidden if not small(cell)}
    label, withheld = suppressed_label(threshold), withheld_label()
    return {cell: withheld if root(cell) in mixed else label for cell in hidden}


def table_equations(
    n_rows: int, n_columns: int, *, row_total: bool, total_row: bool
) -> list[list[tuple[Cell, int]]]:
    """The equations a table with a total column and/or a total row publishes.

    With `row_total`, the last column of each row is its total; with `total_row`, the last
    row holds the column totals. Each equation is a list of (cell, coefficient) = 0.
    """
    equations: list[list[tuple[Cell, int]]] = []
    data_rows = n_rows - 1 if total_row else n_rows
    data_columns = n_columns - 1 if row_total else n_columns
    if row_total:
        for i in range(n_rows):
            equations.append(
                [((i, j), 1) for j in range(data_columns)] + [((i, n_columns - 1), -1)]
            )
    if total_row:
        for j in range(n_columns):
            equations.append([((i, j), 1) for i in range(data_rows)] + [((n_rows - 1, j), -1)])
    return equations


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows if any(row)]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column]:
                factor = matrix[r][column] / lead
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def determined_cells(
    hidden: set[Cell], equations: Sequence[Sequence[tuple[Cell, int]]]
) -> set[Cell]:
    """The hidden cells whose value follows from the published cells and the equations."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row = [Fraction(0)] * len(unknowns)
        for cell, coefficient in equation:
            if cell in index:
                row[index[cell]] += coefficient
        if any(row):
            rows.append(row)
    if not rows:
        return set()
    full = _rank(rows)
    found = set()
    for k, cell in enumerate(unknowns):
        without = [row[:k] + row[k + 1 :] for row in rows]
        if _rank(without) < full:
            found.add(cell)
    return found


def suppress(
    values: Sequence[Sequence[int | None]],
    *,
    threshold: int,
    equations: Sequence[Sequence[tuple[Cell, int]]] = (),
    totals: set[Cell] | frozenset[Cell] = frozenset(),
) -> set[Cell]:
    """The cells to hide: counts under `threshold`, and companions until none is recoverable.

    `values` holds counts (None: a cell that is not a count, never hidden here); `totals`
    are the cells hidden as a companion only when no other cell of the equation can be.
    """
    hidden: set[Cell] = {
        (i, j)
        for i, row in enumerate(values)
        for j, value in enumerate(row)
        if value is not None and 0 < value < threshold
    }
    if not hidden or not equations:
        return hidden
    while True:
        determined = determined_cells(hidden, equations)
        if not determined:
            return hidden
        candidates = [
            candidate
            for cell in sorted(determined)
            for candidate in _candidates(cell, values, hidden, equations, totals)
        ]
        if not candidates:  # nothing left to hide around the determined cells
            return hidden
        companion = min(candidates)[2]
        hidden.add(companion)


def _candidates(
    cell: Cell,
    values: Sequence[Sequence[int | None]],
    hidden: set[Cell],
    equations: Sequence[Sequence[tuple[Cell, int]]],
    totals: set[Cell] | frozenset[Cell],
) -> list[tuple[int, int, Cell]]:
    """The published cells sharing an equation with `cell`, best companion first:
    positive counts (smallest first), then totals, then zeros."""
    candidates: list[tuple[int, int, Cell]] = []
    for equation in equations:
        cells = [c for c, _k in equation]
        if cell not in cells:
            continue
        for other in cells:
            value = values[other[0]][other[1]]
            if other in hidden or value is None:
                continue
            rank = 0 if value > 0 and other not in totals else (1 if other in totals else 2)
            candidates.append((rank, value, other))
    return sorted(candidates)
