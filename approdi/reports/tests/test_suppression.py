"""Small cells for the monitoring role: hidden, with companions, and not recoverable.

`solutions` is an attacker: it tries every value of the hidden cells that agrees with the
published cells and the published totals. A hidden cell is protected when more than one
value remains possible for it.
"""

import io
import itertools
from collections.abc import Callable, Sequence

import pytest
from django.test import Client
from openpyxl import load_workbook

from approdi.accounts.models import User
from approdi.core.suppression import Cell, determined_cells, suppress, table_equations
from approdi.reports.selectors import Period, Scope, headline, headline_table
from approdi.reports.tables import ReportTable, protect

from .conftest import END, START, Records

QUERY = f"start={START.isoformat()}&end={END.isoformat()}"


def solutions(
    values: Sequence[Sequence[int]],
    hidden: set[Cell],
    equations: Sequence[Sequence[tuple[Cell, int]]],
) -> dict[Cell, set[int]]:
    """Every value each hidden cell can take, given the rest (brute force, 0..largest)."""
    cells = sorted(hidden)
    bound = max(max(row) for row in values)
    possible: dict[Cell, set[int]] = {cell: set() for cell in cells}
    for guess in itertools.product(range(bound + 1), repeat=len(cells)):
        known = dict(zip(cells, guess, strict=True))

        def value(cell: Cell, known: dict[Cell, int] = known) -> int:
            return known[cell] if cell in known else values[cell[0]][cell[1]]

        if all(sum(k * value(c) for c, k in eq) == 0 for eq in equations):
            for cell, v in known.items():
                possible[cell].add(v)
    return possible


def assert_not_recoverable(
    values: Sequence[Sequence[int]],
    hidden: set[Cell],
    equations: Sequence[Sequence[tuple[Cell, int]]],
) -> None:
    for cell, found in solutions(values, hidden, equations).items():
        assert values[cell[0]][cell[1]] in found
        assert len(found) > 1, f"{cell} is recoverable: always {found}"


def test_a_single_small_cell_would_be_recovered_from_its_total() -> None:
    values = [[2, 17, 19]]
    equations = table_equations(1, 3, row_total=True, total_row=False)
    # Primary suppression alone gives it away: 19 - 17.
    assert solutions(values, {(0, 0)}, equations) == {(0, 0): {2}}
    hidden = suppress(values, threshold=5, equations=equations, totals={(0, 2)})
    assert hidden == {(0, 0), (0, 1)}
    assert_not_recoverable(values, hidden, equations)


def test_rows_and_columns_with_totals_get_companions_on_both_lines() -> None:
    values = [
        [3, 10, 13],
        [8, 9, 17],
        [11, 19, 30],
    ]
    equations = table_equations(3, 3, row_total=True, total_row=True)
    totals = {(0, 2), (1, 2), (2, 0), (2, 1), (2, 2)}
    hidden = suppress(values, threshold=5, equations=equations, totals=totals)
    assert hidden == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert_not_recoverable(values, hidden, equations)


def test_two_hidden_cells_on_every_line_are_not_always_enough() -> None:
    # x + y = 7, x + z = 8, y + z = 9: each equation has two unknowns, yet x = 3.
    values = [[3, 4, 5, 7, 8, 9]]
    equations = [
        [((0, 0), 1), ((0, 1), 1), ((0, 3), -1)],
        [((0, 0), 1), ((0, 2), 1), ((0, 4), -1)],
        [((0, 1), 1), ((0, 2), 1), ((0, 5), -1)],
    ]
    assert determined_cells({(0, 0), (0, 1), (0, 2)}, equations) == {(0, 0), (0, 1), (0, 2)}
    hidden = suppress(values, threshold=5, equations=equations, totals={(0, 3), (0, 4), (0, 5)})
    assert {(0, 0), (0, 1)} <= hidden and len(hidden) > 3
    assert_not_recoverable(values, hidden, equations)


def test_the_seed_reception_rows_hide_trans_and_men_but_keep_the_total() -> None:
    table = ReportTable(
        key="t",
        title="t",
        row_header="r",
        columns=["n"],
        rows=[("Donne", [160]), ("Uomini", [17]), ("Trans", [2]), ("Totale", [179])],
        total_row=True,
    )
    protect(table, 5)
    # 17 men are hidden only so that the 2 cannot be worked out: "n.d." (not "<5", a false
    # figure), and so are the 2 (a "<5" beside the "n.d." would say 17 is at least 5).
    assert table.display_rows() == [
        ["Donne", "160"],
        ["Uomini", "n.d."],
        ["Trans", "n.d."],
        ["Totale", "179"],
    ]
    assert table.withheld_note == (
        "n.d.: non mostrato: un numero inferiore a 5, oppure un dato nascosto perché un tale "
        "numero non si possa ricavare dai totali o dagli altri dati."
    )
    values = [[160], [17], [2], [179]]
    equations = [[((0, 0), 1), ((1, 0), 1), ((2, 0), 1), ((3, 0), -1)]]
    assert_not_recoverable(values, table.suppressed, equations)


