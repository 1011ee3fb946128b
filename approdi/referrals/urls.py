from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_create, name="create"),
    path("<uuid:uuid>/", views.referral_detail, name="detail"),
    path("<uuid:uuid>/<slug:action>/", views.referral_decide, name="decide"),
]
