"""One person, not two, in a real browser: a case worker records a person another partner
already has; she learns only that the coordination office will check; the coordinator
finds the pair in the review list, merges it, and undoes the merge."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server
from .test_roles import console_errors, sign_in

pytestmark = pytest.mark.browser

IDENTITY = {
    "#id_given_names": "Precious",
    "#id_family_name": "Edosomwan Prova",
    "#id_birth_date": "2001-05-17",
    "#id_phone": "+39 347 555 0199",
    "#id_nationality": "NG",
}
# The same person as the other partner wrote her.
WRITTEN_AGAIN = {
    "#id_given_names": "prova EDOSOMWAN",
    "#id_family_name": "Précious",
    "#id_birth_date": "2001-05-17",
    "#id_phone": "347-555-0199",
    "#id_nationality": "ng",
}


def record_person(page: Page, values: dict[str, str]) -> None:
    page.locator("[data-nav=people]").click()
    page.get_by_test_id("person-new").click()
    page.locator("#id_gender").select_option("woman")
    for selector, value in values.items():
        page.locator(selector).fill(value)
    # The submit's navigation, waited for (the old page counts as loaded).
    with page.expect_navigation():
        page.get_by_test_id("save-person").click()


def test_a_second_record_of_a_person_is_flagged_merged_and_unmerged(
    page: Page, server: Server, new_context, screenshots
) -> None:
    errors = console_errors(page)
    sign_in(page, "worker.associazione-lule")
    record_person(page, IDENTITY)
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]+/$"))
    first = page.get_by_test_id("person-code").inner_text()
    page.get_by_test_id("logout").click()

    sign_in(page, "worker.ceas")
    record_person(page, WRITTEN_AGAIN)
    intake = page.get_by_test_id("person-intake")
    expect(intake).to_contain_text("Questa persona potrebbe essere già registrata")
    expect(page.get_by_test_id("hidden-match")).to_contain_text("l'ufficio di coordinamento")
    expect(page.locator("main")).not_to_contain_text(first)
    expect(page.get_by_test_id("candidate-code")).to_have_count(0)
    page.screenshot(path=screenshots / "people-hidden-match.png", full_page=True)
    page.get_by_label("Nessuna di queste: è una persona nuova").check()
    page.get_by_test_id("save-person").click()
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]+/$"))
    expect(page.locator("main")).to_contain_text("L'ufficio di coordinamento verificherà")
    second = page.get_by_test_id("person-code").inner_text()
    assert second != first
    page.get_by_test_id("logout").click()

    sign_in(page, "coord")
    page.locator("[data-nav=duplicates]").click()
    row = page.get_by_test_id("possible-duplicates").locator("tr").filter(has_text=second)
    expect(row).to_contain_text(first)
    expect(row).to_contain_text("Stessi nomi, data di nascita e nazionalità")
    row.get_by_role("link", name="Unisci").click()
    expect(page.locator("#id_kept")).to_have_value(first)
    expect(page.locator("#id_merged")).to_have_value(second)
    page.locator("#id_reason").fill("Stessa persona segnalata da due enti.")
    page.get_by_test_id("merge-submit").click()
    expect(page.get_by_test_id("merge-summary")).to_contain_text(first)
    page.get_by_label("Ho verificato: queste due schede sono la stessa persona").check()
    page.get_by_test_id("merge-submit").click()
    page.wait_for_url(re.compile(r".*/people/merges/[0-9a-f-]+/$"))
    expect(page.locator("main")).to_contain_text(f"{second} unita a {first}.")
    page.screenshot(path=screenshots / "people-merge.png", full_page=True)

    page.get_by_test_id("merge-undo").click()
    expect(page.locator("main")).to_contain_text("L'unione è stata annullata.")
    expect(page.get_by_test_id("merge-undone")).to_contain_text("coord")
    # The second record is itself again: its page no longer says it was merged.
    page.locator("h1").get_by_role("link", name=second).click()
    expect(page.get_by_test_id("person-code")).to_have_text(second)
    expect(page.get_by_test_id("merged-into")).to_have_count(0)
    assert errors == []
