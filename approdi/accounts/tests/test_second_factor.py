"""Roles that may see identities need a TOTP second factor; enrolment and backup codes."""

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessAction, AccessLogEntry


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:06d}"


@pytest.fixture
def worker(make_user: Callable[..., User], partner_a: Organisation) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="wanda")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.COORDINATOR, True),
        (Role.ORG_MANAGER, True),
        (Role.CASE_WORKER, True),
        (Role.LEGAL_ADVISOR, True),
        (Role.ADMIN, True),
        (Role.OUTREACH_WORKER, False),
        (Role.MONITORING, False),
        (Role.AUDITOR, False),
    ],
)
def test_second_factor_is_required_for_identity_roles_and_admins(
    role: str, required: bool, make_user: Callable[..., User], partner_a: Organisation
) -> None:
    client = logged_in(make_user(partner_a, [role]))
    response = client.get("/")
    if required:
        assert response.status_code == 302
        assert response["Location"] == "/account/2fa/?next=%2F"
        assert client.get("/api/v1/me/").status_code == 403
    else:
        assert response.status_code == 200


def test_without_a_device_the_user_is_sent_to_enrolment(worker: User) -> None:
    client = logged_in(worker)
    response = client.get("/account/2fa/?next=/people/")
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/enrol/?next=%2Fpeople%2F"


def test_enrolment_with_a_real_code_verifies_the_session_and_gives_backup_codes(
    worker: User,
) -> None:
    client = logged_in(worker)
    page = client.get("/account/2fa/enrol/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    qr = client.get("/account/2fa/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"

    response = client.post("/account/2fa/enrol/", {"token": code_for(device), "next": "/people/"})

    assert response.status_code == 200
    assert len(response.context["codes"]) == 10
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/people/").status_code == 200
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.SECOND_FACTOR_ENROLLED, actor=worker
        ).count()
        == 1
    )


def test_a_wrong_enrolment_code_confirms_nothing(worker: User) -> None:
    client = logged_in(worker)
    client.get("/account/2fa/enrol/")
    device = TOTPDevice.objects.get(user=worker)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/account/2fa/enrol/", {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/").status_code == 302


def enrolled(worker: User) -> tuple[TOTPDevice, list[str]]:
    client = logged_in(worker)
    client.get("/account/2fa/enrol/")
    device = TOTPDevice.objects.get(user=worker)
    response = client.post("/account/2fa/enrol/", {"token": code_for(device)})
    return TOTPDevice.objects.get(pk=device.pk), list(response.context["codes"])


def test_verification_at_the_next_login_with_the_app_code(worker: User) -> None:
    device, _codes = enrolled(worker)
    client = logged_in(worker)
    assert client.get("/").status_code == 302
    # The enrolment code's time step was used; the next one is accepted (drift tolerance 1).
    device.refresh_from_db()
    response = client.post("/account/2fa/", {"token": code_for(device, offset=1), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert (
        AccessLogEntry.objects.filter(action=AccessAction.SECOND_FACTOR, actor=worker).count() == 1
    )


def test_a_backup_code_works_once(worker: User) -> None:
    _device, codes = enrolled(worker)
    first = logged_in(worker)
    assert first.post("/account/2fa/", {"token": codes[0]}).status_code == 302
    assert first.get("/").status_code == 200
    second = logged_in(worker)
    response = second.post("/account/2fa/", {"token": codes[0]})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert second.get("/").status_code == 302
    assert StaticToken.objects.filter(device__user=worker).count() == 9
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.SECOND_FACTOR_FAILED, actor=worker
        ).count()
        == 1
    )


def test_an_enrolled_user_cannot_replace_the_device_before_verifying(worker: User) -> None:
    enrolled(worker)
    client = logged_in(worker)
    response = client.get("/account/2fa/enrol/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/?")
    assert TOTPDevice.objects.filter(user=worker).count() == 1


@override_settings(APPRODI_RELAX_SECOND_FACTOR=True)
def test_the_demo_setting_relaxes_the_rule_and_says_so_on_every_page(worker: User) -> None:
    client = logged_in(worker)
    response = client.get("/")
    assert response.status_code == 200
    assert b"demo-banner" in response.content


def test_no_banner_when_the_rule_holds(
    make_user: Callable[..., User], partner_a: Organisation
) -> None:
    client = logged_in(make_user(partner_a, [Role.OUTREACH_WORKER]))
    assert b"demo-banner" not in client.get("/").content


def test_the_next_parameter_cannot_send_users_elsewhere(worker: User) -> None:
    _device, codes = enrolled(worker)
    client = logged_in(worker)
    response = client.post("/account/2fa/", {"token": codes[1], "next": "https://evil.example/"})
    assert response["Location"] == "/"
