"""The network around the organisations: project periods, external actors, protocols."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approdi.accounts.models import Organisation
from approdi.core.fields import CodeField
from approdi.core.models import UUIDModel


class ProjectPeriod(UUIDModel):
    """A funded period (annualità / bando). Every dated fact falls in one."""

    name = models.CharField(_("name"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            ),
        ]
        verbose_name = _("project period")
        verbose_name_plural = _("project periods")

    def __str__(self) -> str:
        return self.name


class NetworkActor(UUIDModel):
    """An external actor of the network that does not use Approdi (prefettura, ATS, ...).

    Public service contacts only; never the personal name of a member of staff.
    """

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = CodeField(_("kind"), code_list="actor_kind")
    territory = CodeField(_("territory"), code_list="territory", blank=True)
    contact_channel = models.CharField(_("contact channel"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("network actor")
        verbose_name_plural = _("network actors")

    def __str__(self) -> str:
        return self.name


class ProtocolKind(models.TextChoices):
    MEMORANDUM = "memorandum", _("Memorandum of understanding")
    OPERATIONAL = "operational", _("Operational protocol")


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")


class Protocol(UUIDModel):
    """A memorandum of understanding (protocollo d'intesa) signed with network actors, or an
    operational protocol (protocollo operativo) the network drafts with a service."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=16, choices=ProtocolKind.choices, default=ProtocolKind.MEMORANDUM
    )
    subject = models.TextField(_("subject"), blank=True)
    parties = models.ManyToManyField(
        NetworkActor, verbose_name=_("parties"), related_name="protocols", blank=True
    )
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("network organisations party to it"),
        related_name="protocols",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProtocolStatus.choices, default=ProtocolStatus.SIGNED
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(valid_until__gte=models.F("signed_on")),
                name="protocol_valid_after_signed",
            ),
        ]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")

    def __str__(self) -> str:
        return self.title

    def status_on(self, day: datetime.date) -> str:
        """The status as it stands on `day`: a signed protocol past its end has expired."""
        if self.status == ProtocolStatus.SIGNED and self.valid_until and self.valid_until < day:
            return ProtocolStatus.EXPIRED
        return self.status


class ProtocolDocument(models.Model):
    """The signed or draft text of a protocol, kept in the database with everything else
    (one backup, no shared file system between app servers)."""

    protocol = models.OneToOneField(Protocol, on_delete=models.CASCADE, related_name="document")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("protocol document")
        verbose_name_plural = _("protocol documents")

    def __str__(self) -> str:
        return self.filename
