from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "approdi.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from . import home, selectors  # noqa: F401  (scoping functions, home panel)
