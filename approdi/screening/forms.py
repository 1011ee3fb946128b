"""The assessment form: the interview's facts and one question per indicator of the
catalogue version in use. It reads input; the service scores and writes."""

from typing import Any

from django import forms
from django.utils.translation import get_language, pgettext_lazy

from .choices import (
    Answer,
    AssessmentKind,
    Conclusion,
    ExploitationForm,
    LabourSector,
    PresumedOffence,
    Vulnerability,
)
from .models import Indicator


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


def _checkboxes(label: Any, choices: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class AssessmentForm(forms.Form):
    person_code = forms.CharField(
        label=pgettext_lazy("assessment form", "Person's code"), max_length=32
    )
    assessed_on = forms.DateField(
        label=pgettext_lazy("assessment", "date of the interview"), widget=DateInput
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("assessment", "kind"),
        choices=AssessmentKind.choices,
        initial=AssessmentKind.PRELIMINARY,
    )
    mediator = forms.CharField(
        label=pgettext_lazy("assessment", "cultural mediator"), max_length=200, required=False
    )
    language = forms.CharField(
        label=pgettext_lazy("assessment", "language of the interview"),
        max_length=64,
        required=False,
    )
    minor = forms.BooleanField(label=pgettext_lazy("assessment", "minor"), required=False)
    age_assessment_pending = forms.BooleanField(
        label=pgettext_lazy("assessment", "age assessment pending"), required=False
    )
    exploitation_forms = _checkboxes(
        pgettext_lazy("assessment", "exploitation forms"), ExploitationForm.choices
    )
    labour_sector = forms.ChoiceField(
        label=pgettext_lazy("assessment", "labour sector (ISIC)"),
        choices=[("", "—"), *LabourSector.choices],
        required=False,
    )
    presumed_offences = _checkboxes(
        pgettext_lazy("assessment", "presumed offences"), PresumedOffence.choices
    )
    vulnerabilities = _checkboxes(
        pgettext_lazy("assessment", "vulnerabilities"), Vulnerability.choices
    )
    danger_flag = forms.BooleanField(
        label=pgettext_lazy("assessment", "concrete danger to the person's safety"),
        required=False,
    )
    art18_violence_or_serious_exploitation = forms.BooleanField(
        label=pgettext_lazy("assessment", "art. 18: violence or serious exploitation"),
        required=False,
    )
    art18_concrete_danger = forms.BooleanField(
        label=pgettext_lazy("assessment", "art. 18: concrete danger"), required=False
    )
    art18_voluntary_adherence = forms.BooleanField(
        label=pgettext_lazy("assessment", "art. 18: voluntary adherence to the programme"),
        required=False,
    )
    conclusion = forms.ChoiceField(
        label=pgettext_lazy("assessment", "operator's conclusion"),
        choices=[("", "—"), *Conclusion.choices],
        required=False,
    )
    notes = forms.CharField(
        label=pgettext_lazy("assessment", "notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    FACTS = (
        "person_code",
        "assessed_on",
        "kind",
        "mediator",
        "language",
        "minor",
        "age_assessment_pending",
        "exploitation_forms",
        "labour_sector",
        "presumed_offences",
        "vulnerabilities",
    )
    OUTCOME = (
        "danger_flag",
        "art18_violence_or_serious_exploitation",
        "art18_concrete_danger",
        "art18_voluntary_adherence",
        "conclusion",
        "notes",
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        italian = (get_language() or "it").startswith("it")
        for indicator in indicators:
            self.fields[f"ind_{indicator.code}"] = forms.ChoiceField(
                label=indicator.label_it if italian else indicator.label_en,
                choices=Answer.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"ev_{indicator.code}"] = forms.CharField(
                label=pgettext_lazy("assessment", "evidence note"),
                required=False,
                max_length=2000,
            )

    def answers(self) -> dict[str, dict[str, str]]:
        """Indicator code → answer and evidence, for the answered questions only."""
        answers = {}
        for indicator in self.indicators:
            answer = self.cleaned_data.get(f"ind_{indicator.code}") or ""
            if answer:
                answers[indicator.code] = {
                    "answer": answer,
                    "evidence": self.cleaned_data.get(f"ev_{indicator.code}") or "",
                }
        return answers

    def groups(self) -> list[tuple[Any, list[tuple[Any, Any, Indicator]]]]:
        """For the template: per dimension, (answer field, evidence field, indicator)."""
        grouped: dict[int, tuple[Any, list[tuple[Any, Any, Indicator]]]] = {}
        for indicator in self.indicators:
            dimension = indicator.dimension
            grouped.setdefault(dimension.number, (dimension, []))[1].append(
                (self[f"ind_{indicator.code}"], self[f"ev_{indicator.code}"], indicator)
            )
        return list(grouped.values())
