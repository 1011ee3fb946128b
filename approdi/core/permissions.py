"""Role gates for views: a page a role may not see answers 404, like a missing page."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from approdi.accounts.roles import has_role

View = Callable[..., HttpResponseBase]


def role_required(roles: Iterable[str]) -> Callable[[View], View]:
    wanted = frozenset(roles)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not has_role(request.user, wanted):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
