from django.urls import path

from . import views

app_name = "shelters"

urlpatterns = [
    path("", views.bed_board, name="board"),
    path("beds/<uuid:uuid>/place/", views.bed_place, name="bed_place"),
    path("structures/", views.structure_list, name="structure_list"),
    path("structures/new/", views.structure_create, name="structure_create"),
    path("structures/<uuid:uuid>/", views.structure_detail, name="structure_detail"),
    path("structures/<uuid:uuid>/edit/", views.structure_edit, name="structure_edit"),
    path("placements/", views.placement_list, name="placement_list"),
    path("placements/<uuid:uuid>/", views.placement_detail, name="placement_detail"),
    path("capacity/", views.capacity, name="capacity"),
    path("occupancy/", views.occupancy, name="occupancy"),
]
