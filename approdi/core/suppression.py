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

Zeros are published (a zero is not a person); every hidden cell is shown the same way,
so a reader cannot tell a primary from a secondary one.
"""

from collections.abc import Sequence
from fractions import Fraction

from django.conf import settings

Cell = tuple[int, int]


def small_cell_threshold() -> int:
    return int(getattr(settings, "APPRODI_SMALL_CELL_THRESHOLD", 5))


def suppressed_label(threshold: int | None = None) -> str:
    return f"<{small_cell_threshold() if threshold is None else threshold}"


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
