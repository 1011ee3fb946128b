"""Outreach (emersione): outings with anonymous contact tallies, drop-in accesses, phone contacts.

Nothing here identifies a person: the tallies are head-counts. A contact that becomes a
person is linked by a foreign key to `people.Person` (pseudonymous), never by a name.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from approdi.accounts.models import Organisation
from approdi.core.fields import CodeField
from approdi.core.models import UUIDModel
from approdi.people.choices import Gender
from approdi.people.models import Person

from . import choices
from .choices import ContactStatus, Shift
from .validators import validate_country, validate_past_date


class OutreachRecord(UUIDModel):
    """What outings, drop-in accesses and phone contacts share.

    `idempotency_key` is made by the client (the phone) when the record is entered, so
    that a record sent twice (a retry after a lost answer) is stored once.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    territory = CodeField(_("territory"), code_list=choices.TERRITORY)
    date = models.DateField(_("date"), validators=[validate_past_date])
    idempotency_key = models.UUIDField(_("idempotency key"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Outing(OutreachRecord):
    """An outing (uscita) of a street unit, indoor team or other outreach team."""

    shift = models.CharField(_("shift"), max_length=8, choices=Shift.choices)
    kind = CodeField(_("kind"), code_list=choices.OUTING_KIND)
    area = models.CharField(_("area"), max_length=200, blank=True)
    team_size = models.PositiveSmallIntegerField(
        _("team size"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("outing")
        verbose_name_plural = _("outings")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="outing_idempotency_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"], name="outing_org_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.shift} {self.kind}"


class ContactTally(models.Model):
    """A head-count of anonymous contacts of one outing sharing the same traits."""

    outing = models.ForeignKey(
        Outing, verbose_name=_("outing"), on_delete=models.CASCADE, related_name="tallies"
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    age_band = CodeField(_("age band"), code_list=choices.AGE_BAND, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[validate_country]
    )
    status = models.CharField(_("new or known"), max_length=8, choices=ContactStatus.choices)
    setting = CodeField(
        _("exploitation setting"), code_list=choices.EXPLOITATION_SETTING, blank=True
    )
    count = models.PositiveSmallIntegerField(
        _("contacts"), validators=[MinValueValidator(1), MaxValueValidator(choices.MAX_TALLY_COUNT)]
    )
    # Set when this contact (then counted alone) became a person in the programme.
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact tally")
        verbose_name_plural = _("contact tallies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(count__gte=1) & models.Q(count__lte=choices.MAX_TALLY_COUNT),
                name="tally_count_range",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(count=1),
                name="tally_linked_person_counts_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.gender} {self.status}"


class DropInAccess(OutreachRecord):
    """An access to a drop-in or listening desk (servizio a bassa soglia)."""

    place = models.CharField(_("place"), max_length=200)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[validate_country]
    )
    status = models.CharField(
        _("new or known"), max_length=8, choices=ContactStatus.choices, blank=True
    )
    language = CodeField(_("language"), code_list=choices.LANGUAGE, blank=True)
    mediator_present = models.BooleanField(_("mediator present"), default=False)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("drop-in access")
        verbose_name_plural = _("drop-in accesses")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="dropin_idempotency_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"], name="dropin_org_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class PhoneContact(OutreachRecord):
    """A phone call received or made, including the h24 on-call line."""

    line = CodeField(_("line"), code_list=choices.PHONE_LINE)
    caller = CodeField(_("caller"), code_list=choices.CALLER_KIND)
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[validate_country]
    )
    language = CodeField(_("language"), code_list=choices.LANGUAGE, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("phone contact")
        verbose_name_plural = _("phone contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "idempotency_key"], name="phone_idempotency_key_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "date"], name="phone_org_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.line}"


class ServiceGiven(models.Model):
    """A service given during an outing or a drop-in access, with a quantity.

    For prevention material, `material` says what (condoms, leaflets…) and `quantity`
    how many pieces; for other services `quantity` is how many times it was given.
    """

    outing = models.ForeignKey(
        Outing,
        verbose_name=_("outing"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="services",
    )
    access = models.ForeignKey(
        DropInAccess,
        verbose_name=_("drop-in access"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="services",
    )
    service = CodeField(_("service"), code_list=choices.SERVICE_KIND)
    material = CodeField(_("material"), code_list=choices.PREVENTION_MATERIAL, blank=True)
    quantity = models.PositiveIntegerField(
        _("quantity"), validators=[MinValueValidator(1), MaxValueValidator(choices.MAX_QUANTITY)]
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("service given")
        verbose_name_plural = _("services given")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(outing__isnull=False, access__isnull=True)
                    | models.Q(outing__isnull=True, access__isnull=False)
                ),
                name="service_given_to_one_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.material} × {self.quantity}"
