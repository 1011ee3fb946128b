from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import nav_for


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the page frame needs: the navigation and the demo banner."""
    user = getattr(request, "user", None)
    items = nav_for(user) if user is not None else []
    active = ""
    for item in items:
        url = item.url
        if request.path == url or (url != "/" and request.path.startswith(url)):
            active = item.key
    return {
        "nav_items": items,
        "relaxed_second_factor": settings.APPRODI_RELAX_SECOND_FACTOR,
        "nav_active": active,
    }
