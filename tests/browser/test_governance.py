"""Governance in a real browser: the coordinator records a meeting of the technical table
with attendance, a decision and an action item; the owner finds it on their home page."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server
from .test_roles import PHONE, console_errors, sign_in

pytestmark = pytest.mark.browser


def test_a_meeting_of_the_technical_table_reaches_the_owners_home_page(
    page: Page, server: Server, new_context, screenshots
) -> None:
    errors = console_errors(page)
    sign_in(page, "coord")
    page.locator("[data-nav=governance]").click()
    page.get_by_role("link", name="Tavolo tecnico di coordinamento").click()
    page.get_by_role("link", name="Nuovo incontro").click()

    today = datetime.date.today().isoformat()
    page.locator("#id_date").fill(today)
    page.locator("#id_place").fill("Casa dei Diritti")
    page.locator("#id_agenda").fill("1. Posti liberi. 2. Formazione CAS.")
    page.locator("#id_minutes").fill("Il tavolo ha esaminato i posti liberi della settimana.")
    page.locator("#id_cases_discussed").fill("MI-2019-0021")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url(re.compile(r".*/governance/meetings/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("cases-discussed")).to_contain_text("MI-2019-0021")

    page.locator("#id_who").select_option(label="CeAS Centro Ambrosiano di Solidarietà")
    page.locator("#id_status").select_option("present")
    page.get_by_test_id("add-attendance").click()
    expect(page.get_by_test_id("attendance")).to_contain_text(
        "CeAS Centro Ambrosiano di Solidarietà: Presente"
    )

    page.locator("#id_text").fill("Aggiornare ogni lunedì la tabella dei posti liberi.")
    page.get_by_test_id("add-decision").click()
    expect(page.get_by_test_id("decisions")).to_contain_text("ogni lunedì")

    # Without owner and due date: both errors, in Italian, nothing saved.
    page.locator("#id_description").fill("Mandare ai CAS le date del corso di marzo.")
    page.get_by_test_id("add-action-item").click()
    expect(page.locator("main")).to_contain_text("Ogni azione ha bisogno di un responsabile.")
    expect(page.locator("main")).to_contain_text("Ogni azione ha bisogno di una scadenza.")
    expect(page.get_by_test_id("action-items")).not_to_contain_text("le date del corso di marzo")

    due = (datetime.date.today() + datetime.timedelta(days=7)).isoformat()
    page.locator("#id_description").fill("Mandare ai CAS le date del corso di marzo.")
    page.locator("#id_owner").select_option(label="manager.ceas · ceas")
    page.locator("#id_due_date").fill(due)
    page.get_by_test_id("add-action-item").click()
    expect(page.get_by_test_id("action-items")).to_contain_text("le date del corso di marzo")
    page.screenshot(path=screenshots / "governance-meeting.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("minutes-pdf").click()
    assert download.value.suggested_filename.startswith(f"verbale-{today}-")
    assert errors == []
    page.get_by_test_id("logout").click()

    phone = new_context(server, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, "manager.ceas")
    panel = phone.get_by_test_id("home-action-items")
    expect(panel).to_contain_text("Mandare ai CAS le date del corso di marzo.")
    expect(panel).to_contain_text("Tavolo tecnico di coordinamento")
    assert phone.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    phone.screenshot(path=screenshots / "governance-owner-home-phone.png", full_page=True)

    item = panel.get_by_test_id("action-item").filter(has_text="le date del corso di marzo")
    item.get_by_role("button", name="Segna come fatta").click()
    expect(phone.get_by_test_id("home-action-items")).not_to_contain_text(
        "le date del corso di marzo"
    )
