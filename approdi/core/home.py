"""Panels of the home page. Each feature registers what a user should see first.

The registry keeps `core` free of imports from the feature apps: an app registers its
panel in its `ready()`, and the home view asks each panel for its context.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from approdi.accounts.models import User

PanelContext = Callable[[User], dict[str, Any] | None]


@dataclass(frozen=True)
class HomePanel:
    template: str
    context: PanelContext
    order: int


@dataclass(frozen=True)
class RenderedPanel:
    template: str
    context: dict[str, Any]


_panels: list[HomePanel] = []


def home_panel(template: str, *, order: int = 100) -> Callable[[PanelContext], PanelContext]:
    """Register a panel; its function returns the template's context, or None to hide it."""

    def register(function: PanelContext) -> PanelContext:
        if not any(p.template == template for p in _panels):
            _panels.append(HomePanel(template=template, context=function, order=order))
            _panels.sort(key=lambda p: (p.order, p.template))
        return function

    return register


def panels_for(user: User) -> list[RenderedPanel]:
    rendered = []
    for panel in _panels:
        context = panel.context(user)
        if context is not None:
            rendered.append(RenderedPanel(template=panel.template, context=context))
    return rendered
