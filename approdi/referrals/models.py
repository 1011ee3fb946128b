"""Referrals (*segnalazioni*): who referred whom, how urgent, and what the coordination
office (Ufficio Filtro) decided.

The referred person is linked by foreign key (lists show `Person.code`); the contact
person, the reason and the notes may name people and are encrypted at rest.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from approdi.accounts.models import Organisation
from approdi.core.fields import EncryptedTextField
from approdi.core.models import UUIDModel
from approdi.network.models import NetworkActor
from approdi.people.models import Person

from .choices import ReferralStatus, SourceKind, Urgency

USER = settings.AUTH_USER_MODEL


class Referral(UUIDModel):
    """One referral of one person to the network."""

    referred_on = models.DateField(pgettext_lazy("referral", "referred on"))
    source_kind = models.CharField(
        pgettext_lazy("referral", "source"), max_length=40, choices=SourceKind.choices
    )
    referring_actor = models.ForeignKey(
        NetworkActor,
        verbose_name=pgettext_lazy("referral", "referring actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    referring_contact = EncryptedTextField(
        pgettext_lazy("referral", "contact person (referring side)"), blank=True
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="referrals"
    )
    presumed_exploitation = models.JSONField(
        pgettext_lazy("referral", "presumed exploitation"), default=list, blank=True
    )
    urgency = models.CharField(
        pgettext_lazy("referral", "urgency"),
        max_length=20,
        choices=Urgency.choices,
        default=Urgency.ORDINARY,
    )
    danger_reported = models.BooleanField(
        pgettext_lazy("referral", "concrete danger reported at intake"), default=False
    )
    reason = EncryptedTextField(pgettext_lazy("referral", "reason for the referral"), blank=True)
    notes = EncryptedTextField(pgettext_lazy("referral", "notes"), blank=True)
    status = models.CharField(
        pgettext_lazy("referral", "status"),
        max_length=16,
        choices=ReferralStatus.choices,
        default=ReferralStatus.RECEIVED,
    )
    # Who recorded it (a partner, or the coordination office on behalf of an external actor).
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=pgettext_lazy("referral", "recorded by organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        USER,
        verbose_name=pgettext_lazy("referral", "recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The partner it is assigned to, or accepted into.
    assigned_organisation = models.ForeignKey(
        Organisation,
        verbose_name=pgettext_lazy("referral", "assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        pgettext_lazy("referral", "decided at"), null=True, blank=True
    )
    decided_by = models.ForeignKey(
        USER,
        verbose_name=pgettext_lazy("referral", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = EncryptedTextField(
        pgettext_lazy("referral", "reason of the decision"), blank=True
    )
    receiving_service = models.CharField(
        pgettext_lazy("referral", "receiving service"), max_length=200, blank=True
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["status", "urgency"], name="referral_status_urgency"),
            models.Index(fields=["referred_on", "source_kind"], name="referral_date_source"),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} · {self.referred_on:%Y-%m-%d}"

    def presumed_exploitation_labels(self) -> list[str]:
        from approdi.screening.choices import ExploitationForm

        known = dict(ExploitationForm.choices)
        return [str(known.get(code, code)) for code in self.presumed_exploitation]


class ReferralEvent(models.Model):
    """The history of a referral: each status change, with its author and time."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def to_label(self) -> str:
        return str(ReferralStatus(self.to_status).label)
