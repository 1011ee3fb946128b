"""Case pages: thin views over selectors (reads) and services (writes)."""

import datetime
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, Role, has_role
from approdi.core import audit
from approdi.core.exports import streaming_csv
from approdi.core.models import AccessAction
from approdi.core.permissions import role_required
from approdi.core.scoping import get_visible_or_404, visible_to

from . import deadlines as clocks
from . import forms, models, selectors, services
from .choices import CaseStatus

CONTENT_ROLES = selectors.CONTENT_ROLES


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def attach_errors(form: django_forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on the field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_required(CASE_ROLES)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    cases = selectors.case_list(user=_user(request), status=status)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": CaseStatus.choices,
            "may_open": has_role(_user(request), CONTENT_ROLES),
        },
    )


@role_required(CONTENT_ROLES)
def case_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.CaseOpenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                acting_user=user,
                person=data["person"],
                organisation=data["organisation"],
                case_worker=data["case_worker"],
                opened_on=data["opened_on"],
                programme=data["programme"],
                path=data["path"],
                first_phase=data["first_phase"],
                territory=data["territory"],
                reflection_started_on=data["reflection_started_on"],
                notes=data["notes"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Case opened."))
            return redirect("cases:detail", uuid=case.uuid)
    return render(request, "cases/record_form.html", {"form": form, "title": _("Open a case")})


@role_required(CASE_ROLES)
def case_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, uuid=uuid)
    context = selectors.case_page(user=user, case=case)
    context["is_coordinator"] = has_role(user, Role.COORDINATOR)
    context["is_manager"] = has_role(user, {Role.COORDINATOR, Role.ORG_MANAGER})
    if context["may_see_content"]:
        context["deadlines"] = clocks.deadline_list(models.Case.objects.filter(pk=case.pk))
    return render(request, "cases/case_detail.html", context)


def _record_view(
    request: HttpRequest,
    uuid: UUID,
    *,
    form_factory: Callable[..., django_forms.BaseForm],
    title: str,
    save: Callable[[User, models.Case, dict[str, Any]], object],
    legal: bool = False,
    done: str = "",
) -> HttpResponse:
    """Show a form about one case and hand valid input to a service."""
    user = _user(request)
    case = selectors.case_get(user=user, uuid=uuid)
    if not legal and not selectors.may_see_content(user, case):
        raise Http404
    form = form_factory(request.POST or None, case)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, case, form.cleaned_data)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, done or _("Saved."))
            return redirect("cases:detail", uuid=case.uuid)
    return render(request, "cases/record_form.html", {"form": form, "case": case, "title": title})


@role_required(CONTENT_ROLES)
def case_phase_move(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.PhaseMoveForm(data),
        title=_("Move to another phase"),
        save=lambda user, case, d: services.case_move_phase(acting_user=user, case=case, **d),
        done=_("Phase changed."),
    )


@role_required({Role.COORDINATOR})
def case_extend(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ExtendForm(data),
        title=_("Extend first assistance by 3 months"),
        save=lambda user, case, d: services.case_extend_first_assistance(
            acting_user=user, case=case, **d
        ),
    )


@role_required({Role.COORDINATOR, Role.ORG_MANAGER})
def case_assign(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.AssignForm(data, case=case),
        title=_("Assign the case"),
        save=lambda user, case, d: services.case_assign(
            acting_user=user, case=case, case_worker=d["case_worker"], team=list(d["team"])
        ),
    )


@role_required(CONTENT_ROLES)
def activity_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ActivityForm(data),
        title=_("Record an activity"),
        save=lambda user, case, d: services.activity_add(acting_user=user, case=case, **d),
    )


@role_required(selectors.LEGAL_WRITER_ROLES)
def permit_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.PermitForm(data),
        title=_("Record a permit"),
        save=lambda user, case, d: services.permit_add(acting_user=user, case=case, **d),
        legal=True,
    )


@role_required(selectors.LEGAL_WRITER_ROLES)
def permit_edit(request: HttpRequest, uuid: UUID, permit: UUID) -> HttpResponse:
    """Change a permit: renewal, new expiry, conversion, refusal."""
    user = _user(request)
    case = selectors.case_get(user=user, uuid=uuid)
    record = get_visible_or_404(user, models.Permit.objects.filter(case=case), uuid=permit)
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.PermitForm(data, instance=record),
        title=_("Change the permit"),
        save=lambda user, case, d: services.permit_update(acting_user=user, permit=record, **d),
        legal=True,
    )


