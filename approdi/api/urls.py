from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from approdi.cases import api as cases_api
from approdi.governance import api as governance_api
from approdi.outreach import api as outreach_api
from approdi.referrals import api as referrals_api
from approdi.reports import api as reports_api
from approdi.screening import api as screening_api
from approdi.shelters import api as shelters_api

from . import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("people", views.PersonViewSet, basename="person")
router.register("outings", outreach_api.OutingViewSet, basename="outing")
router.register("dropin-accesses", outreach_api.DropInAccessViewSet, basename="dropin-access")
router.register("phone-contacts", outreach_api.PhoneContactViewSet, basename="phone-contact")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("activities", cases_api.ActivityViewSet, basename="activity")
router.register("permits", cases_api.PermitViewSet, basename="permit")
router.register("proceedings", cases_api.ProceedingViewSet, basename="proceeding")
router.register("exits", cases_api.ExitViewSet, basename="exit")
router.register("code-lists", views.CodeListEntryViewSet, basename="code-list-entry")
router.register("tables", governance_api.TableViewSet, basename="table")
router.register("meetings", governance_api.MeetingViewSet, basename="meeting")
router.register("action-items", governance_api.ActionItemViewSet, basename="action-item")
router.register("trainings", governance_api.TrainingEventViewSet, basename="training")
router.register("protocols", governance_api.ProtocolViewSet, basename="protocol")
router.register("structures", shelters_api.StructureViewSet, basename="structure")
router.register("beds", shelters_api.BedViewSet, basename="bed")
router.register("placements", shelters_api.PlacementViewSet, basename="placement")
router.register("referrals", referrals_api.ReferralViewSet, basename="referral")
router.register("assessments", screening_api.AssessmentViewSet, basename="assessment")
router.register("indicators", screening_api.IndicatorViewSet, basename="indicator")

urlpatterns = [
    path("v1/me/", views.MeView.as_view(), name="api-me"),
    path(
        "v1/reports/capacity/",
        shelters_api.CapacityReportView.as_view(),
        name="api-capacity-report",
    ),
    path(
        "v1/reports/headline/",
        reports_api.HeadlineReportView.as_view(),
        name="api-headline-report",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
