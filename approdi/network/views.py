from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approdi.accounts.roles import Role
from approdi.accounts.selectors import organisation_list
from approdi.core.navigation import ALL_ROLES
from approdi.core.permissions import role_required

from .selectors import network_actor_list, project_period_list


@role_required(ALL_ROLES - {Role.AUDITOR})
def directory(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "network/directory.html",
        {
            "organisations": organisation_list(user=user),  # type: ignore[arg-type]
            "actors": network_actor_list(user=user),  # type: ignore[arg-type]
            "periods": project_period_list(user=user),  # type: ignore[arg-type]
        },
    )
