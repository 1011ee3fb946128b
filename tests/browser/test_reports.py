"""Reports in a real browser: the coordinator opens the dashboard, picks the seed's period,
reads the headline table and sees the charts load (SVG through <img>, under the CSP)."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server
from .test_roles import console_errors, sign_in

pytestmark = pytest.mark.browser


def test_the_coordinator_reads_the_headline_table_of_the_seed_period(
    page: Page, server: Server, screenshots
) -> None:
    errors = console_errors(page)
    sign_in(page, "coord")
    page.locator("[data-nav=reports]").click()
    page.wait_for_url(re.compile(r".*/reports/$"))
    expect(page.get_by_test_id("report-headline")).to_be_visible()

    page.get_by_test_id("preset").filter(has_text="01/12/2017").first.click()
    page.wait_for_url(re.compile(r".*/reports/\?start=2017-12-01&end=2019-02-28$"))
    expect(page.locator("#id_start")).to_have_value("2017-12-01")
    expect(page.locator("#id_end")).to_have_value("2019-02-28")
    headline = page.get_by_test_id("report-table-headline")
    for row in (
        "Contatti unità di strada",
        "Contatti indoor",
        "Accessi ai servizi a bassa soglia",
        "Persone segnalate da enti",
        "Accoglienza: donne",
        "Accoglienza: totale",
    ):
        expect(headline).to_contain_text(row)
    expect(headline.locator("thead")).to_contain_text("Periodo precedente")

    chart = page.get_by_test_id("chart-headline")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("src", re.compile(r"/reports/charts/headline\.svg\?"))
    page.wait_for_function("el => el.complete && el.naturalWidth > 0", arg=chart.element_handle())
    page.screenshot(path=screenshots / "reports-seed-period.png", full_page=False)

    # A period that ends before it starts: the message, no table, no error in the console.
    page.locator("#id_start").fill("2019-02-28")
    page.locator("#id_end").fill("2017-12-01")
    page.get_by_role("button", name="Mostra").click()
    expect(page.locator("main")).to_contain_text(
        "Il primo giorno del periodo non può essere successivo all'ultimo."
    )
    expect(page.get_by_test_id("report-headline")).to_have_count(0)
    assert errors == []
