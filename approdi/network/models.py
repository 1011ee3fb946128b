"""The network around the organisations: project periods, external actors, protocols."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class ProtocolStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")


class Protocol(UUIDModel):
    """A memorandum of understanding (protocollo d'intesa) signed with network actors."""

    title = models.CharField(_("title"), max_length=300)
    subject = models.TextField(_("subject"), blank=True)
    parties = models.ManyToManyField(
        NetworkActor, verbose_name=_("parties"), related_name="protocols"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProtocolStatus.choices, default=ProtocolStatus.SIGNED
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")

    def __str__(self) -> str:
        return self.title
