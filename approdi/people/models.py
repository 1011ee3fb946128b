"""People: a pseudonymous record, with the identity kept apart and encrypted at rest."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approdi.accounts.models import Organisation
from approdi.core.fields import EncryptedDateField, EncryptedTextField
from approdi.core.models import UUIDModel

from .choices import Gender

IDENTITY_FIELDS = (
    "given_names",
    "family_name",
    "aliases",
    "birth_date",
    "phone",
    "document_numbers",
)


class Person(UUIDModel):
    """A person in the programme. Lists, logs and exports show `code`, never a name."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    # Clear, for statistics.
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    # Identity: encrypted at rest, readable only by identity roles, every read logged.
    given_names = EncryptedTextField(_("given names"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    aliases = EncryptedTextField(_("aliases"), blank=True)
    birth_date = EncryptedDateField(_("date of birth"), blank=True, null=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    document_numbers = EncryptedTextField(_("document numbers"), blank=True)
    # Keyed hash of the normalised name and birth date, for duplicate detection.
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.code
