"""Reads of the access log."""

import datetime

from django.db.models import QuerySet

from .models import AccessLogEntry


def access_log_list(
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
    username: str = "",
    object_id: str = "",
) -> QuerySet[AccessLogEntry]:
    """Entries newest first, filtered; dates are whole days in the server's time zone."""
    entries = AccessLogEntry.objects.all()
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if action:
        entries = entries.filter(action=action)
    if username:
        entries = entries.filter(actor_username__iexact=username)
    if object_id:
        entries = entries.filter(object_id=object_id)
    return entries.order_by("-at", "-id")
