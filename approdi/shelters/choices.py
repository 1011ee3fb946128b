from django.db import models
from django.utils.translation import gettext_lazy as _

from approdi.people.choices import Gender


class TargetGender(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    TRANS = "trans", _("Trans people")
    ALL = "all", _("Women, men and trans people")


# Which genders of a person each target accepts. Undisclosed: only structures open to all.
TARGET_ACCEPTS: dict[str, frozenset[str]] = {
    TargetGender.WOMEN: frozenset({Gender.WOMAN}),
    TargetGender.MEN: frozenset({Gender.MAN}),
    TargetGender.TRANS: frozenset({Gender.TRANS, Gender.NON_BINARY}),
    TargetGender.ALL: frozenset(Gender.values),
}


def targets_accepting(gender: str) -> list[str]:
    """The structure targets that accept a person of `gender`."""
    return [target for target, genders in TARGET_ACCEPTS.items() if gender in genders]


class Phase(models.TextChoices):
    """The residential phases of a pathway (domain.md)."""

    EMERGENCY = "emergency", _("Emergency (pronto intervento)")
    FIRST_RECEPTION = "first_reception", _("First reception")
    SECOND_RECEPTION = "second_reception", _("Second reception")
    AUTONOMY = "autonomy", _("Autonomy")
