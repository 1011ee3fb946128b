from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from approdi.shelters import api as shelters_api

from . import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("code-lists", views.CodeListEntryViewSet, basename="code-list-entry")
router.register("structures", shelters_api.StructureViewSet, basename="structure")
router.register("beds", shelters_api.BedViewSet, basename="bed")
router.register("placements", shelters_api.PlacementViewSet, basename="placement")

urlpatterns = [
    path("v1/me/", views.MeView.as_view(), name="api-me"),
    path(
        "v1/reports/capacity/",
        shelters_api.CapacityReportView.as_view(),
        name="api-capacity-report",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
