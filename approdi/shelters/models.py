"""Residential capacity: structures, their beds, beds out of service, and placements.

A bed holds one person at a time. The database enforces it (an exclusion constraint on
PostgreSQL, triggers on SQLite: migration 0003), not only the services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation
from approdi.core.fields import CodeField, EncryptedTextField
from approdi.core.models import UUIDModel
from approdi.people.models import Person

from .choices import Phase, TargetGender


def validate_phases(value: object) -> None:
    if not isinstance(value, list) or any(v not in Phase.values for v in value):
        raise ValidationError(_("Unknown phase."), code="invalid_phase")


class Structure(UUIDModel):
    """A shelter, flat or set of reserved places. The address is secret (access.md rule 4)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="structures",
    )
    name = models.CharField(_("name"), max_length=120)
    territory = CodeField(_("territory"), code_list="territory")
    kind = CodeField(_("kind"), code_list="structure_kind")
    target_gender = models.CharField(
        _("target gender"), max_length=16, choices=TargetGender.choices
    )
    mothers_with_children = models.BooleanField(_("mothers with children accepted"), default=False)
    phases = models.JSONField(
        _("phases served"), default=list, blank=True, validators=[validate_phases]
    )
    third_party = models.BooleanField(
        _("third-party places"),
        default=False,
        help_text=_("Places reserved in a facility the project does not run."),
    )
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active until"), null=True, blank=True)
    # Secret: only the owning organisation and the coordination office ever see it.
    address = EncryptedTextField(_("address"), blank=True)

    class Meta:
        ordering = ["territory", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="structure_active_to_after_from",
            ),
        ]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")

    def __str__(self) -> str:
        return self.name

    def phase_labels(self) -> list[str]:
        return [str(Phase(p).label) for p in self.phases if p in Phase.values]


class Bed(UUIDModel):
    """A bed (posto letto) of a structure."""

    structure = models.ForeignKey(
        Structure, verbose_name=_("structure"), on_delete=models.PROTECT, related_name="beds"
    )
    label = models.CharField(_("label"), max_length=40)
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active until"), null=True, blank=True)

    class Meta:
        ordering = ["structure", "label"]
        constraints = [
            models.UniqueConstraint(fields=["structure", "label"], name="bed_label_unique"),
            models.CheckConstraint(
                condition=models.Q(active_to__isnull=True)
                | models.Q(active_to__gte=models.F("active_from")),
                name="bed_active_to_after_from",
            ),
        ]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")

    def __str__(self) -> str:
        return f"{self.structure} – {self.label}"


class BedOutage(UUIDModel):
    """A period in which a bed is out of service (`end` excluded; open-ended when null)."""

    bed = models.ForeignKey(
        Bed, verbose_name=_("bed"), on_delete=models.CASCADE, related_name="outages"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["bed", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="bedoutage_end_after_start",
            ),
        ]
        verbose_name = _("bed out of service")
        verbose_name_plural = _("beds out of service")

    def __str__(self) -> str:
        return f"{self.bed} {self.start}"


class Placement(UUIDModel):
    """A person in a bed from `start` (first night) to `end` (day of leaving, excluded).

    Open-ended while `end` is null. A move ends one placement and starts the next the same
    day, linked through `moved_from`, so the history stays.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    bed = models.ForeignKey(
        Bed, verbose_name=_("bed"), on_delete=models.PROTECT, related_name="placements"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=24, choices=Phase.choices)
    end_reason = CodeField(_("reason for ending"), code_list="placement_end_reason", blank=True)
    moved_from = models.OneToOneField(
        "self",
        verbose_name=_("moved from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moved_to",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                name="placement_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["bed", "start"], name="placement_bed_start")]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")

    def __str__(self) -> str:
        return f"{self.person} {self.bed} {self.start}"

    @property
    def is_open(self) -> bool:
        return self.end is None
