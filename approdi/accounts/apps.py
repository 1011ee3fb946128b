from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "approdi.accounts"
    label = "accounts"
    verbose_name = _("Users and organisations")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the scoping functions)
