from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "approdi.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from . import checks, selectors  # noqa: F401  (registers the checks and the scoping functions)
