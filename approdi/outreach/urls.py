from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.index, name="index"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("sync/", views.sync, name="sync"),
    path("outings/", views.outing_list, name="outing_list"),
    path("outings/new/", views.outing_new, name="outing_new"),
    path("dropin/", views.dropin_list, name="dropin_list"),
    path("dropin/new/", views.dropin_new, name="dropin_new"),
    path("phone/", views.phone_list, name="phone_list"),
    path("phone/new/", views.phone_new, name="phone_new"),
    path("<slug:kind>/<uuid:record_id>/link/", views.link_person, name="link_person"),
    path("stats/", views.stats, name="stats"),
    path("stats/<slug:table>.csv", views.stats_csv, name="stats_csv"),
    path("stats/<slug:table>.svg", views.stats_svg, name="stats_svg"),
]