def test_zeros_are_published_and_derived_cells_follow_their_source() -> None:
    table = ReportTable(
        key="t",
        title="t",
        row_header="r",
        columns=["now", "before", "change"],
        rows=[("a", [3, 0, 3]), ("b", [20, 12, 8])],
        derived={2: (0, 1)},
    )
    protect(table, 5)
    # 3 is hidden and so is its change (0 + change would give it away); 8 is not a count.
    # The change is not a count under 5: "n.d.".
    assert table.display_rows() == [["a", "<5", "0", "n.d."], ["b", "20", "12", "8"]]


@pytest.mark.django_db
def test_the_headline_table_for_monitoring_cannot_be_undone(records: Records) -> None:
    for _ in range(9):
        records.case(records.person("woman"), START)
    for _ in range(6):
        records.case(records.person("man"), START)
    records.case(records.person("trans"), START)
    period = Period(START, END)
    scope = Scope(None, suppress=True)
    table = headline_table(
        headline(scope=scope, period=period), headline(scope=scope, period=period.previous())
    )
    protect(table, 5)
    shown = {row[0]: row[1] for row in table.display_rows()}
    assert [shown[k] for k in ("Accoglienza: donne", "Accoglienza: uomini")] == ["9", "n.d."]
    assert (shown["Accoglienza: transessuali"], shown["Accoglienza: totale"]) == ("n.d.", "16")
    rows = table.row_keys
    values = [[int(v or 0) for v in r[1][:2]] for r in table.rows]
    equations = [
        [((rows.index(f"reception.{g}"), 0), 1) for g in ("woman", "man", "trans")]
        + [((rows.index("reception.total"), 0), -1)]
    ]
    current_hidden = {cell for cell in table.suppressed if cell[1] == 0}
    assert_not_recoverable(values, current_hidden, equations)


@pytest.fixture
def small_network(records: Records) -> None:
    records.outing(START, 40)
    records.outing(START, 3, kind="indoor")
    for _ in range(9):
        records.case(records.person("woman"), START)
    for _ in range(6):
        records.case(records.person("man"), START)
    records.case(records.person("trans"), START)


@pytest.mark.django_db
def test_every_output_for_monitoring_hides_the_same_cells(
    client_for: Callable[[User], Client], monitor: User, coordinator: User, small_network: None
) -> None:
    client = client_for(monitor)
    page = client.get(f"/reports/?{QUERY}")
    shown = {row[0]: row[1] for row in page.context["report"].table("headline").display_rows()}
    assert shown["Contatti indoor"] == "<5"
    assert shown["Accoglienza: transessuali"] == "n.d."

    body = b"".join(client.get(f"/reports/tables/headline.csv?{QUERY}").streaming_content)  # type: ignore[attr-defined]
    lines = body.decode("utf-8-sig").splitlines()
    assert "Contatti indoor,<5,0,n.d." in lines
    assert "Accoglienza: transessuali,n.d.,0,n.d." in lines
    assert "Accoglienza: uomini,n.d.,0,n.d." in lines
    assert "Accoglienza: totale,16,0,16" in lines
    assert lines[-2:] == [
        "",
        '"n.d.: non mostrato: un numero inferiore a 5, oppure un dato nascosto perché un tale '
        'numero non si possa ricavare dai totali o dagli altri dati."',
    ]

    sheet = load_workbook(io.BytesIO(client.get(f"/reports/tables/headline.xlsx?{QUERY}").content))[
        "headline"
    ]
    cells = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=4)}
    assert cells["Accoglienza: transessuali"] == ["n.d.", 0, "n.d."]
    assert cells["Accoglienza: donne"] == [9, 0, 9]
    assert cells["Contatti indoor"] == ["<5", 0, "n.d."]
    notes = [row[0].value for row in sheet.iter_rows() if str(row[0].value).startswith("n.d.:")]
    assert len(notes) == 1

    api = client.get(f"/api/v1/reports/headline/?{QUERY}").json()
    assert api["small_cells_hidden"] is True
    assert api["reception"] == {"woman": 9, "man": None, "trans": None, "other": 0, "total": 16}
    assert api["indoor_contacts"] is None
    assert {"reception.man", "reception.trans", "indoor_contacts"} <= set(api["hidden"])
    gender = next(b for b in api["breakdowns"] if b["dimension"] == "gender")
    trans = next(r for r in gender["rows"] if r["key"] == "trans")
    assert trans["values"]["reception"] is None

    monitored = client.get(f"/reports/charts/by_gender.svg?{QUERY}").content
    full = client_for(coordinator).get(f"/reports/charts/by_gender.svg?{QUERY}").content
    assert b">6</text>" in full and b">6</text>" not in monitored
    assert b">9</text>" in monitored


@pytest.mark.django_db
def test_the_threshold_is_a_setting(
    client_for: Callable[[User], Client],
    monitor: User,
    small_network: None,
    settings: object,
) -> None:
    settings.APPRODI_SMALL_CELL_THRESHOLD = 11  # type: ignore[attr-defined]
    api = client_for(monitor).get(f"/api/v1/reports/headline/?{QUERY}").json()
    assert api["threshold"] == 11
    assert api["reception"]["woman"] is None
    assert api["street_contacts"] == 40
