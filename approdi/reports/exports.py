"""A report's tables as charts (pygal SVG), CSV, XLSX and PDF.

Every output reads the published values of the tables (`ReportTable.value`/`cell`), so a
cell hidden for the monitoring role is hidden in all of them. Text cells are protected
against spreadsheet formula injection (approdi.core.exports.safe_cell).
"""

import base64
import io
import re
from collections.abc import Iterable

import pygal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from approdi.core.exports import safe_cell

from .selectors import Report
from .tables import ReportTable

SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)

CHART_STYLE = pygal.style.Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#ccc",
    colors=("#0d6efd", "#6c757d", "#198754", "#dc3545", "#fd7e14", "#6f42c1"),
    font_family="DejaVu Sans, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=14,
    value_font_size=10,
)


def chart_svg(table: ReportTable) -> bytes:
    """A horizontal bar chart of the table's chart columns (hidden cells: no bar).

    Self-contained SVG with no script, shown through <img> (the CSP allows no inline SVG).
    """
    # pygal draws the first label of a horizontal chart at the bottom: reversed, the chart
    # reads top-down like the table.
    rows = list(reversed(table.data_rows()))
    chart = pygal.HorizontalBar(
        style=CHART_STYLE,
        js=[],
        width=800,
        height=max(220, 60 + 26 * len(rows) * max(1, len(table.chart_columns))),
        show_legend=len(table.chart_columns) > 1,
        legend_at_bottom=True,
        print_values=True,
        truncate_label=40,
        no_data_text=_("No data for this period."),
        disable_xml_declaration=True,
    )
    chart.title = str(table.title)
    chart.x_labels = [table.rows[i][0] for i in rows]
    for j in table.chart_columns:
        values = []
        for i in rows:
            value = table.value(i, j)
            if value is not None and j in table.percent_columns:
                value = round(float(value) * 100, 1)
            values.append(value)
        chart.add(str(table.columns[j]), values)
    rendered = chart.render()
    svg = rendered if isinstance(rendered, bytes) else str(rendered).encode()
    # pygal adds a configuration script for its interactive mode: not wanted in an image.
    return SCRIPT.sub(b"", svg)


def csv_rows(table: ReportTable) -> Iterable[list[str]]:
    yield from table.display_rows()
    if table.withheld_note:
        yield []
        yield [table.withheld_note]


def _sheet_value(table: ReportTable, i: int, j: int) -> object:
    """Numbers stay numbers; hidden cells and text are (safe) text."""
    value = table.value(i, j)
    if (i, j) in table.suppressed or value is None:
        return table.cell(i, j)
    if j in table.percent_columns:
        return round(float(value), 4)
    return value


def xlsx_bytes(tables: list[ReportTable], *, title: str) -> bytes:
    """One sheet per table: a title line, the header, the rows (and the table's note)."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    used: set[str] = set()
    for table in tables:
        name = safe_sheet_name(table.key, used)
        sheet = workbook.create_sheet(name)
        sheet.append([safe_cell(str(table.title))])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_cell(title)])
        sheet.append([safe_cell(h) for h in table.header()])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for i, (label, _values) in enumerate(table.rows):
            row: list[object] = [safe_cell(label)]
            for j in range(len(table.columns)):
                value = _sheet_value(table, i, j)
                row.append(safe_cell(value) if isinstance(value, str) else value)
            sheet.append(row)
        notes = [str(n) for n in (table.note, table.withheld_note) if n]
        if notes:
            sheet.append([])
        for note in notes:
            sheet.append([safe_cell(note)])
        sheet.column_dimensions["A"].width = 42
        for j in range(len(table.columns)):
            sheet.column_dimensions[get_column_letter(j + 2)].width = 18
        for j in table.percent_columns:
            for cells in sheet.iter_rows(min_row=4, min_col=j + 2, max_col=j + 2):
                for cell in cells:
                    if isinstance(cell.value, float):
                        cell.number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(key: str, used: set[str]) -> str:
    name = key[:31]
    n = 2
    while name in used:
        name = f"{key[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def report_pdf(report: Report, tables: list[ReportTable], *, period_label: str) -> bytes:
    """The report on A4 with its charts (embedded as SVG images), to print for a meeting."""
    from weasyprint import HTML  # imported late: it loads native libraries

    sections = []
    for table in tables:
        chart = None
        if table.has_chart:
            chart = "data:image/svg+xml;base64," + base64.b64encode(chart_svg(table)).decode()
        sections.append({"table": table, "chart": chart})
    html = render_to_string(
        "reports/report_pdf.html",
        {
            "report": report,
            "sections": sections,
            "period_label": period_label,
            "generated": timezone.now(),
        },
    )
    return bytes(HTML(string=html).write_pdf())
