"""Security headers, error pages, and the 503 page when the database is unreachable."""

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from django.apps import apps
from django.db import models
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.scoping import registered_models

ROOT = Path(__file__).resolve().parents[3]

EXPECTED_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}


def test_pages_carry_a_strict_csp_and_are_never_cached(
    make_user: Callable[..., User], client_for: Callable[[User], Client], partner_a: Organisation
) -> None:
    client = client_for(make_user(partner_a, [Role.CASE_WORKER]))
    response = client.get("/people/")
    assert response.status_code == 200
    assert set(response["Content-Security-Policy"].split("; ")) == EXPECTED_CSP
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert b"<script>" not in response.content and b" style=" not in response.content


def test_the_login_page_has_no_inline_script_or_style(db: None) -> None:
    content = Client().get("/account/login/").content
    assert b"<script>" not in content and b"<style" not in content and b" style=" not in content


def test_an_unknown_page_is_the_404_page(db: None) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert b'data-testid="not-found"' in response.content


def test_every_model_owned_by_an_organisation_has_a_scoping_function() -> None:
    scoped = registered_models()
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("approdi."):
            continue
        owned = any(
            isinstance(f, models.ForeignKey) and f.related_model is Organisation
            for f in model._meta.get_fields()
        )
        exempt = model.__name__ == "User" or model.__name__.startswith("Historical")
        if owned and not exempt and model not in scoped:
            missing.append(model.__name__)
    assert missing == []


def test_an_unreachable_database_gives_the_503_page() -> None:
    """A signed-in user's request while PostgreSQL is unreachable (nothing listens there)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "c = Client(raise_request_exception=False); c.cookies['sessionid'] = 'a' * 32;"
        "r = c.get('/people/');"
        "print(json.dumps([r.status_code, r.get('Retry-After'), r.content.decode()]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "approdi.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/nothing",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    status, retry_after, body = json.loads(result.stdout.strip().splitlines()[-1])
    assert (status, retry_after) == (503, "30")
    assert "Approdi" in body and "503" not in body.split("<title>")[0]


def test_italian_is_the_default_whatever_the_browser_says(db: None) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/account/login/")
    assert response["Content-Language"] == "it"
    assert b"Accedi" in response.content


def test_the_switcher_selects_english(db: None) -> None:
    client = Client()
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/account/login/"})
    assert switched.status_code == 302
    response = client.get("/account/login/")
    assert response["Content-Language"] == "en"
    assert b"Sign in" in response.content


def test_favicon_ico_points_at_the_static_icon(db: None) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/approdi/favicon.svg"
