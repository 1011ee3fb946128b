"""Identification: the versioned indicator catalogue with its rule, and assessments.

The catalogue and the rule are data (loaded by a data migration, correctable by the
coordination office as a new version); each assessment keeps the version it was scored
with. The computed result is decision support; the operator's conclusion is the outcome.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approdi.accounts.models import Organisation
from approdi.core.fields import EncryptedTextField
from approdi.core.models import UUIDModel
from approdi.people.models import Person

from .choices import (
    Answer,
    AssessmentKind,
    ComputedResult,
    Conclusion,
    ExploitationForm,
    LabourSector,
    PresumedOffence,
    Strength,
    Vulnerability,
)

USER = settings.AUTH_USER_MODEL


class CatalogueVersion(models.Model):
    """A version of the indicator catalogue together with its rule parameters."""

    number = models.PositiveSmallIntegerField(pgettext_lazy("catalogue", "version"), unique=True)
    name = models.CharField(pgettext_lazy("catalogue", "name"), max_length=200)
    active = models.BooleanField(pgettext_lazy("catalogue", "in use"), default=False)
    # Rule parameters: see screening.rules (thresholds, dimension groups, triage points).
    rule = models.JSONField(pgettext_lazy("catalogue", "rule parameters"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = pgettext_lazy("catalogue", "indicator catalogue version")
        verbose_name_plural = pgettext_lazy("catalogue", "indicator catalogue versions")

    def __str__(self) -> str:
        return f"v{self.number}"


class Dimension(models.Model):
    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="dimensions"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("catalogue", "number"))
    code = models.SlugField(pgettext_lazy("catalogue", "code"), max_length=64)
    label_en = models.CharField(_("English label"), max_length=200)
    label_it = models.CharField(_("Italian label"), max_length=200)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="dimension_code_in_version"),
            models.UniqueConstraint(
                fields=["version", "number"], name="dimension_number_in_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.code}"


class Indicator(models.Model):
    version = models.ForeignKey(
        CatalogueVersion, on_delete=models.PROTECT, related_name="indicators"
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(pgettext_lazy("catalogue", "code"), max_length=64)
    order = models.PositiveSmallIntegerField(pgettext_lazy("catalogue", "order"), default=0)
    label_en = models.CharField(_("English label"), max_length=300)
    label_it = models.CharField(_("Italian label"), max_length=300)
    labour_strength = models.CharField(
        pgettext_lazy("catalogue", "strength (labour exploitation)"),
        max_length=1,
        choices=Strength.choices,
    )
    sexual_strength = models.CharField(
        pgettext_lazy("catalogue", "strength (sexual exploitation)"),
        max_length=1,
        choices=Strength.choices,
    )

    class Meta:
        ordering = ["version", "dimension__number", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="indicator_code_in_version"),
        ]

    def __str__(self) -> str:
        return self.code


class Assessment(UUIDModel):
    """A preliminary or formal identification interview and its outcome."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="assessments"
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=pgettext_lazy("assessment", "recorded by organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(pgettext_lazy("assessment", "date of the interview"))
    kind = models.CharField(
        pgettext_lazy("assessment", "kind"), max_length=24, choices=AssessmentKind.choices
    )
    interviewer = models.ForeignKey(
        USER,
        verbose_name=pgettext_lazy("assessment", "interviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mediator = models.CharField(
        pgettext_lazy("assessment", "cultural mediator"), max_length=200, blank=True
    )
    language = models.CharField(
        pgettext_lazy("assessment", "language of the interview"), max_length=64, blank=True
    )
    # Minority as known at the interview; an age assessment pending counts as a minor.
    minor = models.BooleanField(pgettext_lazy("assessment", "minor"), default=False)
    age_assessment_pending = models.BooleanField(
        pgettext_lazy("assessment", "age assessment pending"), default=False
    )
    exploitation_forms = models.JSONField(
        pgettext_lazy("assessment", "exploitation forms"), default=list, blank=True
    )
    labour_sector = models.CharField(
        pgettext_lazy("assessment", "labour sector (ISIC)"),
        max_length=1,
        choices=LabourSector.choices,
        blank=True,
    )
    presumed_offences = models.JSONField(
        pgettext_lazy("assessment", "presumed offences"), default=list, blank=True
    )
    vulnerabilities = models.JSONField(
        pgettext_lazy("assessment", "vulnerabilities"), default=list, blank=True
    )
    danger_flag = models.BooleanField(
        pgettext_lazy("assessment", "concrete danger to the person's safety"), default=False
    )
    art18_violence_or_serious_exploitation = models.BooleanField(
        pgettext_lazy("assessment", "art. 18: violence or serious exploitation"), default=False
    )
    art18_concrete_danger = models.BooleanField(
        pgettext_lazy("assessment", "art. 18: concrete danger"), default=False
    )
    art18_voluntary_adherence = models.BooleanField(
        pgettext_lazy("assessment", "art. 18: voluntary adherence to the programme"),
        default=False,
    )
    rule_version = models.ForeignKey(
        CatalogueVersion,
        verbose_name=pgettext_lazy("assessment", "rule version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    computed_result = models.CharField(
        pgettext_lazy("assessment", "computed suggestion"),
        max_length=24,
        choices=ComputedResult.choices,
    )
    triage_score = models.PositiveSmallIntegerField(
        pgettext_lazy("assessment", "triage score"), default=0
    )
    # Per dimension: positive or not, and the codes of the answers that made it so.
    computed_detail = models.JSONField(default=dict, blank=True)
    conclusion = models.CharField(
        pgettext_lazy("assessment", "operator's conclusion"),
        max_length=24,
        choices=Conclusion.choices,
    )
    notes = EncryptedTextField(pgettext_lazy("assessment", "notes"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = pgettext_lazy("assessment", "assessment")
        verbose_name_plural = pgettext_lazy("assessment", "assessments")

    def __str__(self) -> str:
        return f"{self.person.code} · {self.assessed_on:%Y-%m-%d}"

    @property
    def treated_as_minor(self) -> bool:
        return self.minor or self.age_assessment_pending

    def exploitation_form_labels(self) -> list[str]:
        return _labels(ExploitationForm, self.exploitation_forms)

    def offence_labels(self) -> list[str]:
        return _labels(PresumedOffence, self.presumed_offences)

    def vulnerability_labels(self) -> list[str]:
        return _labels(Vulnerability, self.vulnerabilities)


def _labels(choices: type[models.TextChoices], codes: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known.get(code, code)) for code in codes]


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        pgettext_lazy("assessment", "answer"), max_length=8, choices=Answer.choices
    )
    evidence = EncryptedTextField(pgettext_lazy("assessment", "evidence note"), blank=True)

    class Meta:
        ordering = ["indicator__dimension__number", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_answer_per_indicator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.answer}"
