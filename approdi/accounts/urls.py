from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.account, name="account"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
    path("2fa/qr.svg", views.second_factor_qr, name="second_factor_qr"),
    path("2fa/backup-codes/", views.backup_codes_regenerate, name="backup_codes"),
]
