import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import Period

# A period longer than this is refused (the figures would still be right, the page slow).
MAX_PERIOD_DAYS = 20 * 366
EARLIEST = datetime.date(2000, 1, 1)


class PeriodForm(forms.Form):
    # ISO dates only (YYYY-MM-DD): what the date picker and the API send.
    start = forms.DateField(
        label=_("From"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (included)"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, presets: list[Period] | None = None, **kwargs: Any) -> None:
        """`presets`: the only periods allowed (where small cells are hidden); None: any."""
        super().__init__(*args, **kwargs)
        self.presets = presets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if (start is None) != (end is None):
            raise forms.ValidationError(_("Give both the first and the last day of the period."))
        if start is not None and end is not None:
            if start > end:
                raise forms.ValidationError(
                    _("The period's first day must not be after its last day.")
                )
            if start < EARLIEST:
                raise forms.ValidationError(_("The period cannot start before 2000."))
            if (end - start).days + 1 > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("The period cannot be longer than 20 years."))
        if (
            self.presets is not None
            and start is not None
            and end is not None
            and Period(start, end) not in self.presets
        ):
            raise forms.ValidationError(
                _(
                    "Only the periods listed can be chosen: the figures of two periods a few "
                    "days apart would give the hidden small counts away."
                )
            )
        return data

    def period(self) -> Period | None:
        """The chosen period; None when none was given (the caller uses the default)."""
        if not self.is_bound or not self.is_valid():
            return None
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None or end is None:
            return None
        return Period(start, end)
