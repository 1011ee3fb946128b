from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "approdi.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from . import home, selectors  # noqa: F401  (registers scoping functions, home panel)
