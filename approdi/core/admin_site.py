"""The Django admin serves configuration only, to administrators with a verified second factor."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from approdi.accounts.roles import Role, has_role, is_verified


class ApprodiAdminSite(admin.AdminSite):
    site_header = _("Approdi administration")
    site_title = _("Approdi administration")
    index_title = _("Configuration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff and has_role(user, Role.ADMIN)):
            return False
        return settings.APPRODI_RELAX_SECOND_FACTOR or is_verified(user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One way in for everybody: the logged, rate-limited login page.

        A signed-in user who is not an administrator finds no admin at all (404).
        """
        if request.user.is_authenticated:
            raise Http404
        target = request.GET.get("next") or reverse("admin:index")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


class ApprodiAdminConfig(AdminConfig):
    default_site = "approdi.core.admin_site.ApprodiAdminSite"
