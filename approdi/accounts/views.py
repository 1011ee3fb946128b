"""Login, logout, second factor and the user's own account page."""

import base64
import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from approdi.core import audit
from approdi.core.models import AccessAction

from . import twofactor
from .forms import LoginForm, TokenForm
from .middleware import LAST_SEEN_KEY, LOGIN_AT_KEY
from .models import User
from .roles import is_verified, needs_second_factor


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        now = time.time()
        self.request.session[LOGIN_AT_KEY] = now
        self.request.session[LAST_SEEN_KEY] = now
        audit.record(AccessAction.LOGIN, actor=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(form.data.get("username", ""))[:150]
        locked = getattr(self.request, "axes_locked_out", False)
        audit.record(
            AccessAction.LOCKED_OUT if locked else AccessAction.LOGIN_FAILED,
            actor=None,
            username=username,
            request=self.request,
        )
        return super().form_invalid(form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(AccessAction.LOGOUT, actor=request.user, request=request)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect(settings.LOGIN_URL)


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the code of an enrolled device; send users without one to enrolment."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request)
    if twofactor.confirmed_totp(user) is None:
        return redirect(
            f"{reverse('accounts:second_factor_enrol')}?{urlencode({'next': next_url})}"
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit.record(AccessAction.SECOND_FACTOR, actor=user, request=request)
            return HttpResponseRedirect(next_url)
        audit.record(AccessAction.SECOND_FACTOR_FAILED, actor=user, request=request)
        form.add_error("token", _("This code is not valid. Check the time on your phone."))
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


@login_required
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: show its secret and QR code, check a first code."""
    user: User = request.user  # type: ignore[assignment]
    next_url = _safe_next(request)
    if twofactor.confirmed_totp(user) is not None and not is_verified(user):
        # Replacing a device needs the current one first.
        return redirect(f"{reverse('accounts:second_factor')}?{urlencode({'next': next_url})}")
    device = twofactor.pending_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_confirm(user=user, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            audit.record(AccessAction.SECOND_FACTOR_ENROLLED, actor=user, request=request)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
        form.add_error("token", _("This code is not valid. Check the time on your phone."))
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {"form": form, "secret": secret, "next": next_url},
    )


@login_required
def second_factor_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the device being enrolled, as an SVG image (CSP allows 'self')."""
    device = twofactor.pending_totp(request.user)  # type: ignore[arg-type]
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5)
    return HttpResponse(svg, content_type="image/svg+xml")


@login_required
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if twofactor.confirmed_totp(user) is None or not is_verified(user):
        return redirect("accounts:second_factor")
    codes = twofactor.backup_codes_regenerate(user=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": "/account/"})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The user's own page: read-only organisation and roles, language, security."""
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {
        "account": user,
        "has_totp": twofactor.confirmed_totp(user) is not None,
        "needs_second_factor": needs_second_factor(user),
    }
    return render(request, "accounts/account.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = "/account/"

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)


def _base32(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=")
