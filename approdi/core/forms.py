from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessAction, CodeListEntry


class AccessLogFilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All")), *AccessAction.choices]
    )
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    object_id = forms.CharField(label=_("Record"), required=False, max_length=64)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(
                _("The start date is after the end date."), code="date_range"
            )
        return data


class CodeListEntryForm(forms.ModelForm):
    class Meta:
        model = CodeListEntry
        fields = ["label_it", "label_en", "order", "active"]


class CodeListEntryCreateForm(forms.ModelForm):
    class Meta:
        model = CodeListEntry
        fields = ["code", "label_it", "label_en", "order"]
