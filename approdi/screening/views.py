"""Pages of identification: record an assessment, read one, list them. Thin views."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES
from approdi.core.permissions import role_required
from approdi.core.scoping import visible_to
from approdi.people.models import Person
from approdi.referrals.models import Referral
from approdi.referrals.selectors import referral_list

from . import selectors, services
from .forms import AssessmentForm


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = "person_code" if name == "person" else name
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _referral_from(user: User, raw: str | None) -> Referral | None:
    if not raw:
        return None
    try:
        return referral_list(user=user).get(uuid=raw)
    except (Referral.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


@role_required(CASE_ROLES)
def assessment_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    referral = _referral_from(user, request.GET.get("referral"))
    indicators = list(selectors.indicator_list(user=user))
    initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
    if referral is not None:
        initial["person_code"] = referral.person.code
        initial["exploitation_forms"] = referral.presumed_exploitation
    form = AssessmentForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = visible_to(user, Person).filter(code=data["person_code"].strip()).first()
        if person is None:
            form.add_error("person_code", _("No person with this code in your scope."))
        else:
            try:
                assessment = services.assessment_create(
                    acting_user=user,
                    person=person,
                    referral=referral,
                    assessed_on=data["assessed_on"],
                    kind=data["kind"],
                    conclusion=data["conclusion"],
                    answers=form.answers(),
                    exploitation_forms=data["exploitation_forms"],
                    minor=data["minor"],
                    age_assessment_pending=data["age_assessment_pending"],
                    interviewer=user,
                    mediator=data["mediator"],
                    language=data["language"],
                    labour_sector=data["labour_sector"],
                    presumed_offences=data["presumed_offences"],
                    vulnerabilities=data["vulnerabilities"],
                    danger_flag=data["danger_flag"],
                    art18_violence_or_serious_exploitation=data[
                        "art18_violence_or_serious_exploitation"
                    ],
                    art18_concrete_danger=data["art18_concrete_danger"],
                    art18_voluntary_adherence=data["art18_voluntary_adherence"],
                    notes=data["notes"],
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Assessment of %(code)s recorded.") % {"code": person.code}
                )
                return HttpResponseRedirect(reverse("screening:detail", args=[assessment.uuid]))
    return render(request, "screening/assessment_form.html", {"form": form, "referral": referral})


@role_required(CASE_ROLES)
def assessment_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    assessment = selectors.assessment_get(user=user, uuid=uuid)
    return render(
        request,
        "screening/assessment_detail.html",
        {"assessment": assessment, **selectors.assessment_explanation(assessment)},
    )


@role_required(CASE_ROLES)
def assessment_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.assessment_list(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "screening/assessment_list.html", {"page": page})
