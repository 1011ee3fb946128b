"""The whole report as a PDF: WeasyPrint on A4, with the charts, turned into PNG by pdftoppm
and not blank; suppressed for monitoring; logged."""

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from approdi.accounts.models import User
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.reports.selectors import Period, report

from .conftest import END, START, Records

pytestmark = pytest.mark.django_db

QUERY = f"start={START.isoformat()}&end={END.isoformat()}"


@pytest.fixture
def figures(records: Records) -> None:
    records.outing(START, 40, 17)
    records.outing(END, 3, kind="indoor")
    for _ in range(12):
        records.access(START)
    for _ in range(9):
        records.case(records.person("woman"), START)
    records.case(records.person("trans"), START)


def render(client: Client, tmp_path: Path) -> tuple[Path, str]:
    response = client.get(f"/reports/report.pdf?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="approdi-report-20240301-20240331.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is missing: scripts/ensure-system-packages.sh"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pdf, text


def dark_pixel_share(pgm: bytes) -> float:
    parts = pgm.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    pixels = parts[4][: width * height]
    return sum(1 for value in pixels if value < 200) / (width * height)


def test_the_report_pdf_prints_on_a4_with_its_charts(
    client_for: Callable[[User], Client], coordinator: User, figures: None, tmp_path: Path
) -> None:
    pdf, text = render(client_for(coordinator), tmp_path)
    for expected in ("I dati del progetto", "Contatti unità di strada", "57", "Per genere"):
        assert expected in text, expected
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    lines = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert lines["Page size"].strip() == "595.276 x 841.89 pts (A4)"
    assert int(lines["Pages"]) >= 3
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm
    subprocess.run(
        [pdftoppm, "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "png")],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    share = dark_pixel_share(image.read_bytes())
    assert share > 0.01, f"the first page is blank ({share:.4%} dark pixels)"
    (png,) = tmp_path.glob("png*.png")
    assert png.read_bytes().startswith(b"\x89PNG")
    # The charts are in the PDF as images (WeasyPrint draws the SVG as vector graphics,
    # so its text is there too): the chart title of the headline table.
    assert text.count("I dati del progetto") >= 2
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.actor_username, entry.object_id) == ("coord", "report.pdf")


def test_the_pdf_for_monitoring_hides_the_small_cells(
    client_for: Callable[[User], Client], monitor: User, figures: None, tmp_path: Path
) -> None:
    _pdf, text = render(client_for(monitor), tmp_path)
    assert "I conteggi sotto la soglia sono nascosti." in text
    indoor = next(line for line in text.splitlines() if line.strip().startswith("Contatti indoor"))
    # 3 indoor contacts: "<5"; the change computed from it: "n.d.", explained in a note.
    assert indoor.split()[2:] == ["<5", "0", "n.d."]
    assert "n.d.: non mostrato" in text


def test_one_table_as_a_pdf_holds_that_table_and_its_chart_only(
    client_for: Callable[[User], Client], coordinator: User, figures: None, tmp_path: Path
) -> None:
    response = client_for(coordinator).get(f"/reports/tables/by_gender.pdf?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="approdi-by_gender-20240301-20240331.pdf"'
    )
    pdf = tmp_path / "by_gender.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.split() for line in text.splitlines()]
    # The table: the first "Donne" and "Totale" lines are its rows.
    assert next(line for line in lines if line[:1] == ["Donne"]) == [
        "Donne", "57", "3", "12", "0", "9"
    ]  # fmt: skip
    assert next(line for line in lines if line[:1] == ["Totale"]) == [
        "Totale", "57", "3", "12", "0", "10"
    ]  # fmt: skip
    # Its title twice (heading and chart), and no other table of the report.
    assert [" ".join(line) for line in lines].count("Per genere") == 2
    whole = report(user=coordinator, period=Period(START, END))
    assert whole is not None
    titles = [str(t.title) for t in whole.tables]
    assert titles[[t.key for t in whole.tables].index("by_gender")] == "Per genere"  # Italian
    others = set(titles) - {"Per genere"}
    assert len(others) == len(whole.tables) - 1
    assert others.isdisjoint(" ".join(line) for line in lines)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1\n" in info.stdout and "(A4)" in info.stdout
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.actor_username, entry.object_id) == ("coord", "by_gender.pdf")
