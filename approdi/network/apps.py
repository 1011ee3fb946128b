from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "approdi.network"
    label = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the scoping functions)
