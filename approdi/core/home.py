"""Panels that feature apps add to the home page, so that core imports none of them."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

HomePanel = Callable[[HttpRequest], tuple[str, dict[str, Any]] | None]

_panels: list[HomePanel] = []


def register_home_panel(panel: HomePanel) -> HomePanel:
    """`panel(request)` returns (template name, context) or None when it has nothing."""
    if panel not in _panels:
        _panels.append(panel)
    return panel


def home_panels(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    return [shown for panel in _panels if (shown := panel(request)) is not None]
