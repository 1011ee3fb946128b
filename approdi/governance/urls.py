from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("tables/new/", views.table_edit, name="table_new"),
    path("tables/<uuid:uuid>/", views.table_detail, name="table"),
    path("tables/<uuid:uuid>/edit/", views.table_edit, name="table_edit"),
    path("tables/<uuid:uuid>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<uuid:uuid>/", views.meeting_detail, name="meeting"),
    path("meetings/<uuid:uuid>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<uuid:uuid>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<uuid:uuid>/decisions/", views.meeting_decision, name="decision"),
    path("meetings/<uuid:uuid>/action-items/", views.meeting_action_item, name="action_item"),
    path("meetings/<uuid:uuid>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("action-items/", views.action_items, name="action_items"),
    path("action-items/<uuid:uuid>/status/", views.action_item_status, name="action_item_status"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("training/", views.trainings, name="trainings"),
    path("training/new/", views.training_new, name="training_new"),
    path("protocols/", views.protocols, name="protocols"),
    path("protocols/new/", views.protocol_edit, name="protocol_new"),
    path("protocols/<uuid:uuid>/", views.protocol_detail, name="protocol"),
    path("protocols/<uuid:uuid>/edit/", views.protocol_edit, name="protocol_edit"),
    path("protocols/<uuid:uuid>/document/", views.protocol_document, name="protocol_document"),
]
