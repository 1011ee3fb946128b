"""Cases: the individual pathway, its records, sharing grants and sent reminders.

Free text (notes, reasons, reviews) is removed by `anonymise_closed_cases` after the
retention period; codes, dates and durations stay, so that every statistic is unchanged.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation
from approdi.core.fields import CodeField
from approdi.core.models import UUIDModel
from approdi.people.models import Person

from . import choices

USER = settings.AUTH_USER_MODEL


class Case(UUIDModel):
    """A *presa in carico*: one person, one owning organisation, one pathway."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    case_worker = models.ForeignKey(
        USER,
        verbose_name=_("case worker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    team: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, verbose_name=_("team"), blank=True, related_name="team_cases"
    )
    opened_on = models.DateField(_("opened on"))
    opened_from = models.CharField(
        _("opened from"), max_length=32, blank=True, help_text=_("Referral or assessment.")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=choices.CaseKind.choices)
    programme = models.CharField(_("programme"), max_length=32, choices=choices.Programme.choices)
    path = models.CharField(_("path"), max_length=16, choices=choices.CasePath.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.CaseStatus.choices,
        default=choices.CaseStatus.ACTIVE,
    )
    # The current phase, kept by the services alongside the CasePhase rows (lists need it).
    phase = models.CharField(_("phase"), max_length=20, choices=choices.Phase.choices, blank=True)
    territory = CodeField(_("territory"), code_list="territory", blank=True)
    first_assistance_extended_on = models.DateField(
        _("first assistance extended on"), null=True, blank=True
    )
    first_assistance_extended_by = models.ForeignKey(
        USER,
        verbose_name=_("extension approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reflection_started_on = models.DateField(_("reflection period from"), null=True, blank=True)
    reflection_days = models.PositiveSmallIntegerField(_("reflection period (days)"), default=30)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["organisation", "status"], name="case_org_status"),
            # The case list's order: without it every page sorts the whole visible set.
            models.Index(fields=["-opened_on", "-id"], name="case_list_order"),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} · {self.opened_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == choices.CaseStatus.ACTIVE


class CasePhase(models.Model):
    """One dated period of the pathway. At most one phase of a case is open."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="phases")
    phase = models.CharField(_("phase"), max_length=20, choices=choices.Phase.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    author = models.ForeignKey(
        USER,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    # Seam for the shelters app: a free reference to the placement (structure and bed).
    placement_reference = models.CharField(_("placement"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_on__isnull=True), name="one_open_phase_per_case"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase} {self.started_on}"


class CaseEvent(models.Model):
    """The case's timeline: one row per thing that happened. Codes and dates, no free text."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=choices.EventKind.choices)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class Consent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent"), max_length=20, choices=choices.ConsentKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    given = models.BooleanField(_("given"), default=True)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["recorded_on", "id"]

    def __str__(self) -> str:
        return self.kind


class Goal(models.Model):
    """A goal of the individual plan (*progetto individualizzato*)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField(_("goal"))
    target_on = models.DateField(_("target date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=choices.GoalStatus.choices,
        default=choices.GoalStatus.OPEN,
    )

    class Meta:
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return f"goal {self.target_on}"


class GoalReview(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    notes = models.TextField(_("review notes"), blank=True)
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"review {self.reviewed_on}"


class Activity(UUIDModel):
    """An activity or service (*intervento*)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    kind = CodeField(_("kind"), code_list="activity_kind")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.kind} {self.date}"


class Permit(UUIDModel):
    """A residence permit (*permesso di soggiorno*)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="permits")
    kind = models.CharField(_("kind"), max_length=32, choices=choices.PermitKind.choices)
    proposer = models.CharField(
        _("proposer"), max_length=48, choices=choices.PermitProposer.choices, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=choices.PermitStatus.choices)
    questura = models.CharField(_("issuing questura"), max_length=100, blank=True)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    converted_into = models.CharField(
        _("converted into"), max_length=32, choices=choices.PermitKind.choices, blank=True
    )

    class Meta:
        ordering = ["-expires_on", "-id"]
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="permit_expires_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return self.kind


class LegalProceeding(UUIDModel):
    """A legal proceeding. The docket number is for legal staff only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    kind = models.CharField(_("kind"), max_length=16, choices=choices.ProceedingKind.choices)
    role = models.CharField(
        _("role of the person"), max_length=16, choices=choices.ProceedingRole.choices
    )
    stage = models.CharField(_("stage"), max_length=24, choices=choices.ProceedingStage.choices)
    complaint_on = models.DateField(_("complaint date"), null=True, blank=True)
    prosecutor_office = models.CharField(_("prosecutor's office"), max_length=100, blank=True)
    docket_number = models.CharField(_("docket number"), max_length=64, blank=True)

    class Meta:
        ordering = ["-complaint_on", "-id"]
        verbose_name = _("legal proceeding")
        verbose_name_plural = _("legal proceedings")

    def __str__(self) -> str:
        return self.kind


class VoluntaryReturn(UUIDModel):
    """Assisted voluntary return (*RVA*)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="returns")
    requested_on = models.DateField(_("requested on"))
    partner = models.CharField(_("partner"), max_length=100, default="OIM")
    departure_on = models.DateField(_("departure date"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=choices.ReturnOutcome.choices,
        default=choices.ReturnOutcome.PENDING,
    )

    class Meta:
        ordering = ["-requested_on", "-id"]

    def __str__(self) -> str:
        return f"return {self.requested_on}"


class Exit(UUIDModel):
    """The exit (*dimissione / scheda di uscita*): one per case."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="exit")
    exit_on = models.DateField(_("exit date"))
    outcome = CodeField(_("outcome"), code_list="exit_outcome")
    housing = models.CharField(
        _("housing at exit"), max_length=20, choices=choices.HousingAtExit.choices
    )
    employment = models.CharField(
        _("work at exit"), max_length=20, choices=choices.EmploymentAtExit.choices
    )
    permit_status = models.CharField(
        _("permit at exit"), max_length=20, choices=choices.PermitAtExit.choices
    )
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("exit")
        verbose_name_plural = _("exits")

    def __str__(self) -> str:
        return f"exit {self.exit_on}"


class FollowUp(models.Model):
    """A contact with the person after the exit."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    contacted_on = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-contacted_on", "-id"]

    def __str__(self) -> str:
        return f"follow-up {self.contacted_on}"


class ShareGrant(UUIDModel):
    """Access for another organisation to one case, until `expires_on` (inclusive)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    expires_on = models.DateField(_("expires on"))
    granted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sharing grant")
        verbose_name_plural = _("sharing grants")

    def __str__(self) -> str:
        return f"grant {self.expires_on}"


class SentReminder(models.Model):
    """One reminder sent for one deadline and threshold: the unique key makes it once only."""

    kind = models.CharField(max_length=32, choices=choices.DeadlineKind.choices)
    object_id = models.CharField(max_length=64)
    due_on = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on", "threshold_days"],
                name="reminder_once_per_threshold",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due_on} -{self.threshold_days}"


class HomeVisit(models.Model):
    """When a user last opened the home page: "what changed since my last visit"."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="+")
    previous_at = models.DateTimeField(null=True, blank=True)
    last_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.last_at)
