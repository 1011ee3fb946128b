from django.urls import path

from . import views

app_name = "screening"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create, name="create"),
    path("<uuid:uuid>/", views.assessment_detail, name="detail"),
]
