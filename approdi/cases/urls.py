from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("proceedings.csv", views.proceedings_csv, name="proceedings_csv"),
    path("<uuid:uuid>/", views.case_detail, name="detail"),
    path("<uuid:uuid>/phase/", views.case_phase_move, name="phase_move"),
    path("<uuid:uuid>/extend/", views.case_extend, name="extend"),
    path("<uuid:uuid>/assign/", views.case_assign, name="assign"),
    path("<uuid:uuid>/activity/", views.activity_new, name="activity_new"),
    path("<uuid:uuid>/permit/", views.permit_new, name="permit_new"),
    path("<uuid:uuid>/permit/<uuid:permit>/", views.permit_edit, name="permit_edit"),
    path("<uuid:uuid>/programme/", views.programme_change, name="programme"),
    path("<uuid:uuid>/goal/<int:goal>/review/", views.goal_review, name="goal_review"),
    path("<uuid:uuid>/proceeding/", views.proceeding_new, name="proceeding_new"),
    path("<uuid:uuid>/return/", views.return_new, name="return_new"),
    path("<uuid:uuid>/exit/", views.exit_new, name="exit_new"),
    path("<uuid:uuid>/follow-up/", views.follow_up_new, name="follow_up_new"),
    path("<uuid:uuid>/close/", views.case_close, name="close"),
    path("<uuid:uuid>/goal/", views.goal_new, name="goal_new"),
    path("<uuid:uuid>/consent/", views.consent_new, name="consent_new"),
    path("<uuid:uuid>/share/", views.share_new, name="share_new"),
    path("<uuid:uuid>/share/<uuid:grant>/revoke/", views.share_revoke, name="share_revoke"),
]
