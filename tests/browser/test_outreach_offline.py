"""A street unit's phone at the end of a night shift: one outing online, one offline.

Both are saved exactly once when the network returns; the screen shows what is waiting
meanwhile, and a reload while offline (the page kept by the service worker) loses nothing.
"""

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
USERNAME = "outreach.associazione-lule"


def outings_by(server: Server, username: str) -> list[tuple[str, str, int]]:
    """(area, idempotency key, contacts) of the outings the user entered, oldest first."""
    with closing(sqlite3.connect(server.database, timeout=20)) as connection:
        return connection.execute(
            "SELECT o.area, o.idempotency_key, COALESCE(SUM(t.count), 0) "
            "FROM outreach_outing o JOIN accounts_user u ON u.id = o.created_by_id "
            "LEFT JOIN outreach_contacttally t ON t.outing_id = o.id "
            "WHERE u.username = ? GROUP BY o.id ORDER BY o.created_at",
            (username,),
        ).fetchall()


def sign_in(page: Page, username: str) -> None:
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "approdi-demo")
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def tap_plus(page: Page, field: str, times: int) -> None:
    plus = page.locator(f'[data-field="{field}"] [data-step="1"]')
    for _ in range(times):
        plus.click()


def enter_outing(page: Page, area: str, women_new: int, women_known: int) -> None:
    page.fill("input[name=area]", area)
    tap_plus(page, "tallies-0-count", women_new)
    tap_plus(page, "tallies-1-count", women_known)
    tap_plus(page, "material_condoms", 3)
    page.click("[data-testid=save]")


def test_outing_entered_offline_is_sent_once_when_the_network_returns(
    new_context, server: Server, screenshots: Path
) -> None:  # type: ignore[no-untyped-def]
    context = new_context(server, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, USERNAME)
    before = outings_by(server, USERNAME)

    page.goto("/outreach/outings/new/")
    # The service worker has kept the entry screen before the network goes.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.screenshot(path=str(screenshots / "outreach-01-entry-360x740.png"), full_page=False)

    # Large touch targets: the steppers and the save button are at least 44 px high.
    for selector in ('[data-field="tallies-0-count"] [data-step="1"]', "[data-testid=save]"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["height"] >= 44

    enter_outing(page, "Viale Monza", women_new=3, women_known=2)
    expect(page.locator("[data-testid=status]")).to_contain_text("Salvato")
    expect(page.locator("[data-testid=sent] li")).to_have_count(1)
    expect(page.locator("[data-testid=pending]")).to_be_hidden()
    page.screenshot(path=str(screenshots / "outreach-02-saved-online.png"), full_page=True)

    context.set_offline(True)
    enter_outing(page, "Via Novara", women_new=4, women_known=1)
    expect(page.locator("[data-testid=status]")).to_contain_text("Nessuna rete")
    expect(page.locator("[data-testid=pending-count]")).to_have_text("1")
    expect(page.locator("[data-testid=pending]")).to_contain_text("Via Novara")
    page.screenshot(path=str(screenshots / "outreach-03-offline-waiting.png"), full_page=True)

    # The phone is "closed": the page reloads with no network, from the kept copy.
    page.reload()
    expect(page.locator("[data-testid=outing-form]")).to_be_visible()
    expect(page.locator("[data-testid=pending-count]")).to_have_text("1")
    assert len(outings_by(server, USERNAME)) == len(before) + 1
    page.screenshot(path=str(screenshots / "outreach-04-reopened-offline.png"), full_page=True)

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("[data-testid=pending]")).to_be_hidden(timeout=15_000)
    expect(page.locator("[data-testid=sent]")).to_contain_text("Via Novara")
    page.screenshot(path=str(screenshots / "outreach-05-sent-after-reconnect.png"), full_page=True)

    after = outings_by(server, USERNAME)
    added = after[len(before) :]
    assert [(area, contacts) for area, _key, contacts in added] == [
        ("Viale Monza", 5),
        ("Via Novara", 5),
    ]
    assert len({key for _area, key, _contacts in added}) == 2

    # A retry of the same record (an answer lost on the way back) stores nothing new.
    retry = page.evaluate(
        """async (key) => {
            const session = await (await fetch("/outreach/sync/")).json();
            const entry = document.querySelector("form[data-entry-form]");
            const form = Object.fromEntries(new FormData(entry));
            delete form.csrfmiddlewaretoken;
            form.idempotency_key = key;
            const response = await fetch("/outreach/outings/new/", {
                method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRFToken": session.csrf},
                body: JSON.stringify(form),
            });
            return [response.status, (await response.json()).created];
        }""",
        added[1][1] if "-" in added[1][1] else str(uuid.UUID(hex=added[1][1])),
    )
    assert retry == [200, False]
    assert outings_by(server, USERNAME) == after

    page.goto("/outreach/outings/")
    expect(page.locator("[data-testid=outings]")).to_contain_text("Via Novara")
    page.screenshot(path=str(screenshots / "outreach-06-list.png"), full_page=False)


def test_bad_count_is_shown_on_the_field_and_nothing_is_saved(
    new_context, server: Server, screenshots: Path
) -> None:  # type: ignore[no-untyped-def]
    page = new_context(server, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, "outreach.cooperativa-lule")
    before = outings_by(server, "outreach.cooperativa-lule")
    page.goto("/outreach/outings/new/")
    page.fill("input[name=tallies-0-count]", "501")
    page.click("[data-testid=save]")
    error = page.locator('[data-error-for="tallies-0-count"]')
    expect(error).to_have_text("Assicurati che questo valore sia minore o uguale a 500.")
    expect(page.locator("[data-testid=pending]")).to_be_hidden()
    page.screenshot(path=str(screenshots / "outreach-07-bad-count.png"), full_page=False)
    assert outings_by(server, "outreach.cooperativa-lule") == before


def test_emersione_statistics_for_monitoring(
    new_context, server: Server, screenshots: Path
) -> None:  # type: ignore[no-untyped-def]
    page = new_context(server).new_page()
    sign_in(page, "monitor")
    page.goto("/outreach/stats/")
    expect(page.locator("[data-testid=stats-outings] img")).to_be_visible()
    natural = page.locator("[data-testid=stats-outings] img").evaluate("img => img.naturalWidth")
    assert natural == 640
    page.screenshot(path=str(screenshots / "outreach-08-statistics.png"), full_page=False)
