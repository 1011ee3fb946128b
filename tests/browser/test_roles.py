"""Every role in a real browser: sign in, the right navigation, 404 outside scope, sign out.

Runs against the demo data (`load_demo`) served by gunicorn; see conftest.py. The partner
users belong to `ceas`; the record they must not reach belongs to `associazione-lule`.
"""

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django_otp.oath import totp
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

from .conftest import Server

pytestmark = pytest.mark.browser

PASSWORD = "approdi-demo"
PHONE = {"width": 360, "height": 740}
OTHER_PARTNERS_PERSON = "MI-2019-0011"  # associazione-lule
OWN_PERSON = "MI-2019-0021"  # ceas

CASE_NAV = {"home", "people", "cases", "referrals", "governance", "directory"}


@dataclass(frozen=True)
class RoleCase:
    username: str
    nav: frozenset[str]
    # A page the role may not see: a path, or None for another partner's person page.
    forbidden: str | None


OUTREACH_NAV = {"outreach", "outreach_stats"}
SHELTER_NAV = {"bed_board", "capacity"}
ROLE_CASES = [
    RoleCase(
        "coord",
        frozenset(
            {
                "home",
                "people",
                "cases",
                "duplicates",
                "referrals",
                "assessments",
                "governance",
                "directory",
                "code_lists",
                "reports",
            }
            | OUTREACH_NAV
            | SHELTER_NAV
        ),
        "/audit/",
    ),
    RoleCase(
        "monitor",
        frozenset(
            {"home", "outreach_stats", "capacity", "governance_follow_up", "reports", "directory"}
        ),
        "/people/",
    ),
    RoleCase("dpo", frozenset({"home", "audit"}), "/people/"),
    RoleCase("admin", frozenset({"home", "directory", "code_lists", "admin"}), "/people/"),
    RoleCase(
        "manager.ceas",
        frozenset(CASE_NAV | OUTREACH_NAV | SHELTER_NAV | {"reports", "assessments"}),
        None,
    ),
    RoleCase("worker.ceas", frozenset(CASE_NAV | SHELTER_NAV | {"assessments"}), None),
    RoleCase("legal.ceas", frozenset(CASE_NAV), None),
    RoleCase(
        "outreach.ceas",
        frozenset({"home", "referrals", "governance", "directory", *OUTREACH_NAV}),
        "/people/",
    ),
]


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/account/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    # The submit's navigation, waited for (the old page counts as loaded).
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()


def console_errors(page: Page) -> list[str]:
    """Collects the page's console errors (a CSP violation shows up here)."""
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", keep)
    return errors


def nav_keys(page: Page) -> set[str]:
    return set(
        page.locator("[data-testid=main-nav] [data-nav]").evaluate_all(
            "links => links.map(link => link.dataset.nav)"
        )
    )


@pytest.mark.parametrize("case", ROLE_CASES, ids=[c.username for c in ROLE_CASES])
def test_each_role_sees_its_navigation_gets_404_outside_its_scope_and_signs_out(
    page: Page, server: Server, screenshots, case: RoleCase
) -> None:
    errors = console_errors(page)
    sign_in(page, case.username)

    assert page.url == f"{server.base_url}/"
    expect(page.locator("[data-testid=main-nav]")).to_be_visible()
    assert nav_keys(page) == set(case.nav)
    # Every link in the navigation opens (no dead entries for the role).
    for key in sorted(case.nav - {"home"}):
        response = page.goto(page.locator(f"[data-nav={key}]").get_attribute("href") or "")
        assert response is not None and response.status == 200, key
        page.go_back()
    page.screenshot(path=screenshots / f"role-{case.username}-home.png", full_page=True)
    assert errors == []

    if case.forbidden is None:
        own_uuid, own_org = server.person(OWN_PERSON)
        other_uuid, other_org = server.person(OTHER_PARTNERS_PERSON)
        assert (own_org, other_org) == ("ceas", "associazione-lule")
        own = page.goto(f"/people/{own_uuid}/")
        assert own is not None and own.status == 200
        expect(page.get_by_test_id("person-code")).to_have_text(OWN_PERSON)
        forbidden = f"/people/{other_uuid}/"
    else:
        forbidden = case.forbidden
    response = page.goto(forbidden)
    assert response is not None and response.status == 404
    expect(page.get_by_test_id("not-found")).to_be_visible()
    page.screenshot(path=screenshots / f"role-{case.username}-404.png")

    page.goto("/")
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r".*/account/login/$"))
    # Signed out: the home page sends back to the login page.
    page.goto("/")
    assert page.url.startswith(f"{server.base_url}/account/login/")
    expect(page.locator("#id_username")).to_be_visible()


