from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_new, name="new"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("duplicates/<uuid:uuid>/dismiss/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("merge/", views.merge_new, name="merge"),
    path("merges/<uuid:uuid>/", views.merge_detail, name="merge_detail"),
    path("merges/<uuid:uuid>/undo/", views.merge_undo, name="merge_undo"),
    path("<uuid:uuid>/", views.person_detail, name="detail"),
]
