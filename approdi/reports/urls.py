from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("charts/<slug:key>.svg", views.chart, name="chart"),
    path("tables/<slug:key>.csv", views.table_csv, name="table_csv"),
    path("tables/<slug:key>.xlsx", views.table_xlsx, name="table_xlsx"),
    path("tables/<slug:key>.pdf", views.table_pdf, name="table_pdf"),
]
