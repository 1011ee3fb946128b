from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheltersConfig(AppConfig):
    name = "approdi.shelters"
    label = "shelters"
    verbose_name = _("Residential capacity")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (registers the scoping functions)
