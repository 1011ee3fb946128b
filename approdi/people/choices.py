from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    TRANS = "trans", _("Trans")
    NON_BINARY = "non_binary", _("Non-binary")
    UNDISCLOSED = "undisclosed", _("Undisclosed")


class MatchReason(models.TextChoices):
    """Why a record may be the same person, strongest first."""

    IDENTITY = "identity", _("Same names, date of birth and nationality")
    PHONE = "phone", _("Same phone number")
    NAMES = "names", _("Same names")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("possible duplicate", "To check")
    MERGED = "merged", pgettext_lazy("possible duplicate", "Merged")
    DISMISSED = "dismissed", pgettext_lazy("possible duplicate", "Not the same person")
