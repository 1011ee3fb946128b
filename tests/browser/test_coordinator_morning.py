"""The coordinator's morning in a real browser: open the referral queue, open the most
urgent referral, record an assessment, accept the person into a partner."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server
from .test_roles import console_errors, sign_in

pytestmark = pytest.mark.browser

# Sexual exploitation list: recruitment (S + M), exploitation (S + S), coercion (S + S).
ANSWERS_YES = [
    "deceived_job_nature",
    "deceived_travel",
    "no_or_low_pay",
    "forced_tasks_clients",
    "violence_at_destination",
    "threats_at_destination",
]


def test_coordinator_morning(page: Page, server: Server, screenshots) -> None:  # type: ignore[no-untyped-def]
    errors = console_errors(page)
    sign_in(page, "coord")
    expect(page.get_by_test_id("home-referrals")).to_contain_text("SG-Q-0001")
    page.locator("[data-nav=referrals]").click()
    page.wait_for_url(re.compile(r".*/referrals/$"))

    rows = page.get_by_test_id("queue-row")
    first = rows.first
    expect(first).to_contain_text("SG-Q-0001")
    expect(first).to_contain_text("Pericolo")
    expect(first).to_contain_text("Pericolo immediato")
    page.screenshot(path=screenshots / "referral-queue.png", full_page=True)
    first.get_by_role("link", name="SG-Q-0001").click()
    page.wait_for_url(re.compile(r".*/referrals/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("status")).to_have_text("Ricevuta")

    page.get_by_test_id("record-assessment").click()
    page.wait_for_url(re.compile(r".*/screening/new/\?referral=.*"))
    expect(page.locator("#id_person_code")).to_have_value("SG-Q-0001")
    page.locator("#id_language").fill("inglese")
    page.locator("#id_mediator").fill("Mediatrice culturale edo")
    for code in ANSWERS_YES:
        page.locator(f"#id_ind_{code}_0").check()
    page.locator("#id_ind_debt_bondage_2").check()  # unknown
    page.locator("#id_ev_no_or_low_pay").fill("Consegna tutti i guadagni alla maman.")
    page.locator("#id_danger_flag").check()
    page.locator("#id_art18_concrete_danger").check()
    page.locator("#id_conclusion").select_option("presumed_victim")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_url(re.compile(r".*/screening/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("computed")).to_contain_text("Presunta vittima")
    expect(page.get_by_test_id("conclusion")).to_contain_text("Presunta vittima")
    expect(page.get_by_test_id("dimension-4")).to_contain_text("positiva")
    expect(page.get_by_test_id("dimension-4")).to_contain_text(
        "Nessuna libertà di scegliere mansioni, clienti o pratiche (S)"
    )
    expect(page.get_by_test_id("dimension-6")).not_to_contain_text("positiva")
    page.screenshot(path=screenshots / "assessment.png", full_page=True)

    page.get_by_role("link", name="Segnalazione", exact=True).click()
    page.wait_for_url(re.compile(r".*/referrals/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("assessments")).to_contain_text("Presunta vittima")
    accept = page.get_by_test_id("accept-form")
    accept.locator("#id_accept-organisation").select_option(label="Fondazione Somaschi Onlus")
    accept.get_by_role("button", name="Accogli").click()
    page.wait_for_url(re.compile(r".*/referrals/[0-9a-f-]+/$"))
    expect(page.get_by_test_id("status")).to_have_text("Accolta")
    expect(page.get_by_test_id("case")).to_contain_text("Fondazione Somaschi Onlus")
    page.screenshot(path=screenshots / "referral-accepted.png", full_page=True)

    # The queue no longer holds her; the decision is counted.
    page.locator("[data-nav=referrals]").click()
    expect(page.get_by_test_id("queue")).not_to_contain_text("SG-Q-0001")
    expect(page.get_by_test_id("decided")).to_contain_text("SG-Q-0001")
    assert errors == []
