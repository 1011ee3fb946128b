"""Entry forms of outreach records. The same forms read a browser's POST and the phone's JSON.

Field names are those the entry screen sends: the JSON answer of a failed entry names
each error by the field it belongs to (`tallies-0-count`), so the phone shows it there.
"""

import uuid
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core.code_lists import code_choices
from approdi.people.choices import Gender

from . import choices
from .choices import ContactStatus, Shift
from .services import ServiceInput, TallyInput
from .validators import validate_country, validate_past_date

UNKNOWN = [("", _("Unknown"))]


def _stepper(label: Any, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-stepper": "1"}),
    )


class CountryField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2)
        kwargs.setdefault("validators", [validate_country])
        kwargs.setdefault("help_text", _("Two letters, e.g. NG, RO, AL."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


class OutreachBaseForm(forms.Form):
    """Organisation (chosen by the coordinator only), territory, date, idempotency key."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), to_field_name="slug"
    )
    date = forms.DateField(
        label=_("Date"),
        validators=[validate_past_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    territory = forms.ChoiceField(label=_("Territory"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if has_role(user, Role.COORDINATOR):
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organisation.objects.filter(active=True).order_by("name")
        else:
            del self.fields["organisation"]
        self.fields["territory"].choices = code_choices(choices.TERRITORY)  # type: ignore[attr-defined]
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def chosen_organisation(self) -> Organisation:
        if "organisation" in self.fields:
            organisation: Organisation = self.cleaned_data["organisation"]
            return organisation
        assert self.user.organisation is not None
        return self.user.organisation

    @staticmethod
    def defaults(user: User) -> dict[str, Any]:
        organisation = user.organisation
        territories = organisation.territories if organisation else []
        return {
            "idempotency_key": uuid.uuid4(),
            "date": timezone.localdate(),
            "organisation": organisation.slug if organisation else None,
            "territory": territories[0] if territories else "",
        }


class ServicesMixin(forms.Form):
    """A stepper per service and per prevention material (code lists, read when built)."""

    def add_service_fields(self) -> None:
        for code, label in code_choices(choices.SERVICE_KIND):
            if code != "prevention_material":
                self.fields[f"service_{code}"] = _stepper(label, choices.MAX_QUANTITY)
        for code, label in code_choices(choices.PREVENTION_MATERIAL):
            self.fields[f"material_{code}"] = _stepper(label, choices.MAX_QUANTITY)

    def service_names(self) -> list[str]:
        return [n for n in self.fields if n.startswith("service_")]

    def material_names(self) -> list[str]:
        return [n for n in self.fields if n.startswith("material_")]

    def service_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.service_names()]

    def material_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.material_names()]

    def services_given(self) -> list[ServiceInput]:
        given = []
        for name in self.service_names():
            quantity = self.cleaned_data.get(name) or 0
            if quantity:
                given.append(ServiceInput(service=name.removeprefix("service_"), quantity=quantity))
        for name in self.material_names():
            quantity = self.cleaned_data.get(name) or 0
            if quantity:
                given.append(
                    ServiceInput(
                        service="prevention_material",
                        material=name.removeprefix("material_"),
                        quantity=quantity,
                    )
                )
        return given


class OutingForm(ServicesMixin, OutreachBaseForm):
    shift = forms.ChoiceField(label=_("Shift"), choices=Shift.choices, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind"), widget=forms.RadioSelect)
    area = forms.CharField(
        label=_("Area"),
        required=False,
        max_length=200,
        help_text=_("A place, never a person (e.g. Viale Monza, Stazione Centrale)."),
    )
    team_size = forms.IntegerField(
        label=_("Team size"),
        min_value=1,
        max_value=30,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-stepper": "1"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-stepper": "15"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].choices = code_choices(choices.OUTING_KIND)  # type: ignore[attr-defined]
        self.add_service_fields()


class TallyForm(forms.Form):
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    status = forms.ChoiceField(label=_("New or known"), choices=ContactStatus.choices)
    count = _stepper(_("Contacts"), choices.MAX_TALLY_COUNT)
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    nationality = CountryField(label=_("Nationality"))
    setting = forms.ChoiceField(label=_("Exploitation setting"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age_band"].choices = UNKNOWN + code_choices(choices.AGE_BAND)  # type: ignore[attr-defined]
        self.fields["setting"].choices = UNKNOWN + code_choices(choices.EXPLOITATION_SETTING)  # type: ignore[attr-defined]

    def tally(self) -> TallyInput | None:
        data = self.cleaned_data
        if not data or not data.get("count"):
            return None
        return TallyInput(
            gender=data["gender"],
            status=data["status"],
            count=data["count"],
            age_band=data.get("age_band") or "",
            nationality=data.get("nationality") or "",
            setting=data.get("setting") or "",
        )


TallyFormSet = formset_factory(TallyForm, extra=0, max_num=40, validate_max=True)
TALLY_PREFIX = "tallies"
DEFAULT_TALLIES = [
    {"gender": Gender.WOMAN, "status": ContactStatus.NEW, "count": 0},
    {"gender": Gender.WOMAN, "status": ContactStatus.KNOWN, "count": 0},
    {"gender": Gender.TRANS, "status": ContactStatus.NEW, "count": 0},
    {"gender": Gender.MAN, "status": ContactStatus.NEW, "count": 0},
]


class DropInAccessForm(ServicesMixin, OutreachBaseForm):
    place = forms.CharField(label=_("Place"), max_length=200, help_text=_("The drop-in or desk."))
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    status = forms.ChoiceField(label=_("New or known"), required=False)
    nationality = CountryField(label=_("Nationality"))
    language = forms.ChoiceField(label=_("Language"), required=False)
    mediator_present = forms.BooleanField(label=_("A mediator took part"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["gender"].choices = UNKNOWN + list(Gender.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = UNKNOWN + list(ContactStatus.choices)  # type: ignore[attr-defined]
        self.fields["language"].choices = UNKNOWN + code_choices(choices.LANGUAGE)  # type: ignore[attr-defined]
        self.add_service_fields()


class PhoneContactForm(OutreachBaseForm):
    line = forms.ChoiceField(label=_("Line"))
    caller = forms.ChoiceField(label=_("Caller"))
    gender = forms.ChoiceField(label=_("Gender"), required=False)
    nationality = CountryField(label=_("Nationality"))
    language = forms.ChoiceField(label=_("Language"), required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=24 * 60
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["line"].choices = code_choices(choices.PHONE_LINE)  # type: ignore[attr-defined]
        self.fields["caller"].choices = code_choices(choices.CALLER_KIND)  # type: ignore[attr-defined]
        self.fields["gender"].choices = UNKNOWN + list(Gender.choices)  # type: ignore[attr-defined]
        self.fields["language"].choices = UNKNOWN + code_choices(choices.LANGUAGE)  # type: ignore[attr-defined]


class LinkPersonForm(forms.Form):
    code = forms.CharField(
        label=_("Person code"),
        max_length=32,
        help_text=_("The pseudonymous code of the person this contact became (e.g. MI-2019-0042)."),
    )
