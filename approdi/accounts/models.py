"""Organisations, users and their roles."""

from typing import Any, ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from approdi.core.models import UUIDModel

from .roles import Role


class OrganisationKind(models.TextChoices):
    LEAD = "lead", _("Lead (coordination office)")
    PARTNER = "partner", _("Partner")


class Organisation(UUIDModel):
    """An organisation that uses Approdi: the lead municipality or a partner."""

    slug = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    territories = models.JSONField(_("territories"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_lead(self) -> bool:
        return self.kind == OrganisationKind.LEAD


def validate_roles(value: Any) -> None:
    if not isinstance(value, list) or any(v not in Role.values for v in value):
        raise ValidationError(_("Unknown role."), code="invalid_role")


class User(AbstractUser):
    """A member of staff. Organisation and roles are set only by an administrator."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    roles = models.JSONField(_("roles"), default=list, blank=True, validators=[validate_roles])

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in self.roles if r in Role.values]
