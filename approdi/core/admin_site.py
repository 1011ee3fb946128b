"""The Django admin serves configuration only, to administrators with a verified second factor."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
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


class ApprodiAdminConfig(AdminConfig):
    default_site = "approdi.core.admin_site.ApprodiAdminSite"
