"""People: a pseudonymous record, with the identity kept apart and encrypted at rest;
possible duplicates found by keyed hashes, and merges that can be undone."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from approdi.accounts.models import Organisation
from approdi.core.fields import EncryptedDateField, EncryptedTextField
from approdi.core.models import UUIDModel

from .choices import DuplicateStatus, Gender, MatchReason

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
    # Keyed hashes for duplicate detection (people/hashing.py): never the clear values.
    # Names in any order + birth date + nationality.
    identity_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Names only (a weaker, "possible" match).
    names_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # Normalised phone digits.
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when this record was merged into another: it stays, with its history, but is
    # hidden from lists and lookups; undoing the merge clears it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set by retention (cases/retention.py) when the identity and the free text about the
    # person were removed; this record and every record merged into it.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.code


class PossibleDuplicate(UUIDModel):
    """A match the person's author could not see (outside their scope): the coordination
    office checks it, then merges the two records or dismisses the match."""

    person = models.ForeignKey(
        Person, verbose_name=_("new person"), on_delete=models.PROTECT, related_name="+"
    )
    candidate = models.ForeignKey(
        Person, verbose_name=_("existing person"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("match"), max_length=16, choices=MatchReason.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DuplicateStatus.choices,
        default=DuplicateStatus.OPEN,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    merge = models.ForeignKey(
        "PersonMerge",
        verbose_name=_("merge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolved_duplicates",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("candidate")),
                name="possible_duplicate_of_another_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ~ {self.candidate}"


class PersonMerge(UUIDModel):
    """`merged` was merged into `kept`: `moved_rows` lists exactly which rows were moved
    (model label, primary key, field), so that undoing moves back those and no others."""

    kept = models.ForeignKey(
        Person, verbose_name=_("kept person"), on_delete=models.PROTECT, related_name="+"
    )
    merged = models.ForeignKey(
        Person, verbose_name=_("merged person"), on_delete=models.PROTECT, related_name="+"
    )
    reason = EncryptedTextField(_("reason"))  # it often names the person
    moved_rows = models.JSONField(_("moved rows"), default=list, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("merge of people")
        verbose_name_plural = _("merges of people")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kept=models.F("merged")), name="merge_of_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
