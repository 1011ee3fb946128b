"""Forms of the case pages. They collect input; the services decide and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core.code_lists import code_choices
from approdi.core.scoping import visible_to
from approdi.people.models import Person

from . import choices, models


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


def _workers_of(organisation_id: int | None) -> Any:
    return User.objects.filter(organisation_id=organisation_id or 0, is_active=True).order_by(
        "username"
    )


class CaseOpenForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Owning organisation"), queryset=Organisation.objects.none()
    )
    case_worker = forms.ModelChoiceField(
        label=_("Case worker"), queryset=User.objects.none(), required=False
    )
    opened_on = _date(_("Opened on"))
    programme = forms.ChoiceField(label=_("Programme"), choices=choices.Programme.choices)
    path = forms.ChoiceField(label=_("Path"), choices=choices.CasePath.choices)
    first_phase = forms.ChoiceField(label=_("First phase"), choices=choices.Phase.choices)
    territory = forms.ChoiceField(label=_("Territory"), required=False)
    reflection_started_on = _date(_("Reflection period from"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = visible_to(user, Person).order_by("code")  # type: ignore[attr-defined]
        organisations = Organisation.objects.filter(active=True)
        if not has_role(user, Role.COORDINATOR):
            organisations = organisations.filter(pk=user.organisation_id or 0)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["case_worker"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, organisation__in=organisations).order_by("username")
        )
        self.fields["territory"].choices = [("", "—"), *code_choices("territory")]  # type: ignore[attr-defined]


class PhaseMoveForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=choices.Phase.choices)
    started_on = _date(_("From"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    placement_reference = forms.CharField(
        label=_("Placement (structure and bed)"), required=False, max_length=100
    )


class ProgrammeForm(forms.Form):
    programme = forms.ChoiceField(label=_("Programme"), choices=choices.Programme.choices)
    path = forms.ChoiceField(label=_("Path"), choices=choices.CasePath.choices)


class GoalReviewForm(forms.Form):
    reviewed_on = _date(_("Reviewed on"))
    notes = forms.CharField(
        label=_("Review notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Status"), choices=choices.GoalStatus.choices)


class ExtendForm(forms.Form):
    approved_on = _date(_("Approved on"))


class AssignForm(forms.Form):
    case_worker = forms.ModelChoiceField(
        label=_("Case worker"), queryset=User.objects.none(), required=False
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Team"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, case: models.Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_worker"].queryset = _workers_of(case.organisation_id)  # type: ignore[attr-defined]
        self.fields["team"].queryset = _workers_of(case.organisation_id)  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    date = _date(_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=0, max_value=24 * 60
    )
    provider = forms.CharField(label=_("Provider"), required=False, max_length=200)
    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = code_choices("activity_kind")  # type: ignore[attr-defined]


class InputModelForm(forms.ModelForm):
    """Fields from the model; the decision (and the model's validation) is the service's."""

    def _post_clean(self) -> None:
        pass


class PermitForm(InputModelForm):
    class Meta:
        model = models.Permit
        fields = [
            "kind",
            "proposer",
            "status",
            "questura",
            "applied_on",
            "issued_on",
            "expires_on",
            "converted_into",
        ]
        widgets = {"applied_on": DateInput(), "issued_on": DateInput(), "expires_on": DateInput()}


class ProceedingForm(InputModelForm):
    class Meta:
        model = models.LegalProceeding
        fields = ["kind", "role", "stage", "complaint_on", "prosecutor_office", "docket_number"]
        widgets = {"complaint_on": DateInput()}

    def __init__(self, *args: Any, docket: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not docket:
            del self.fields["docket_number"]


class ReturnForm(InputModelForm):
    class Meta:
        model = models.VoluntaryReturn
        fields = ["requested_on", "partner", "departure_on", "outcome"]
        widgets = {"requested_on": DateInput(), "departure_on": DateInput()}


class ExitForm(forms.Form):
    exit_on = _date(_("Exit date"))
    outcome = forms.ChoiceField(label=_("Outcome"))
    housing = forms.ChoiceField(label=_("Housing at exit"), choices=choices.HousingAtExit.choices)
    employment = forms.ChoiceField(
        label=_("Work at exit"), choices=choices.EmploymentAtExit.choices
    )
    permit_status = forms.ChoiceField(
        label=_("Permit at exit"), choices=choices.PermitAtExit.choices
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.BooleanField(
        label=_("Follow-up contacts planned"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = code_choices("exit_outcome")  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    contacted_on = _date(_("Date"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseForm(forms.Form):
    closed_on = _date(_("Closed on"))
    referred = forms.BooleanField(label=_("Referred to another service"), required=False)


class GoalForm(forms.Form):
    description = forms.CharField(label=_("Goal"), widget=forms.Textarea(attrs={"rows": 2}))
    target_on = _date(_("Target date"))


class ConsentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Consent"), choices=choices.ConsentKind.choices)
    given = forms.BooleanField(label=_("Given"), required=False, initial=True)
    recorded_on = _date(_("Date"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(active=True), required=False
    )


class ShareForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    expires_on = _date(_("Until"))

    def __init__(self, *args: Any, case: models.Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(active=True).exclude(  # type: ignore[attr-defined]
            pk=case.organisation_id
        )
