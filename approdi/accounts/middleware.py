"""Session timeouts and the second-factor gate."""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from approdi.core import audit
from approdi.core.models import AccessAction

from .roles import is_verified, needs_second_factor

LAST_SEEN_KEY = "approdi_last_seen"
LOGIN_AT_KEY = "approdi_login_at"


class SessionTimeoutMiddleware:
    """Ends a session after 30 idle minutes or 12 hours in all, whichever comes first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.get(LOGIN_AT_KEY, now)
            last_seen = session.get(LAST_SEEN_KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT
            too_old = now - login_at > settings.SESSION_ABSOLUTE_TIMEOUT
            if idle or too_old:
                audit.record(
                    AccessAction.SESSION_EXPIRED,
                    actor=user,
                    request=request,
                    reason="idle" if idle else "absolute",
                )
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": _("Your session has expired.")}, status=401)
                messages.info(request, _("Your session has expired: please sign in again."))
                return redirect(
                    f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
                )
            if LOGIN_AT_KEY not in session:
                session[LOGIN_AT_KEY] = login_at
            # Refresh at most twice a minute: one session write per request is wasted work.
            if now - last_seen > 30 or LAST_SEEN_KEY not in session:
                session[LAST_SEEN_KEY] = now
        return self.get_response(request)


SECOND_FACTOR_EXEMPT_PREFIXES = ("/account/2fa/", "/account/logout/", "/static/", "/i18n/")


class SecondFactorMiddleware:
    """Roles that may see identities cannot go further than the 2FA pages until verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not settings.APPRODI_RELAX_SECOND_FACTOR
            and needs_second_factor(user)
            and not is_verified(user)
            and not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("A second factor is required for this account.")}, status=403
                )
            target = reverse("accounts:second_factor")
            return redirect(f"{target}?{urlencode({'next': request.path})}")
        return self.get_response(request)
