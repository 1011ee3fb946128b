"""Forms of the governance pages. Choice lists come from scoped selectors only."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation, User
from approdi.core import code_lists
from approdi.network.models import NetworkActor, Protocol, ProtocolKind, ProtocolStatus

from .choices import ActionItemStatus, AttendanceStatus
from .models import Table

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def user_label(user: Any) -> str:
    """A member of staff as `username · organisation`: no names in choice lists."""
    organisation = user.organisation.slug if user.organisation_id else ""
    return f"{user.username} · {organisation}" if organisation else user.username


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return user_label(obj)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return user_label(obj)


class TableForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"))
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Organisation.objects.none())
    member_organisations = forms.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    member_users = UserMultipleChoiceField(
        label=_("Named members"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "People who sit at the table in their own name (for example one delegate per partner)."
        ),
    )
    frequency_months = forms.IntegerField(
        label=_("Planned frequency (months between meetings)"),
        min_value=1,
        max_value=24,
        required=False,
        help_text=_("1 for monthly, 2 for every two months; empty when it meets as needed."),
    )
    mandate = forms.CharField(
        label=_("Mandate"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    objectives = forms.CharField(
        label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actors = forms.ModelMultipleChoiceField(
        label=_("Network actors it deals with"),
        queryset=NetworkActor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    protocols = forms.ModelMultipleChoiceField(
        label=_("Protocols it works on"),
        queryset=Protocol.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        organisations: Any,
        actors: Any,
        protocols: Any,
        staff: Any,
        current_kind: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member_users"].queryset = staff  # type: ignore[attr-defined]
        self.fields["kind"].choices = code_lists.code_choices(  # type: ignore[attr-defined]
            "governance_table", current=current_kind
        )
        for name in ("chair", "member_organisations"):
            self.fields[name].queryset = organisations  # type: ignore[attr-defined]
        self.fields["actors"].queryset = actors  # type: ignore[attr-defined]
        self.fields["protocols"].queryset = protocols  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    minutes = forms.CharField(
        label=_("Meeting minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    cases_discussed = forms.CharField(
        label=_("Cases discussed (codes)"),
        required=False,
        max_length=2000,
        help_text=_("Pseudonymous codes only, separated by commas, e.g. MI-2019-0042."),
    )

    def case_codes(self) -> list[str]:
        raw = self.cleaned_data.get("cases_discussed") or ""
        return [c.strip() for c in raw.replace(";", ",").replace("\n", ",").split(",") if c.strip()]

    def values(self) -> dict[str, Any]:
        """The cleaned form as the meeting services take it."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "place": data["place"],
            "agenda": data["agenda"],
            "minutes": data["minutes"],
            "case_codes": self.case_codes(),
        }


class AttendanceForm(forms.Form):
    who = forms.ChoiceField(label=_("Who"))
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)

    def __init__(self, *args: Any, table: Table, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [
            (f"org:{o.uuid}", o.name) for o in table.member_organisations.order_by("name")
        ]
        choices += [
            (
                f"user:{u.username}",
                f"{u.username} · {u.organisation.slug if u.organisation_id else ''}",
            )
            for u in members
        ]
        self.fields["who"].choices = choices  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}), max_length=20_000
    )


class ActionItemForm(forms.Form):
    description = forms.CharField(
        label=_("What"), widget=forms.Textarea(attrs={"rows": 2}), max_length=20_000
    )
    owner = UserChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET, required=False)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members  # type: ignore[attr-defined]


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if start and end and (end - start) > datetime.timedelta(days=366 * 20):
            raise forms.ValidationError(_("Choose a period of at most twenty years."))
        return data


class TrainingEventForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(label=_("Title"), max_length=300)
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organisers"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    partner_actors = forms.ModelMultipleChoiceField(
        label=_("With network actors"),
        queryset=NetworkActor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    audience = forms.CharField(label=_("Audience"), max_length=300, required=False)
    participant_organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=100_000
    )
    materials = forms.CharField(
        label=_("Materials"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, organisations: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = code_lists.code_choices("training_event_kind")  # type: ignore[attr-defined]
        self.fields["organisers"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["participant_organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["partner_actors"].queryset = actors  # type: ignore[attr-defined]


class ProtocolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProtocolKind.choices)
    subject = forms.CharField(
        label=_("Subject"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProtocolStatus.choices)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE_WIDGET, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Network organisations party to it"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    parties = forms.ModelMultipleChoiceField(
        label=_("Other parties (network actors)"),
        queryset=NetworkActor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    document = forms.FileField(label=_("Document (PDF, ODT or DOCX, up to 10 MB)"), required=False)

    def __init__(self, *args: Any, organisations: Any, actors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["parties"].queryset = actors  # type: ignore[attr-defined]
