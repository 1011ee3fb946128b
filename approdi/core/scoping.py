"""One scoping function per model: "which of these records may this user see".

Every view, form choice list and API endpoint gets its querysets through `visible_to`
or `get_visible_or_404`. A record outside scope is indistinguishable from a missing one.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from approdi.accounts.models import User

M = TypeVar("M", bound=Model)
ScopeFunction = Callable[["User", QuerySet[Any]], QuerySet[Any]]

_registry: dict[type[Model], ScopeFunction] = {}


def scope_for(model: type[Model]) -> Callable[[ScopeFunction], ScopeFunction]:
    """Register the scoping function of `model` (one per model, checked at start-up)."""

    def register(function: ScopeFunction) -> ScopeFunction:
        if model in _registry and _registry[model] is not function:
            raise RuntimeError(f"{model.__name__} already has a scoping function.")
        _registry[model] = function
        return function

    return register


def registered_models() -> frozenset[type[Model]]:
    return frozenset(_registry)


def visible_to(user: "User | AnonymousUser", source: type[M] | QuerySet[M]) -> QuerySet[M]:
    """The records of `source` that `user` may see. No function registered: nothing."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    model = queryset.model
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return queryset.none()
    try:
        function = _registry[model]
    except KeyError as exc:
        raise LookupError(f"{model.__name__} has no scoping function.") from exc
    return function(user, queryset)  # type: ignore[arg-type]


def get_visible_or_404(
    user: "User | AnonymousUser", source: type[M] | QuerySet[M], **lookup: Any
) -> M:
    """The record, or 404 whether it is missing or hidden (no existence leak)."""
    queryset = visible_to(user, source)
    try:
        return queryset.get(**lookup)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    except (ValueError, TypeError, ValidationError) as exc:  # a malformed id: missing too
        raise Http404 from exc
