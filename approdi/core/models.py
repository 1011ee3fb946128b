"""Shared models: the base for owned records, the code lists and the append-only access log."""

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class UUIDModel(models.Model):
    """Records are identified by UUIDs in URLs and the API; integer keys stay internal."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        abstract = True


class CodeListEntry(models.Model):
    """One entry of a configurable list of `domain.md` (territories, outing kinds, ...)."""

    list_name = models.CharField(_("list"), max_length=64, db_index=True)
    code = models.SlugField(_("code"), max_length=64)
    label_it = models.CharField(_("Italian label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["list_name", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["list_name", "code"], name="code_unique_in_list"),
        ]
        verbose_name = _("code list entry")
        verbose_name_plural = _("code list entries")

    def __str__(self) -> str:
        return f"{self.list_name}:{self.code}"

    @property
    def label(self) -> str:
        """The label in the active language (Italian unless English is selected)."""
        return self.label_en if (get_language() or "it").startswith("en") else self.label_it


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(_("The access log is append-only."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("The access log is append-only."))


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an access log entry."""


class AccessAction(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logout")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    SECOND_FACTOR = "second_factor", _("Second factor verified")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Second factor failed")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor enrolled")
    IDENTITY_READ = "identity_read", _("Identity read")
    DUPLICATE_LOOKUP = "duplicate_lookup", _("Duplicate lookup that found a record")
    DUPLICATE_LOOKUP_THROTTLED = (
        "duplicate_lookup_throttled",
        _("Duplicate lookups refused: hourly limit reached"),
    )
    CREATE = "create", _("Create")
    UPDATE = "update", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")
    SHARE_GRANT = "share_grant", _("Share grant")
    CONFIG_CHANGE = "config_change", _("Configuration change")
    API_TOKEN = "api_token", _("API token created")


class AccessLogEntry(models.Model):
    """Who did what to which record, when (UTC) and from where. Append-only.

    Never holds personal data of the people in the system: the record is named by its
    model and UUID (or pseudonymous code), changed fields by name, never by value.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    actor_organisation = models.CharField(_("organisation"), max_length=64, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    object_type = models.CharField(_("record type"), max_length=64, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    objects: ClassVar[Any] = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["action", "at"], name="accesslog_action_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(_("The access log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(_("The access log is append-only."))
