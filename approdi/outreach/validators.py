"""Field validators of outreach records (also used by the forms, through the models)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import COUNTRY_CODES

EARLIEST_DATE = datetime.date(2000, 1, 1)


def validate_past_date(value: datetime.date) -> None:
    """Outreach is recorded after the fact: no date after today (local time)."""
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future_date")
    if value < EARLIEST_DATE:
        raise ValidationError(_("The date is too far in the past."), code="too_old")


def validate_country(value: str) -> None:
    if value and value not in COUNTRY_CODES:
        raise ValidationError(
            _("“%(code)s” is not a country code (ISO 3166-1, two letters)."),
            params={"code": value},
            code="unknown_country",
        )
