"""Writing the append-only access log. Every service that must leave a trace calls `record`."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from .models import AccessAction, AccessLogEntry

if TYPE_CHECKING:
    from approdi.accounts.models import User


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address as the WSGI server saw it (a proxy must set REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    action: AccessAction | str,
    *,
    actor: "User | None",
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    fields: Iterable[str] = (),
    reason: str = "",
    username: str = "",
) -> AccessLogEntry:
    """Append one row. `obj` names the record by model label and UUID, never by content."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "uuid", None) or obj.pk)
    organisation = ""
    if actor is not None and getattr(actor, "organisation_id", None):
        organisation = actor.organisation.slug if actor.organisation else ""
    user_agent = ""
    if request is not None:
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return AccessLogEntry.objects.create(
        action=str(action),
        actor=actor if (actor is not None and actor.pk) else None,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        actor_organisation=organisation,
        object_type=object_type[:64],
        object_id=object_id[:64],
        fields=sorted(set(fields)),
        reason=reason[:500],
        ip_address=client_address(request),
        user_agent=user_agent,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields whose values differ (the values themselves are never logged)."""
    return sorted(name for name in after if before.get(name) != after.get(name))
