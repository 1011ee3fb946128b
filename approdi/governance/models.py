"""Governance: the network's coordination tables, their meetings, decisions and follow-up,
and the training and awareness events.

Cases discussed at a meeting are linked by the person's pseudonymous code only; minutes
never hold an identity.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approdi.accounts.models import Organisation
from approdi.core.fields import CodeField
from approdi.core.models import UUIDModel
from approdi.network.models import NetworkActor, Protocol
from approdi.people.models import Person

from .choices import ActionItemStatus, AttendanceStatus


class Table(UUIDModel):
    """A coordination table (tavolo), multi-agency team or working group."""

    name = models.CharField(_("name"), max_length=200)
    kind = CodeField(_("kind"), code_list="governance_table")
    mandate = models.TextField(_("mandate"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    frequency_months = models.PositiveSmallIntegerField(
        _("planned frequency (months between meetings)"),
        null=True,
        blank=True,
        help_text=_("1 for monthly, 2 for every two months; empty when it meets as needed."),
    )
    chair = models.ForeignKey(
        Organisation, verbose_name=_("chair"), on_delete=models.PROTECT, related_name="+"
    )
    member_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("member organisations"), related_name="governance_tables"
    )
    member_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("named members"),
        related_name="governance_tables",
        blank=True,
    )
    actors = models.ManyToManyField(
        NetworkActor,
        verbose_name=_("network actors it deals with"),
        related_name="governance_tables",
        blank=True,
    )
    protocols = models.ManyToManyField(
        Protocol,
        verbose_name=_("protocols it works on"),
        related_name="governance_tables",
        blank=True,
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")

    def __str__(self) -> str:
        return self.name


class Meeting(UUIDModel):
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("meeting minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cases_discussed = models.ManyToManyField(
        Person, verbose_name=_("cases discussed"), related_name="+", blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.table} {self.date.isoformat()}"


class Attendance(models.Model):
    """Who was at a meeting: an organisation, optionally a named person of it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="attendance_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(user__isnull=True),
                name="attendance_once_per_organisation",
            ),
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.organisation} {self.status}"


class Decision(UUIDModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(UUIDModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.TextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="governance_action_items",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "created_at"]
        indexes = [models.Index(fields=["owner", "status", "due_date"])]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.description[:60]


class TrainingEvent(UUIDModel):
    """A training or awareness event (CAS staff training, mutual training, community...)."""

    date = models.DateField(_("date"))
    kind = CodeField(_("kind"), code_list="training_event_kind")
    title = models.CharField(_("title"), max_length=300)
    organisers = models.ManyToManyField(
        Organisation, verbose_name=_("organisers"), related_name="+"
    )
    partner_actors = models.ManyToManyField(
        NetworkActor,
        verbose_name=_("with network actors"),
        related_name="training_events",
        blank=True,
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    participant_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("participating organisations"), related_name="+", blank=True
    )
    participants = models.PositiveIntegerField(_("number of participants"))
    materials = models.TextField(_("materials"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("training or awareness event")
        verbose_name_plural = _("training and awareness events")

    def __str__(self) -> str:
        return self.title
