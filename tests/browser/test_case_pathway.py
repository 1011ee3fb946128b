"""A case in a real browser: opened in emergency reception, through the pathway, to an exit
with autonomy achieved, follow-up and closing. A refused move shows its message."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server
from .test_roles import console_errors, sign_in

pytestmark = pytest.mark.browser


def day(days_ago: int) -> str:
    return (datetime.date.today() - datetime.timedelta(days=days_ago)).isoformat()


def save(page: Page) -> None:
    # The submit's navigation, waited for (the old page counts as loaded).
    with page.expect_navigation():
        page.get_by_test_id("save").click()


def move(page: Page, phase: str, days_ago: int, reason: str) -> None:
    page.get_by_test_id("move-phase").click()
    page.locator("#id_phase").select_option(phase)
    page.locator("#id_started_on").fill(day(days_ago))
    page.locator("#id_reason").fill(reason)
    save(page)


def test_a_case_from_emergency_reception_to_autonomy(
    page: Page, server: Server, screenshots
) -> None:
    errors = console_errors(page)
    person_uuid, _org = server.person("MI-2019-0021")
    sign_in(page, "manager.ceas")
    page.goto("/cases/")
    page.get_by_test_id("open-case").click()
    page.locator("#id_person").select_option(label="MI-2019-0021")
    page.locator("#id_organisation").select_option(label="CeAS Centro Ambrosiano di Solidarietà")
    page.locator("#id_case_worker").select_option(label="worker.ceas")
    page.locator("#id_opened_on").fill(day(200))
    page.locator("#id_programme").select_option("art13_first_assistance")
    page.locator("#id_path").select_option("social")
    page.locator("#id_first_phase").select_option("emergency")
    save(page)
    assert re.search(r"/cases/[0-9a-f-]{36}/$", page.url)
    case_url = page.url
    expect(page.get_by_test_id("case-person")).to_have_text("MI-2019-0021")
    expect(page.get_by_test_id("case-phase")).to_have_text("Pronto intervento")

    # The case worker carries it on.
    page.goto("/")
    page.get_by_test_id("logout").click()
    sign_in(page, "worker.ceas")
    page.goto(case_url)
    move(page, "first_reception", 180, "Posto libero in prima accoglienza")
    expect(page.get_by_test_id("case-phase")).to_have_text("Prima accoglienza")
    move(page, "autonomy", 90, "Lavoro trovato")  # skips second reception
    expect(page.get_by_test_id("case-phase")).to_have_text("Autonomia")

    # A move back is refused with a message on the field, and nothing changes.
    move(page, "first_reception", 80, "Errore")
    expect(page.locator(".invalid-feedback")).to_contain_text("non consente il passaggio")
    page.screenshot(path=screenshots / "case-refused-move.png", full_page=True)
    page.goto(case_url)
    expect(page.get_by_test_id("case-phase")).to_have_text("Autonomia")
    expect(page.get_by_test_id("phases").locator("tbody tr")).to_have_count(3)

    # Exit with autonomy achieved.
    page.get_by_test_id("record-exit").click()
    page.locator("#id_exit_on").fill(day(10))
    page.locator("#id_outcome").select_option("autonomy_achieved")
    page.locator("#id_housing").select_option("own_rental")
    page.locator("#id_employment").select_option("permanent")
    page.locator("#id_permit_status").select_option("valid")
    save(page)
    expect(page.get_by_test_id("case-status")).to_have_text("Follow-up")
    expect(page.get_by_test_id("exit-outcome")).to_have_text("Autonomia raggiunta")

    page.get_by_test_id("add-follow-up").click()
    page.locator("#id_contacted_on").fill(day(5))
    save(page)
    page.get_by_test_id("close-case").click()
    page.locator("#id_closed_on").fill(day(1))
    save(page)
    expect(page.get_by_test_id("case-status")).to_have_text("Chiusa")
    timeline = page.get_by_test_id("timeline").locator("li")
    expect(timeline.first).to_contain_text("Presa in carico chiusa")
    expect(timeline.last).to_contain_text("Presa in carico aperta")
    page.screenshot(path=screenshots / "case-closed.png", full_page=True)

    # The person page still shows the code, never a name.
    page.goto(f"/people/{person_uuid}/")
    expect(page.get_by_test_id("person-code")).to_have_text("MI-2019-0021")
    assert errors == []
