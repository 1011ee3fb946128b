"""The limit on duplicate lookups.

A lookup tells its user whether someone matching the names, birth date or phone typed is
recorded (access.md: the people recorded are in danger, and their exploiters look for
them). Without a limit, a compromised partner account could test combination after
combination. So everyone but the coordination office, who sees every person anyway, may
make `APPRODI_DUPLICATE_LOOKUPS_PER_HOUR` lookups per clock hour; past it the lookup is
refused and nothing is looked up.

Windows are whole UTC hours (Italian time is a whole number of hours away, so a window
ends on the hour there too). The counts live in Django's cache, set with `add` and
`incr`, each atomic in Redis and in the local-memory cache: two requests at once cannot
both take the last lookup. Only a cache shared by every process and server (Redis,
`REDIS_URL`) makes the limit hold across them; the local-memory cache counts per process.
"""

import datetime
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import Role, has_role

WINDOW_SECONDS = 3600
KEY_PREFIX = "approdi:person-lookups"


def now() -> float:
    """Seconds since the epoch. The tests replace it to move from one window to the next."""
    return time.time()


def lookup_limit() -> int:
    """Lookups per user and hour (the setting, read at each call; never below 0)."""
    return max(0, int(settings.APPRODI_DUPLICATE_LOOKUPS_PER_HOUR))


def lookup_exempt(user: User) -> bool:
    """The coordination office sees every person: a lookup tells it nothing new."""
    return has_role(user, Role.COORDINATOR)


class LookupThrottled(Exception):
    """The user has made this hour's lookups: this one was not made, nothing was saved."""

    def __init__(self, *, window: int, limit: int, at: float) -> None:
        self.window = window
        self.limit = limit
        ends = (window + 1) * WINDOW_SECONDS
        self.retry_after = max(1, math.ceil(ends - at))
        local_end = timezone.localtime(datetime.datetime.fromtimestamp(ends, tz=datetime.UTC))
        super().__init__(
            _(
                "Too many person lookups this hour: try again from %(time)s or ask the "
                "coordination office."
            )
            % {"time": local_end.strftime("%H:%M")}
        )


class LookupUnavailable(LookupThrottled):
    """The shared counter (the cache) cannot be reached: the limit cannot be checked, so
    the lookup is refused (fails closed), with a message instead of a server error."""

    RETRY_SECONDS = 60

    def __init__(self, *, window: int, limit: int, at: float) -> None:
        super().__init__(window=window, limit=limit, at=at)
        self.retry_after = self.RETRY_SECONDS
        self.args = (
            _(
                "Person lookups are unavailable right now: try again in a few minutes. "
                "Nothing was saved."
            ),
        )

    def __str__(self) -> str:
        return str(self.args[0])


def _key(user: User, window: int) -> str:
    return f"{KEY_PREFIX}:{user.pk}:{window}"


def _increment(key: str) -> int:
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:
        # Gone between `add` and `incr`: only a key of a window that has just ended
        # expires (each lives a whole window from its first lookup), so start it again.
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return 1


def lookup_count(*, user: User) -> int:
    """Count one lookup of `user` and return how many they have made this hour (0 for the
    coordinator, who is not counted). Raise `LookupThrottled` past the limit: the caller
    must then not look up."""
    if lookup_exempt(user):
        return 0
    at = now()
    window = int(at // WINDOW_SECONDS)
    limit = lookup_limit()
    try:
        count = _increment(_key(user, window))
    except Exception as error:  # any cache failure: refuse, never a 500
        raise LookupUnavailable(window=window, limit=limit, at=at) from error
    if count > limit:
        raise LookupThrottled(window=window, limit=limit, at=at)
    return count


def lookup_refusal_is_first(*, user: User, window: int) -> bool:
    """Whether this is the first refused lookup of `user` in `window` (at most one
    access-log row per user and hour, however many attempts follow)."""
    try:
        return bool(cache.add(f"{_key(user, window)}:refused", 1, timeout=WINDOW_SECONDS))
    except Exception:  # cache down: log the refusal every time
        return True