def test_a_wrong_password_is_refused_with_a_message_in_italian(page: Page, screenshots) -> None:
    sign_in(page, "worker.ceas", "not-the-password")
    assert "/account/login/" in page.url
    expect(page.locator("main .alert-danger")).to_contain_text("non")
    expect(page.locator("[data-testid=main-nav]")).to_have_count(0)
    page.screenshot(path=screenshots / "login-refused.png")


def test_on_a_phone_the_menu_folds_and_nothing_scrolls_sideways(
    new_context: Callable[..., BrowserContext], server: Server, screenshots
) -> None:
    page = new_context(server, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(page, "coord")
    people = page.locator("[data-nav=people]")
    expect(people).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(people).to_be_visible()
    page.screenshot(path=screenshots / "phone-menu-open.png")
    people.click()
    page.wait_for_url(re.compile(r".*/people/$"))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths == [PHONE["width"], PHONE["width"]]
    page.screenshot(path=screenshots / "phone-people.png", full_page=True)


def test_the_keyboard_reaches_the_content_first(page: Page) -> None:
    sign_in(page, "coord")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    # page.url follows the browser's fragment navigation asynchronously: wait for it.
    expect(page).to_have_url(re.compile(r".*/#main$"))
    page.keyboard.press("Tab")
    # The next stop is inside the main content, not the navigation.
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_english_is_one_click_away_and_stays(page: Page) -> None:
    sign_in(page, "coord")
    expect(page.locator("[data-nav=people]")).to_have_text("Persone")
    # The submit's navigation, waited for (the old page counts as loaded).
    with page.expect_navigation():
        page.locator(".lang-form button").click()
    expect(page.locator("[data-nav=people]")).to_have_text("People")
    page.goto("/network/")
    expect(page.locator("[data-nav=people]")).to_have_text("People")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def _totp_code(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_the_second_factor_is_enforced_for_roles_that_see_identities(
    new_context: Callable[..., BrowserContext], strict_server: Server, screenshots
) -> None:
    page = new_context(strict_server).new_page()
    sign_in(page, "worker.ceas")
    # Not verified yet: enrolment, and every other page leads back to it.
    assert "/account/2fa/enrol/" in page.url
    page.goto("/people/")
    assert "/account/2fa/" in page.url
    expect(page.locator("[data-testid=people]")).to_have_count(0)
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.screenshot(path=screenshots / "second-factor-enrol.png")

    page.locator("#id_token").fill("000000" if _totp_code(secret) != "000000" else "111111")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main .invalid-feedback, main .text-danger").first).to_be_visible()

    # django-otp throttles a device for 1 s after a failed code (doubling on each failure).
    page.wait_for_timeout(1100)
    page.locator("#id_token").fill(_totp_code(secret))
    page.locator("main button[type=submit]").click()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    codes = page.get_by_test_id("backup-codes").locator("li").all_inner_texts()
    page.screenshot(path=screenshots / "second-factor-backup-codes.png")
    page.get_by_role("link", name="Continua").click()
    page.goto("/people/")
    expect(page.locator("[data-testid=people]")).to_be_visible()

    # Next sign-in: the second-factor page, passed with a backup code this time.
    page.get_by_test_id("logout").click()
    page.wait_for_url(re.compile(r".*/account/login/$"))
    sign_in(page, "worker.ceas")
    assert "/account/2fa/" in page.url and "/enrol/" not in page.url
    page.locator("#id_token").fill(codes[0])
    # The submit's navigation, waited for (the old page counts as loaded).
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert page.url == f"{strict_server.base_url}/"
    assert nav_keys(page) == CASE_NAV | SHELTER_NAV | {"assessments"}


def test_roles_without_identities_need_no_second_factor(
    new_context: Callable[..., BrowserContext], strict_server: Server
) -> None:
    page = new_context(strict_server).new_page()
    sign_in(page, "monitor")
    assert page.url == f"{strict_server.base_url}/"
    assert nav_keys(page) == {
        "home",
        "outreach_stats",
        "capacity",
        "governance_follow_up",
        "reports",
        "directory",
    }
    expect(page.locator(".demo-banner")).to_have_count(0)