@role_required(CONTENT_ROLES)
def programme_change(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """From art. 13 first assistance to art. 18 or 18-ter; social or judicial path."""
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ProgrammeForm(
            data, initial={"programme": case.programme, "path": case.path}
        ),
        title=_("Programme and path"),
        save=lambda user, case, d: services.case_set_programme(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def goal_review(request: HttpRequest, uuid: UUID, goal: int) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, uuid=uuid)
    record = get_visible_or_404(user, models.Goal.objects.filter(case=case), pk=goal)
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.GoalReviewForm(
            data, initial={"status": record.status}
        ),
        title=_("Review the goal"),
        save=lambda user, case, d: services.goal_review(acting_user=user, goal=record, **d),
    )


@role_required(selectors.LEGAL_WRITER_ROLES)
def proceeding_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    docket = selectors.may_see_docket(_user(request))
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ProceedingForm(data, docket=docket),
        title=_("Record a legal proceeding"),
        save=lambda user, case, d: services.proceeding_add(acting_user=user, case=case, **d),
        legal=True,
    )


@role_required(CONTENT_ROLES)
def return_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ReturnForm(data),
        title=_("Assisted voluntary return"),
        save=lambda user, case, d: services.voluntary_return_add(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def exit_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ExitForm(data),
        title=_("Exit"),
        save=lambda user, case, d: services.case_exit(acting_user=user, case=case, **d),
        done=_("Exit recorded."),
    )


@role_required(CONTENT_ROLES)
def follow_up_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.FollowUpForm(data),
        title=_("Follow-up contact"),
        save=lambda user, case, d: services.follow_up_add(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def case_close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.CloseForm(data),
        title=_("Close the case"),
        save=lambda user, case, d: services.case_close(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def goal_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.GoalForm(data),
        title=_("Add a goal to the individual plan"),
        save=lambda user, case, d: services.goal_add(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def consent_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ConsentForm(data),
        title=_("Record a consent"),
        save=lambda user, case, d: services.consent_record(acting_user=user, case=case, **d),
    )


@role_required(CONTENT_ROLES)
def share_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _record_view(
        request,
        uuid,
        form_factory=lambda data, case: forms.ShareForm(data, case=case),
        title=_("Share with another organisation"),
        save=lambda user, case, d: services.share_grant(acting_user=user, case=case, **d),
        done=_("Access granted."),
    )


@require_POST
@role_required(CONTENT_ROLES)
def share_revoke(request: HttpRequest, uuid: UUID, grant: UUID) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get(user=user, uuid=uuid)
    record = get_visible_or_404(user, models.ShareGrant.objects.filter(case=case), uuid=grant)
    try:
        services.share_revoke(acting_user=user, grant=record)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Access revoked."))
    return redirect("cases:detail", uuid=case.uuid)


@role_required(CONTENT_ROLES)
def deadlines(request: HttpRequest) -> HttpResponse:
    """My deadlines; the coordinator's page covers the whole network."""
    user = _user(request)
    today = selectors.today()
    cases = selectors.content_cases(user)
    network = has_role(user, {Role.COORDINATOR, Role.ORG_MANAGER})
    if not network:
        cases = clocks.my_cases(user, cases)
    items = clocks.deadline_list(
        cases, until=today + datetime.timedelta(days=90), since=today - clocks.OVERDUE_SHOWN
    )
    return render(
        request,
        "cases/deadlines.html",
        {
            "rows": [(d, d.days_left(today)) for d in items],
            "network": has_role(user, Role.COORDINATOR),
        },
    )


@role_required(selectors.LEGAL_WRITER_ROLES)
def proceedings_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The visible proceedings, by pseudonymous code; docket numbers for legal staff only."""
    user = _user(request)
    docket = selectors.may_see_docket(user)
    audit.record(
        AccessAction.EXPORT,
        actor=user,
        request=request,
        object_type="cases.legalproceeding",
        fields=["docket_number"] if docket else [],
    )
    records = (
        visible_to(user, models.LegalProceeding)
        .select_related("case__person", "case__organisation")
        .order_by("case__person__code", "id")
    )
    header = ["person", "organisation", "kind", "role", "stage", "complaint_on", "prosecutor"]
    if docket:
        header.append("docket_number")

    def rows() -> Any:
        for p in records.iterator(chunk_size=500):
            row = [
                p.case.person.code,
                p.case.organisation.slug,
                p.kind,
                p.role,
                p.stage,
                p.complaint_on.isoformat() if p.complaint_on else "",
                p.prosecutor_office,
            ]
            if docket:
                row.append(p.docket_number)
            yield row

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return streaming_csv(f"approdi-proceedings-{stamp}.csv", header, rows())
