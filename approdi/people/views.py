from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES
from approdi.core.permissions import role_required
from approdi.referrals.selectors import referral_list
from approdi.screening.selectors import assessment_list

from . import selectors, services
from .forms import IdentityRevealForm, PersonIntakeForm, PersonMergeForm
from .selectors import CREATE_ROLES, MERGE_ROLES


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@role_required(CASE_ROLES)
def person_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.person_list(user=user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "people/person_list.html",
        {"page": page, "may_create": selectors.may_create_person(user)},
    )


@role_required(CREATE_ROLES)
def person_new(request: HttpRequest) -> HttpResponse:
    """Record a person, after looking for the same person among those already recorded."""
    user = _user(request)
    form = PersonIntakeForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            person = form.resolve(request)
        except PermissionDenied as exc:
            raise Http404 from exc
        if person is not None:
            if form.created:
                messages.success(request, _("Person recorded as %(code)s.") % {"code": person.code})
            else:
                messages.info(request, _("Already recorded as %(code)s.") % {"code": person.code})
            if form.flagged:
                messages.info(
                    request,
                    _("The coordination office will check a possible match with another record."),
                )
            return redirect("people:detail", uuid=person.uuid)
    return render(request, "people/person_new.html", {"form": form})


@role_required(CASE_ROLES)
def person_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The pseudonymous page; identity is revealed by a POST, which is logged."""
    user = _user(request)
    person = selectors.person_get(user=user, uuid=uuid)
    needs_reason = selectors.identity_read_needs_reason(user)
    form = IdentityRevealForm(request.POST or None, reason_required=needs_reason)
    identity = None
    if request.method == "POST" and selectors.may_read_identity(user) and form.is_valid():
        identity = services.person_identity_read(
            user=user, person=person, request=request, reason=form.cleaned_data["reason"]
        )
    merged_into = None
    if person.merged_into_id:
        # The person it went to, if the user sees them (a chain may end beyond their scope).
        merged_into = selectors.person_list(user=user).filter(pk=person.merged_into_id).first()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "form": form,
            "identity": identity,
            "may_read_identity": selectors.may_read_identity(user),
            "cases": list(selectors.person_cases(user=user, person=person)),
            "referrals": list(
                referral_list(user=user).filter(person=person).order_by("-referred_on", "-id")
            ),
            "assessments": list(
                assessment_list(user=user).filter(person=person).order_by("-assessed_on", "-id")
            ),
            "merged_into": merged_into,
            "merges": list(selectors.person_merges_of(user=user, person=person)),
        },
    )


@role_required(MERGE_ROLES)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """The coordinator's review list: possible duplicates to check, and the last merges."""
    user = _user(request)
    return render(
        request,
        "people/duplicate_list.html",
        {
            "flags": list(selectors.possible_duplicate_list(user=user)),
            "merges": list(selectors.person_merge_list(user=user)[:20]),
        },
    )


@role_required(MERGE_ROLES)
@require_POST
def duplicate_dismiss(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    flag = selectors.possible_duplicate_get(user=user, uuid=uuid)
    try:
        services.possible_duplicate_dismiss(acting_user=user, flag=flag)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Marked as not the same person."))
    return redirect("people:duplicates")


@role_required(MERGE_ROLES)
def merge_new(request: HttpRequest) -> HttpResponse:
    """Two codes and a reason; the merge happens only once confirmed after seeing both."""
    user = _user(request)
    initial = {"kept": request.GET.get("kept", ""), "merged": request.GET.get("merged", "")}
    form = PersonMergeForm(request.POST or None, user=user, initial=initial)
    ready = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirm"]:
            ready = True
        else:
            try:
                merge = services.person_merge(
                    acting_user=user,
                    kept=data["kept"],
                    merged=data["merged"],
                    reason=data["reason"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("%(merged)s merged into %(kept)s.")
                    % {"merged": merge.merged.code, "kept": merge.kept.code},
                )
                return redirect("people:merge_detail", uuid=merge.uuid)
    return render(request, "people/merge_form.html", {"form": form, "ready": ready})


@role_required(MERGE_ROLES)
def merge_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    merge = selectors.person_merge_get(user=_user(request), uuid=uuid)
    return render(
        request,
        "people/merge_detail.html",
        {"merge": merge, "moved": services.moved_row_counts(merge)},
    )


@role_required(MERGE_ROLES)
@require_POST
def merge_undo(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    merge = selectors.person_merge_get(user=user, uuid=uuid)
    try:
        services.person_merge_undo(acting_user=user, merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge has been undone."))
    return redirect("people:merge_detail", uuid=merge.uuid)
