from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("config/codes/", views.code_list_index, name="code_lists"),
    path("config/codes/<slug:list_name>/", views.code_list_detail, name="code_list"),
    path("config/codes/<slug:list_name>/<slug:code>/", views.code_entry_edit, name="code_entry"),
    path("audit/", views.access_log, name="access_log"),
    path("audit/export.csv", views.access_log_csv, name="access_log_csv"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
