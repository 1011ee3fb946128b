from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from approdi.cases import api as cases_api

from . import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("activities", cases_api.ActivityViewSet, basename="activity")
router.register("permits", cases_api.PermitViewSet, basename="permit")
router.register("proceedings", cases_api.ProceedingViewSet, basename="proceeding")
router.register("exits", cases_api.ExitViewSet, basename="exit")
router.register("code-lists", views.CodeListEntryViewSet, basename="code-list-entry")

urlpatterns = [
    path("v1/me/", views.MeView.as_view(), name="api-me"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
