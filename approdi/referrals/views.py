"""Pages of referrals: the queue, intake, one referral and the decisions on it.
Thin: a role gate, a selector, a service, a template."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approdi.accounts.models import User
from approdi.core.permissions import role_required
from approdi.people.services import (
    DuplicateDecisionNeeded,
    LookupThrottled,
    person_lookup_log,
    person_lookup_throttled_log,
)
from approdi.screening.selectors import assessment_list, may_assess

from . import selectors, services
from .forms import AcceptForm, ReasonForm, RedirectForm, ReferralForm
from .models import Referral


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@role_required(selectors.REFERRAL_ROLES)
def referral_list(request: HttpRequest) -> HttpResponse:
    """The queue (open referrals, most pressing first) and the latest decisions."""
    user = _user(request)
    queue = list(selectors.referral_queue(user=user)[:200])
    for referral in queue:
        referral.days_waiting = selectors.days_waiting(referral)  # type: ignore[attr-defined]
    decided = list(selectors.referral_decided(user=user)[:50])
    selectors.mark_where_taken_in(user, queue + decided)
    for referral in decided:
        referral.days_to_decision = selectors.days_to_decision(referral)  # type: ignore[attr-defined]
    return render(
        request,
        "referrals/referral_list.html",
        {
            "queue": queue,
            "decided": decided,
            "times": selectors.decision_times(user=user),
            "may_triage": selectors.may_triage(user),
        },
    )


@role_required(selectors.REFERRAL_ROLES)
def referral_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    may_assign = selectors.may_triage(user)
    form = ReferralForm(request.POST or None, may_assign=may_assign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code, new_person = form.person_choice()
        try:
            referral = services.referral_create(
                acting_user=user,
                referred_on=data["referred_on"],
                source_kind=data["source_kind"],
                person_code=code,
                new_person=new_person,
                urgency=data["urgency"],
                presumed_exploitation=data["presumed_exploitation"],
                referring_actor=data["referring_actor"],
                referring_contact=data["referring_contact"],
                reason=data["reason"],
                notes=data["notes"],
                danger_reported=data["danger_reported"],
                assigned_organisation=data.get("assigned_organisation"),
            )
        except DuplicateDecisionNeeded as decision:
            person_lookup_log(acting_user=user, decision=decision, request=request)
            form.candidates = decision.candidates
            form.add_error(
                None,
                _(
                    "This person may already be recorded: use one of the people listed, or "
                    "confirm that it is a new person."
                ),
            )
        except LookupThrottled as throttled:
            person_lookup_throttled_log(acting_user=user, throttled=throttled, request=request)
            form.add_error(None, str(throttled))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, _("Referral of %(code)s recorded.") % {"code": referral.person.code}
            )
            return HttpResponseRedirect(reverse("referrals:detail", args=[referral.uuid]))
    return render(request, "referrals/referral_form.html", {"form": form})


def _detail_context(user: User, referral: Referral) -> dict[str, Any]:
    return {
        "referral": referral,
        "events": referral.events.select_related("actor").order_by("at", "id"),
        "assessments": assessment_list(user=user).filter(person=referral.person),
        "days_to_decision": selectors.days_to_decision(referral),
        "days_waiting": selectors.days_waiting(referral),
        "where_visible": selectors.may_see_where_taken_in(user, referral),
        "may_triage": selectors.may_triage(user),
        "may_assess": may_assess(user),
        "may_withdraw": selectors.may_withdraw(user, referral),
        "is_open": referral.status in ("received", "under_review"),
        "accept_form": AcceptForm(prefix="accept"),
        "decline_form": ReasonForm(prefix="decline"),
        "redirect_form": RedirectForm(prefix="redirect"),
        "withdraw_form": ReasonForm(prefix="withdraw"),
    }


@role_required(selectors.REFERRAL_ROLES)
def referral_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(user=user, uuid=uuid)
    return render(request, "referrals/referral_detail.html", _detail_context(user, referral))


ACTIONS = ("review", "accept", "decline", "redirect", "withdraw")


@require_POST
@role_required(selectors.REFERRAL_ROLES)
def referral_decide(request: HttpRequest, uuid: UUID, action: str) -> HttpResponse:
    """One decision on a referral; a refused move re-renders the page with the reason."""
    user = _user(request)
    referral = selectors.referral_get(user=user, uuid=uuid)
    if action not in ACTIONS:
        raise Http404
    context = _detail_context(user, referral)
    form: Any = None
    try:
        if action == "review":
            services.referral_start_review(acting_user=user, referral=referral)
        elif action == "accept":
            form = context["accept_form"] = AcceptForm(request.POST, prefix="accept")
            if form.is_valid():
                d = form.cleaned_data
                services.referral_accept(
                    acting_user=user,
                    referral=referral,
                    organisation=d["organisation"],
                    programme=d["programme"],
                    path=d["path"],
                    first_phase=d["first_phase"],
                )
        elif action == "redirect":
            form = context["redirect_form"] = RedirectForm(request.POST, prefix="redirect")
            if form.is_valid():
                services.referral_redirect(
                    acting_user=user,
                    referral=referral,
                    reason=form.cleaned_data["reason"],
                    receiving_service=form.cleaned_data["receiving_service"],
                )
        else:
            form = context[f"{action}_form"] = ReasonForm(request.POST, prefix=action)
            if form.is_valid():
                decide = (
                    services.referral_decline if action == "decline" else services.referral_withdraw
                )
                decide(acting_user=user, referral=referral, reason=form.cleaned_data["reason"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        if form is None or not hasattr(exc, "error_dict"):
            context["refused"] = exc.messages
            return render(request, "referrals/referral_detail.html", context)
        _add_errors(form, exc)
    if form is not None and form.errors:
        return render(request, "referrals/referral_detail.html", context)
    messages.success(request, _("Referral of %(code)s updated.") % {"code": referral.person.code})
    return HttpResponseRedirect(reverse("referrals:detail", args=[referral.uuid]))
