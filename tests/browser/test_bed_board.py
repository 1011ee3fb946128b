"""The bed board on a 360 px phone: find a free bed for a man and hold it, no sideways
scrolling, the structure's secret address nowhere on the page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_holding_a_bed_on_a_phone(new_context, server: Server, screenshots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context(server, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto("/account/login/")
    page.fill("#id_username", "worker.farsi-prossimo")
    page.fill("#id_password", "approdi-demo")
    page.locator("form button[type=submit]").last.click()
    page.goto("/shelters/?date=2024-06-01&gender=man&territory=varese")

    structures = page.get_by_test_id("board-structure")
    expect(structures.first).to_be_visible()
    assert structures.count() == 2  # Casa Ulivo and the dormitory places in Varese
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Via dell'Approdo" not in page.content()
    page.screenshot(path=str(screenshots / "bed-board-360.png"), full_page=True)

    first_bed = page.get_by_test_id("free-bed").first
    first_bed.locator("summary").click()
    first_bed.get_by_label("Codice della persona").fill("MI-2019-0042")
    first_bed.get_by_role("button", name="Prendi questo posto").click()

    expect(page.get_by_role("alert")).to_contain_text("preso per MI-2019-0042")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots / "bed-held-360.png"), full_page=True)
