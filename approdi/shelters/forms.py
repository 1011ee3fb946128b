"""Forms of residential capacity. They read and validate input; services do the writing."""

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation
from approdi.core.code_lists import code_choices
from approdi.people.choices import Gender

from .choices import Phase, TargetGender


class DateInput(forms.DateInput):
    input_type = "date"


def _with_any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


def _set_choices(field: forms.Field, choices: list[tuple[str, Any]]) -> None:
    cast(forms.ChoiceField, field).choices = choices


class BoardFilterForm(forms.Form):
    date = forms.DateField(label=_("Night of"), required=False, widget=DateInput)
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    gender = forms.ChoiceField(
        label=_("For a person who is"), required=False, choices=_with_any(Gender.choices)
    )
    mothers_with_children = forms.BooleanField(label=_("Mother with children"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["territory"], _with_any(code_choices("territory")))
        _set_choices(self.fields["kind"], _with_any(code_choices("structure_kind")))

    def night(self) -> datetime.date:
        if self.is_valid() and self.cleaned_data["date"]:
            return cast(datetime.date, self.cleaned_data["date"])
        return timezone.localdate()


class PlaceForm(forms.Form):
    person_code = forms.CharField(
        label=_("Person's code"),
        max_length=32,
        help_text=_("The pseudonymous code, e.g. MI-2019-0042."),
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    start = forms.DateField(label=_("First night"), widget=DateInput)
    end = forms.DateField(
        label=_("Leaves on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty while the end is not known."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class StructureForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    territory = forms.ChoiceField(label=_("Territory"))
    kind = forms.ChoiceField(label=_("Kind"))
    target_gender = forms.ChoiceField(label=_("Target gender"), choices=TargetGender.choices)
    mothers_with_children = forms.BooleanField(
        label=_("Mothers with children accepted"), required=False
    )
    phases = forms.MultipleChoiceField(
        label=_("Phases served"),
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    third_party = forms.BooleanField(
        label=_("Third-party places"),
        required=False,
        help_text=_("Places reserved in a facility the project does not run."),
    )
    active_from = forms.DateField(label=_("Active from"), widget=DateInput)
    active_to = forms.DateField(label=_("Active until"), required=False, widget=DateInput)
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Secret: only your organisation and the coordination office see it."),
    )

    def __init__(
        self,
        *args: Any,
        organisations: Any = None,
        current: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        current = current or {}
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        _set_choices(
            self.fields["territory"],
            code_choices("territory", current=current.get("territory", "")),
        )
        _set_choices(
            self.fields["kind"], code_choices("structure_kind", current=current.get("kind", ""))
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("The end must not be before the start."))
        return data


class BedForm(forms.Form):
    label = forms.CharField(label=_("Bed label"), max_length=40)
    active_from = forms.DateField(label=_("Active from"), widget=DateInput)


class OutageForm(forms.Form):
    start = forms.DateField(label=_("Out of service from"), widget=DateInput)
    end = forms.DateField(
        label=_("Back in service on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty while not known."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class PlacementEndForm(forms.Form):
    end = forms.DateField(label=_("Leaves on"), widget=DateInput)
    end_reason = forms.ChoiceField(label=_("Reason for ending"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self.fields["end_reason"], code_choices("placement_end_reason"))


class PlacementMoveForm(forms.Form):
    bed = forms.ChoiceField(label=_("To bed"))
    on = forms.DateField(label=_("Moves on"), widget=DateInput)
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)

    def __init__(self, *args: Any, beds: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(
            self.fields["bed"],
            [(str(bed.uuid), f"{bed.structure.name} · {bed.label}") for bed in beds],
        )


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_month(self) -> tuple[int, int] | None:
        raw = self.cleaned_data.get("month") or ""
        if not raw:
            return None
        try:
            year, month = (int(part) for part in raw.split("-"))
            datetime.date(year, month, 1)
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from exc
        return year, month


class DateForm(forms.Form):
    date = forms.DateField(label=_("On"), required=False, widget=DateInput)
