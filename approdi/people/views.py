from uuid import UUID

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES
from approdi.core.permissions import role_required

from . import selectors, services
from .forms import IdentityRevealForm


@role_required(CASE_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    page = Paginator(selectors.person_list(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page})


@role_required(CASE_ROLES)
def person_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The pseudonymous page; identity is revealed by a POST, which is logged."""
    user: User = request.user  # type: ignore[assignment]
    person = selectors.person_get(user=user, uuid=uuid)
    needs_reason = selectors.identity_read_needs_reason(user)
    form = IdentityRevealForm(request.POST or None, reason_required=needs_reason)
    identity = None
    if request.method == "POST" and selectors.may_read_identity(user) and form.is_valid():
        identity = services.person_identity_read(
            user=user, person=person, request=request, reason=form.cleaned_data["reason"]
        )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "form": form,
            "identity": identity,
            "may_read_identity": selectors.may_read_identity(user),
            "cases": list(selectors.person_cases(user=user, person=person)),
        },
    )
