"""The minutes as a PDF: rendered by WeasyPrint, turned into an image by pdftoppm, not blank,
and carrying the meeting's content (with case codes, never names)."""

import datetime
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessLogEntry
from approdi.governance import services
from approdi.governance.models import Meeting
from approdi.people.services import person_create

pytestmark = pytest.mark.django_db


def dark_pixel_share(pgm: bytes) -> float:
    """Share of pixels darker than light grey in a binary PGM (P5) image."""
    parts = pgm.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height, maxval = int(parts[1]), int(parts[2]), int(parts[3])
    pixels = parts[4][: width * height]
    assert maxval == 255 and len(pixels) == width * height
    return sum(1 for value in pixels if value < 200) / (width * height)


def test_the_minutes_pdf_prints_the_meeting_on_a4_and_is_logged(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator: User,
    meeting: Meeting,
    partner_a: Organisation,
    tmp_path: Path,
) -> None:
    person = person_create(
        acting_user=None,
        code="MI-A-0007",
        organisation=partner_a,
        gender="woman",
        identity={"given_names": "Blessing", "family_name": "Okafor"},
    )
    meeting.minutes = "Si discute il calendario della formazione."
    meeting.save()
    meeting.cases_discussed.set([person])
    services.decision_add(acting_user=coordinator, meeting=meeting, text="Approvato il calendario.")
    owner = make_user(partner_a, [Role.ORG_MANAGER], username="manager.alfa")
    services.action_item_add(
        acting_user=coordinator,
        meeting=meeting,
        description="Inviare le date ai CAS.",
        owner=owner,
        due_date=datetime.date(2026, 12, 10),
    )

    response = client_for(owner).get(f"/governance/meetings/{meeting.uuid}/minutes.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="verbale-2026-11-02-')
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(response.content)
    assert response.content.startswith(b"%PDF-")

    pdftoppm, pdftotext = shutil.which("pdftoppm"), shutil.which("pdftotext")
    assert pdftoppm and pdftotext, "poppler-utils is missing: scripts/ensure-system-packages.sh"
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Tavolo tecnico",
        "Approvato il calendario.",
        "Inviare le date ai CAS.",
        "manager.alfa",
        "MI-A-0007",
        "Si discute il calendario",
    ):
        assert expected in text, expected
    assert "Blessing" not in text and "Okafor" not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    page_size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert page_size.split(":", 1)[1].strip() == "595.276 x 841.89 pts (A4)"

    subprocess.run(
        [pdftoppm, "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    (image,) = tmp_path.glob("page*.pgm")
    share = dark_pixel_share(image.read_bytes())
    assert share > 0.005, f"the first page is blank ({share:.4%} dark pixels)"

    entry = AccessLogEntry.objects.get(action="export", object_id=str(meeting.uuid))
    assert (entry.actor_username, entry.fields) == ("manager.alfa", ["minutes_pdf"])
