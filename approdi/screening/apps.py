from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "approdi.screening"
    label = "screening"
    verbose_name = _("Identification")

    def ready(self) -> None:
        from . import selectors  # noqa: F401  (scoping functions)
