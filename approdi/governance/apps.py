from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "approdi.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import home, selectors  # noqa: F401  (scoping functions, home panel)
