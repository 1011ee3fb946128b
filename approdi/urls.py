from django.contrib import admin
from django.urls import include, path

from approdi.core import views as core_views

urlpatterns = [
    path("", include("approdi.core.urls")),
    path("account/", include("approdi.accounts.urls")),
    path("network/", include("approdi.network.urls")),
    path("people/", include("approdi.people.urls")),
    path("cases/", include("approdi.cases.urls")),
    path("outreach/", include("approdi.outreach.urls")),
    path("governance/", include("approdi.governance.urls")),
    path("shelters/", include("approdi.shelters.urls")),
    path("reports/", include("approdi.reports.urls")),
    path("referrals/", include("approdi.referrals.urls")),
    path("screening/", include("approdi.screening.urls")),
    path("api/", include("approdi.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
