"""System checks of the people app (`manage.py check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core import checks

# Caches that each process keeps for itself (or not at all): counts made there do not add
# up across gunicorn workers and app servers.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)


@checks.register(checks.Tags.caches, deploy=True)
def lookup_counts_are_shared(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The hourly limit on duplicate lookups holds only in a cache every process shares."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The default cache is kept by each process: the hourly limit on duplicate "
            "lookups (APPRODI_DUPLICATE_LOOKUPS_PER_HOUR) is counted per gunicorn worker "
            "and per server, so a user gets it once per worker.",
            hint="Set REDIS_URL (docs/deploy.md).",
            id="people.W001",
        )
    ]
