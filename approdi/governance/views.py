"""Governance pages: tables, meetings, follow-up, training events. Thin: a role gate, a
selector, a service, a template."""

import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.accounts.selectors import organisation_list
from approdi.core import audit, code_lists
from approdi.core.models import AccessAction
from approdi.core.permissions import role_required
from approdi.core.scoping import get_visible_or_404, visible_to
from approdi.network import services as network_services
from approdi.network.models import NetworkActor, ProjectPeriod, Protocol, ProtocolDocument

from . import forms, pdf, selectors, services
from .models import Meeting, Table, TrainingEvent


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def default_period(user: User) -> tuple[datetime.date, datetime.date]:
    """The project period that holds today, or else the last twelve months."""
    today = selectors.today()
    period = visible_to(user, ProjectPeriod).filter(start__lte=today, end__gte=today).first()
    if period is not None:
        return period.start, period.end
    return today - datetime.timedelta(days=364), today


def _period(request: HttpRequest) -> tuple[forms.PeriodForm, datetime.date, datetime.date]:
    start, end = default_period(_user(request))
    form = forms.PeriodForm(request.GET or None, initial={"start": start, "end": end})
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


# Tables


@role_required(selectors.MEMBER_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    period_form, start, end = _period(request)
    frequency = {
        f.table.pk: f
        for f in selectors.table_frequency(user=user, start=start, end=end)
        if f.table is not None
    }
    tables = list(selectors.table_list(user=user))
    rows = [(t, frequency.get(t.pk)) for t in tables]
    return render(
        request,
        "governance/index.html",
        {
            "rows": rows,
            "period_form": period_form,
            "start": start,
            "end": end,
            "may_manage": selectors.may_manage_tables(user),
            "kind_labels": dict(code_lists.code_choices("governance_table")),
        },
    )


def _table_form(request: HttpRequest, table: Table | None) -> forms.TableForm:
    user = _user(request)
    initial: dict[str, Any] = {}
    if table is not None:
        initial = {
            "name": table.name,
            "kind": table.kind,
            "chair": table.chair,
            "member_organisations": list(table.member_organisations.all()),
            "member_users": list(table.member_users.all()),
            "frequency_months": table.frequency_months,
            "mandate": table.mandate,
            "objectives": table.objectives,
            "actors": list(table.actors.all()),
            "protocols": list(table.protocols.all()),
            "active": table.active,
        }
    else:
        initial = {"chair": user.organisation, "active": True}
    return forms.TableForm(
        request.POST or None,
        initial=initial,
        organisations=organisation_list(user=user),
        actors=visible_to(user, NetworkActor).order_by("name"),
        protocols=visible_to(user, Protocol).order_by("title"),
        staff=selectors.possible_members(),
        current_kind=table.kind if table else "",
    )


@role_required({Role.COORDINATOR})
def table_edit(request: HttpRequest, uuid: UUID | None = None) -> HttpResponse:
    user = _user(request)
    table = selectors.table_get(user=user, uuid=uuid) if uuid else None
    form = _table_form(request, table)
    if request.method == "POST" and form.is_valid():
        try:
            table = services.table_save(acting_user=user, table=table, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Table saved."))
            return redirect("governance:table", uuid=table.uuid)
    return render(request, "governance/table_form.html", {"form": form, "table": table})


@role_required(selectors.MEMBER_ROLES)
def table_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    table = selectors.table_get(user=user, uuid=uuid)
    return render(
        request,
        "governance/table_detail.html",
        {
            "table": table,
            "meetings": selectors.table_meeting_list(user=user, table=table),
            "open_items": selectors.action_item_list(user=user).filter(
                meeting__table=table, status="open"
            ),
            "may_record": selectors.may_record_meeting(user=user, table=table),
            "may_manage": selectors.may_manage_tables(user),
            "today": selectors.today(),
            "kind_labels": dict(code_lists.code_choices("governance_table")),
        },
    )


# Meetings


@role_required(selectors.MEMBER_ROLES)
def meeting_new(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    table = selectors.table_get(user=user, uuid=uuid)
    if not selectors.may_record_meeting(user=user, table=table):
        raise Http404
    form = forms.MeetingForm(request.POST or None, initial={"date": selectors.today()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(acting_user=user, table=table, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("governance:meeting", uuid=meeting.uuid)
    return render(request, "governance/meeting_form.html", {"form": form, "table": table})


@role_required(selectors.MEMBER_ROLES)
def meeting_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(user=user, uuid=uuid)
    if not selectors.may_record_meeting(user=user, table=meeting.table):
        raise Http404
    links = selectors.meeting_case_links(user=user, meeting=meeting)
    initial = {
        "date": meeting.date,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        # Only the codes the editor may see are offered for editing.
        "cases_discussed": ", ".join(link.code for link in links if link.uuid),
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(acting_user=user, meeting=meeting, **form.values())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("governance:meeting", uuid=meeting.uuid)
    return render(
        request,
        "governance/meeting_form.html",
        {"form": form, "table": meeting.table, "meeting": meeting},
    )


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    attendance_form: forms.AttendanceForm | None = None,
    decision_form: forms.DecisionForm | None = None,
    action_form: forms.ActionItemForm | None = None,
) -> HttpResponse:
    user = _user(request)
    may_edit = selectors.may_record_meeting(user=user, table=meeting.table)
    members = selectors.table_member_users(table=meeting.table)
    context = {
        "meeting": meeting,
        "table": meeting.table,
        "case_links": selectors.meeting_case_links(user=user, meeting=meeting),
        "may_edit": may_edit,
        "today": selectors.today(),
    }
    if may_edit:
        context.update(
            attendance_form=attendance_form
            or forms.AttendanceForm(table=meeting.table, members=members),
            decision_form=decision_form or forms.DecisionForm(),
            action_form=action_form or forms.ActionItemForm(members=members),
        )
    return render(request, "governance/meeting_detail.html", context)


@role_required(selectors.MEMBER_ROLES)
def meeting_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _meeting_page(request, selectors.meeting_get(user=_user(request), uuid=uuid))


def _editable_meeting(request: HttpRequest, uuid: UUID) -> Meeting:
    user = _user(request)
    meeting = selectors.meeting_get(user=user, uuid=uuid)
    if not selectors.may_record_meeting(user=user, table=meeting.table):
        raise Http404
    return meeting


@role_required(selectors.MEMBER_ROLES)
@require_POST
def meeting_attendance(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    meeting = _editable_meeting(request, uuid)
    members = selectors.table_member_users(table=meeting.table)
    form = forms.AttendanceForm(request.POST, table=meeting.table, members=members)
    if form.is_valid():
        kind, _sep, key = form.cleaned_data["who"].partition(":")
        try:
            if kind == "user":
                person = members.get(username=key)
                organisation: Organisation = person.organisation  # type: ignore[assignment]
            else:
                person = None
                organisation = meeting.table.member_organisations.get(uuid=key)
            services.attendance_set(
                acting_user=user,
                meeting=meeting,
                organisation=organisation,
                user=person,
                status=form.cleaned_data["status"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("governance:meeting", uuid=meeting.uuid)
    return _meeting_page(request, meeting, attendance_form=form)


@role_required(selectors.MEMBER_ROLES)
@require_POST
def meeting_decision(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _editable_meeting(request, uuid)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(
                acting_user=_user(request), meeting=meeting, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("governance:meeting", uuid=meeting.uuid)
    return _meeting_page(request, meeting, decision_form=form)


@role_required(selectors.MEMBER_ROLES)
@require_POST
def meeting_action_item(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = _editable_meeting(request, uuid)
    members = selectors.table_member_users(table=meeting.table)
    form = forms.ActionItemForm(request.POST, members=members)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_add(
                acting_user=_user(request),
                meeting=meeting,
                description=data["description"],
                owner=data["owner"],
                due_date=data["due_date"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("governance:meeting", uuid=meeting.uuid)
    return _meeting_page(request, meeting, action_form=form)


@role_required(selectors.MEMBER_ROLES)
def minutes_pdf(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    meeting = selectors.meeting_get(user=user, uuid=uuid)
    content = pdf.minutes_pdf(
        meeting=meeting, case_links=selectors.meeting_case_links(user=user, meeting=meeting)
    )
    audit.record(
        AccessAction.EXPORT, actor=user, request=request, obj=meeting, fields=["minutes_pdf"]
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = f"verbale-{meeting.date.isoformat()}-{meeting.uuid.hex[:8]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Action items


@role_required(selectors.MEMBER_ROLES)
def action_items(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    mine = selectors.open_action_items(user=user, owner=user)
    organisation: QuerySet[Any] | None = None
    if user.organisation_id:
        organisation = (
            selectors.action_item_list(user=user, organisation=user.organisation)
            .filter(status="open")
            .exclude(owner=user)
        )
    network = None
    if has_role(user, Role.COORDINATOR):
        network = (
            selectors.action_item_list(user=user)
            .filter(status="open")
            .exclude(owner__organisation=user.organisation_id)
        )
    return render(
        request,
        "governance/action_items.html",
        {
            "mine": mine,
            "organisation_items": organisation,
            "network_items": network,
            "today": selectors.today(),
        },
    )


@role_required(selectors.MEMBER_ROLES)
@require_POST
def action_item_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    item = selectors.action_item_get(user=user, uuid=uuid)
    if not selectors.may_update_action_item(user=user, item=item):
        raise Http404
    form = forms.ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(
            acting_user=user, item=item, status=form.cleaned_data["status"]
        )
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("governance:action_items")


# Follow-up and training


@role_required(selectors.FOLLOW_UP_ROLES)
def follow_up(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    period_form, start, end = _period(request)
    if has_role(user, Role.MONITORING) and not has_role(user, Role.COORDINATOR):
        frequency = selectors.monitoring_table_frequency(start=start, end=end)
        events = TrainingEvent.objects.all()
    elif has_role(user, Role.COORDINATOR):
        frequency = selectors.table_frequency(user=user, start=start, end=end)
        events = TrainingEvent.objects.all()
    else:
        frequency = selectors.table_frequency(user=user, start=start, end=end)
        events = selectors.training_event_list(user=user)
    return render(
        request,
        "governance/follow_up.html",
        {
            "period_form": period_form,
            "start": start,
            "end": end,
            "frequency": frequency,
            "training": selectors.training_counts(start=start, end=end, queryset=events),
            "kind_labels": dict(_training_kind_labels()),
        },
    )


def _training_kind_labels() -> list[tuple[str, str]]:
    return code_lists.code_choices("training_event_kind")


@role_required(selectors.MEMBER_ROLES)
def trainings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "governance/trainings.html",
        {
            "events": selectors.training_event_list(user=user)[:200],
            "may_add": has_role(user, selectors.TRAINING_EDITOR_ROLES),
            "kind_labels": dict(_training_kind_labels()),
        },
    )


@role_required(selectors.TRAINING_EDITOR_ROLES)
def training_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = forms.TrainingEventForm(
        request.POST or None,
        initial={"date": selectors.today(), "organisers": [user.organisation]},
        organisations=organisation_list(user=user),
        actors=visible_to(user, NetworkActor).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_event_create(acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Event recorded."))
            return redirect("governance:trainings")
    return render(request, "governance/training_form.html", {"form": form})


# Protocols (the model lives in the network directory; the network works on them here)


def _protocols(user: User) -> QuerySet[Protocol]:
    return (
        visible_to(user, Protocol)
        .prefetch_related("parties", "organisations")
        .select_related("document")
        .defer("document__content")
        .order_by("kind", "title")
    )


@role_required(selectors.MEMBER_ROLES | {Role.MONITORING})
def protocols(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "governance/protocols.html",
        {
            "protocols": _protocols(user),
            "today": selectors.today(),
            "may_edit": network_services.may_edit_protocols(user),
        },
    )


@role_required(selectors.MEMBER_ROLES | {Role.MONITORING})
def protocol_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    protocol = get_visible_or_404(user, _protocols(user), uuid=uuid)
    return render(
        request,
        "governance/protocol_detail.html",
        {
            "protocol": protocol,
            "status_now": protocol.status_on(selectors.today()),
            "tables": visible_to(user, Table).filter(protocols=protocol).order_by("name"),
            "may_edit": network_services.may_edit_protocols(user),
        },
    )


@role_required({Role.COORDINATOR})
def protocol_edit(request: HttpRequest, uuid: UUID | None = None) -> HttpResponse:
    user = _user(request)
    protocol = get_visible_or_404(user, _protocols(user), uuid=uuid) if uuid else None
    initial: dict[str, Any] = {"status": "draft", "kind": "operational"}
    if protocol is not None:
        initial = {
            "title": protocol.title,
            "kind": protocol.kind,
            "subject": protocol.subject,
            "status": protocol.status,
            "signed_on": protocol.signed_on,
            "valid_until": protocol.valid_until,
            "organisations": list(protocol.organisations.all()),
            "parties": list(protocol.parties.all()),
        }
    form = forms.ProtocolForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organisations=organisation_list(user=user),
        actors=visible_to(user, NetworkActor).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            with transaction.atomic():
                protocol = network_services.protocol_save(
                    acting_user=user, protocol=protocol, **data
                )
                if upload is not None:
                    network_services.protocol_document_attach(
                        acting_user=user,
                        protocol=protocol,
                        filename=upload.name or "",
                        content=upload.read(network_services.MAX_DOCUMENT_BYTES + 1),
                    )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Protocol saved."))
            return redirect("governance:protocol", uuid=protocol.uuid)
    return render(request, "governance/protocol_form.html", {"form": form, "protocol": protocol})


@role_required(selectors.MEMBER_ROLES | {Role.MONITORING})
def protocol_document(request: HttpRequest, uuid: UUID) -> HttpResponse:
    user = _user(request)
    protocol = get_visible_or_404(user, visible_to(user, Protocol), uuid=uuid)
    document = ProtocolDocument.objects.filter(protocol=protocol).first()
    if document is None:
        raise Http404
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=document.filename) or "attachment"
    )
    return response
