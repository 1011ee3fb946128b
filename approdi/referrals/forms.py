"""Forms of referral intake and of the coordination office's decisions. They read and
validate input; the services decide and write."""

from typing import Any, cast

from django import forms
from django.utils.translation import pgettext_lazy

from approdi.accounts.models import Organisation, OrganisationKind
from approdi.cases.choices import CasePath, Phase, Programme
from approdi.network.models import NetworkActor
from approdi.people.choices import Gender
from approdi.people.selectors import DuplicateCandidate
from approdi.screening.choices import ExploitationForm

from .choices import SourceKind, Urgency
from .services import NewPerson


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


def partner_organisations() -> Any:
    return Organisation.objects.filter(kind=OrganisationKind.PARTNER, active=True).order_by("name")


class PersonChoiceForm(forms.Form):
    """The one form part where intake picks an existing person or describes a new one."""

    person_code = forms.CharField(
        label=pgettext_lazy("referral form", "Code of a person already in Approdi"),
        max_length=32,
        required=False,
        help_text=pgettext_lazy(
            "referral form", "Leave empty to record a new person with the fields below."
        ),
    )
    new_gender = forms.ChoiceField(
        label=pgettext_lazy("referral form", "New person: gender"),
        choices=_blank(Gender.choices),
        required=False,
    )
    new_birth_year = forms.IntegerField(
        label=pgettext_lazy("referral form", "New person: year of birth"),
        min_value=1900,
        max_value=2100,
        required=False,
    )
    new_nationality = forms.CharField(
        label=pgettext_lazy("referral form", "New person: nationality (ISO code, e.g. NG)"),
        max_length=2,
        required=False,
    )
    new_given_names = forms.CharField(
        label=pgettext_lazy("referral form", "New person: given names (encrypted)"),
        required=False,
    )
    new_family_name = forms.CharField(
        label=pgettext_lazy("referral form", "New person: family name (encrypted)"),
        required=False,
    )
    new_phone = forms.CharField(
        label=pgettext_lazy("referral form", "New person: phone (encrypted)"), required=False
    )
    new_birth_date = forms.DateField(
        label=pgettext_lazy("referral form", "New person: date of birth (encrypted)"),
        required=False,
        widget=DateInput,
    )
    # Shown only once the lookup found people who may be the same (see the template).
    use_code = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    new_confirm = forms.BooleanField(
        label=pgettext_lazy("person intake", "None of these: it is a new person"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates: list[DuplicateCandidate] = []

    @property
    def visible_candidates(self) -> list[DuplicateCandidate]:
        return [c for c in self.candidates if c.in_scope]

    @property
    def has_hidden_candidates(self) -> bool:
        return any(not c.in_scope for c in self.candidates)

    def person_choice(self) -> tuple[str, NewPerson | None]:
        """(code of an existing person, or "") and the new person described, if any."""
        data = self.cleaned_data
        picked = (data.get("use_code") or "").strip()
        if picked:  # one of the people found by the lookup
            return picked, None
        code = (data.get("person_code") or "").strip()
        described = any(
            data.get(name)
            for name in (
                "new_gender",
                "new_birth_year",
                "new_nationality",
                "new_given_names",
                "new_family_name",
                "new_phone",
                "new_birth_date",
            )
        )
        if not described:
            return code, None
        identity: dict[str, Any] = {
            field: data[f"new_{field}"].strip()
            for field in ("given_names", "family_name", "phone")
            if data.get(f"new_{field}", "").strip()
        }
        if data.get("new_birth_date"):
            identity["birth_date"] = data["new_birth_date"]
        return code, NewPerson(
            gender=data.get("new_gender") or "",
            birth_year=data.get("new_birth_year"),
            nationality=(data.get("new_nationality") or "").strip(),
            identity=identity,
            confirm_new=bool(data.get("new_confirm")),
        )


class ReferralForm(PersonChoiceForm):
    referred_on = forms.DateField(
        label=pgettext_lazy("referral", "referred on"), required=False, widget=DateInput
    )
    source_kind = forms.ChoiceField(
        label=pgettext_lazy("referral", "source"),
        choices=_blank(SourceKind.choices),
        required=False,
    )
    referring_actor = forms.ModelChoiceField(
        label=pgettext_lazy("referral", "referring actor"),
        queryset=NetworkActor.objects.order_by("name"),
        required=False,
    )
    referring_contact = forms.CharField(
        label=pgettext_lazy("referral", "contact person (referring side)"), required=False
    )
    urgency = forms.ChoiceField(
        label=pgettext_lazy("referral", "urgency"),
        choices=Urgency.choices,
        initial=Urgency.ORDINARY,
    )
    danger_reported = forms.BooleanField(
        label=pgettext_lazy("referral", "concrete danger reported at intake"), required=False
    )
    presumed_exploitation = forms.MultipleChoiceField(
        label=pgettext_lazy("referral", "presumed exploitation"),
        choices=ExploitationForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=pgettext_lazy("referral", "reason for the referral"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=pgettext_lazy("referral", "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    assigned_organisation = forms.ModelChoiceField(
        label=pgettext_lazy("referral", "assigned to"),
        queryset=Organisation.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, may_assign: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if may_assign:
            field = cast(forms.ModelChoiceField, self.fields["assigned_organisation"])
            field.queryset = partner_organisations()
        else:
            del self.fields["assigned_organisation"]


class AcceptForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=pgettext_lazy("referral decision", "Partner that takes her in"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=pgettext_lazy(
            "referral decision", "Ignored when the person already has an open case: it is joined."
        ),
    )
    programme = forms.ChoiceField(
        label=pgettext_lazy("referral decision", "Programme"),
        choices=Programme.choices,
        initial=Programme.ART13,
    )
    path = forms.ChoiceField(
        label=pgettext_lazy("referral decision", "Path"),
        choices=CasePath.choices,
        initial=CasePath.SOCIAL,
    )
    first_phase = forms.ChoiceField(
        label=pgettext_lazy("referral decision", "First phase"),
        choices=_blank(Phase.choices),
        required=False,
        help_text=pgettext_lazy(
            "referral decision", "Empty: emergency reception if in immediate danger."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["organisation"])
        field.queryset = partner_organisations()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=pgettext_lazy("referral decision", "Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RedirectForm(ReasonForm):
    receiving_service = forms.CharField(
        label=pgettext_lazy("referral", "receiving service"), max_length=200, required=False
    )
