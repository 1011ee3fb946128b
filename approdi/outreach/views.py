"""Outreach screens: quick entry (also from a phone offline), lists, the emersione statistics.

An entry screen takes a browser's form POST and the phone's JSON POST (the offline queue
sends JSON), with the same form: a JSON answer carries the errors by field name.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.forms import BaseFormSet, Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approdi.accounts.models import User
from approdi.core.permissions import role_required
from approdi.people.selectors import person_list

from . import choices, selectors, services, statistics
from .forms import (
    DEFAULT_TALLIES,
    TALLY_PREFIX,
    DropInAccessForm,
    LinkPersonForm,
    OutingForm,
    OutreachBaseForm,
    PhoneContactForm,
    TallyFormSet,
)
from .models import DropInAccess, PhoneContact

OFFLINE_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "approdi/app.css",
    "approdi/app.js",
    "outreach/outreach.css",
    "outreach/offline-entry.js",
]
ENTRY_URLS = ["outreach:outing_new", "outreach:dropin_new", "outreach:phone_new"]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json"


def _json_payload(request: HttpRequest) -> QueryDict | None:
    """The phone's JSON object as form data (lists become repeated values)."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict):
        return None
    data = QueryDict(mutable=True)
    for key, value in body.items():
        values = value if isinstance(value, list) else [value]
        data.setlist(str(key), ["" if v is None else str(v) for v in values])
    return data


def _form_errors(form: Form, formset: BaseFormSet[Any] | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, messages_ in form.errors.items():
        errors[str(name or "__all__")] = [str(m) for m in messages_]
    if formset is not None:
        for index, sub in enumerate(formset.forms):
            for name, messages_ in sub.errors.items():
                errors[f"{formset.prefix}-{index}-{name}"] = [str(m) for m in messages_]
        if formset.non_form_errors():
            errors[str(formset.prefix)] = [str(m) for m in formset.non_form_errors()]
    return errors


def _add_service_errors(form: Form, error: ValidationError) -> None:
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _entry(
    request: HttpRequest,
    *,
    form: OutreachBaseForm,
    formset: BaseFormSet[Any] | None,
    save: Callable[[], tuple[Model, bool]],
    template: str,
    done_message: str,
    context: dict[str, Any],
) -> HttpResponse:
    as_json = request.method == "POST" and _wants_json(request)
    if request.method == "POST":
        valid = form.is_valid()
        valid = (formset.is_valid() if formset is not None else True) and valid
        if valid:
            try:
                record, created = save()
            except ValidationError as error:
                _add_service_errors(form, error)
            except PermissionDenied as error:
                raise Http404 from error
            else:
                if as_json:
                    return JsonResponse(
                        {"id": str(record.uuid), "created": created},  # type: ignore[attr-defined]
                        status=201 if created else 200,
                    )
                messages.success(request, done_message)
                return redirect(request.path)
        if as_json:
            return JsonResponse({"errors": _form_errors(form, formset)}, status=400)
    return render(
        request,
        template,
        {"form": form, "formset": formset, "sync_url": reverse("outreach:sync"), **context},
    )


def _bound(request: HttpRequest) -> QueryDict | None:
    if request.method != "POST":
        return None
    if _wants_json(request):
        data = _json_payload(request)
        if data is None:
            raise Http404
        return data
    return request.POST


@role_required(selectors.WRITER_ROLES)
def outing_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = _bound(request)
    last = selectors.last_outing_of(user=user)
    initial = OutreachBaseForm.defaults(user)
    initial.update({"team_size": 2, "duration_minutes": 120, "shift": "night", "kind": "street"})
    if last is not None:
        initial.update(
            {
                "territory": last.territory,
                "shift": last.shift,
                "kind": last.kind,
                "area": last.area,
                "team_size": last.team_size,
                "duration_minutes": last.duration_minutes,
            }
        )
    form = OutingForm(data, user=user, initial=initial)
    formset = TallyFormSet(data, prefix=TALLY_PREFIX, initial=None if data else DEFAULT_TALLIES)

    def save() -> tuple[Model, bool]:
        tallies = [t for t in (f.tally() for f in formset.forms) if t is not None]
        cd = form.cleaned_data
        return services.outing_create(
            acting_user=user,
            organisation=form.chosen_organisation(),
            idempotency_key=cd["idempotency_key"],
            territory=cd["territory"],
            date=cd["date"],
            shift=cd["shift"],
            kind=cd["kind"],
            area=cd["area"],
            team_size=cd["team_size"],
            duration_minutes=cd["duration_minutes"],
            tallies=tallies,
            services=form.services_given(),
        )

    return _entry(
        request,
        form=form,
        formset=formset,
        save=save,
        template="outreach/outing_form.html",
        done_message=_("Outing saved."),
        context={"nav_active": "outreach"},
    )


@role_required(selectors.WRITER_ROLES)
def dropin_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = _bound(request)
    form = DropInAccessForm(data, user=user, initial=OutreachBaseForm.defaults(user))

    def save() -> tuple[Model, bool]:
        cd = form.cleaned_data
        return services.dropin_access_create(
            acting_user=user,
            organisation=form.chosen_organisation(),
            idempotency_key=cd["idempotency_key"],
            territory=cd["territory"],
            date=cd["date"],
            place=cd["place"],
            gender=cd["gender"],
            nationality=cd["nationality"],
            status=cd["status"],
            language=cd["language"],
            mediator_present=cd["mediator_present"],
            services=form.services_given(),
        )

    return _entry(
        request,
        form=form,
        formset=None,
        save=save,
        template="outreach/dropin_form.html",
        done_message=_("Drop-in access saved."),
        context={"nav_active": "outreach"},
    )


@role_required(selectors.WRITER_ROLES)
def phone_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    data = _bound(request)
    initial = OutreachBaseForm.defaults(user)
    initial["line"] = "h24_on_call"
    form = PhoneContactForm(data, user=user, initial=initial)

    def save() -> tuple[Model, bool]:
        cd = form.cleaned_data
        return services.phone_contact_create(
            acting_user=user,
            organisation=form.chosen_organisation(),
            idempotency_key=cd["idempotency_key"],
            territory=cd["territory"],
            date=cd["date"],
            line=cd["line"],
            caller=cd["caller"],
            gender=cd["gender"],
            nationality=cd["nationality"],
            language=cd["language"],
            duration_minutes=cd["duration_minutes"],
        )

    return _entry(
        request,
        form=form,
        formset=None,
        save=save,
        template="outreach/phone_form.html",
        done_message=_("Phone contact saved."),
        context={"nav_active": "outreach"},
    )


@role_required(selectors.READER_ROLES)
def outing_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.outing_list(user=_user(request)), 50).get_page(
        request.GET.get("page")
    )
    labels = selectors.code_labels(
        choices.TERRITORY, choices.OUTING_KIND, choices.SERVICE_KIND, choices.PREVENTION_MATERIAL
    )
    return render(request, "outreach/outing_list.html", {"page": page, "labels": labels})


@role_required(selectors.READER_ROLES)
def dropin_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.dropin_list(user=_user(request)), 50).get_page(
        request.GET.get("page")
    )
    labels = selectors.code_labels(
        choices.TERRITORY, choices.LANGUAGE, choices.SERVICE_KIND, choices.PREVENTION_MATERIAL
    )
    return render(
        request,
        "outreach/dropin_list.html",
        {"page": page, "labels": labels, "may_link": selectors.may_link_person(_user(request))},
    )


@role_required(selectors.READER_ROLES)
def phone_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.phone_contact_list(user=_user(request)), 50).get_page(
        request.GET.get("page")
    )
    labels = selectors.code_labels(
        choices.TERRITORY, choices.LANGUAGE, choices.PHONE_LINE, choices.CALLER_KIND
    )
    return render(
        request,
        "outreach/phone_list.html",
        {"page": page, "labels": labels, "may_link": selectors.may_link_person(_user(request))},
    )


@role_required(selectors.WRITER_ROLES)
@require_GET
def sync(request: HttpRequest) -> JsonResponse:
    """What the phone needs before it sends its queue: a fresh CSRF token and who is in."""
    return JsonResponse({"csrf": get_token(request), "user": request.user.get_username()})


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker: keeps the entry screens and their files for use offline.

    Served under /outreach/ so that its scope covers the entry screens; it holds no data.
    """
    assets = [static(path) for path in OFFLINE_STATIC]
    pages = [reverse(name) for name in ENTRY_URLS]
    version = uuid.uuid5(uuid.NAMESPACE_URL, "|".join(assets + pages)).hex[:12]
    body = render_to_string(
        "outreach/sw.js",
        {"assets": json.dumps(assets), "pages": json.dumps(pages), "version": version},
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("outreach:index")
    return response


@role_required(statistics.STATISTICS_ROLES)
def stats(request: HttpRequest) -> HttpResponse:
    filters = statistics.StatisticsFilterForm(request.GET or None, user=_user(request))
    params = filters.params()
    tables = statistics.emersione_tables(user=_user(request), **params)
    return render(
        request,
        "outreach/stats.html",
        {"filters": filters, "tables": tables, "query": request.GET.urlencode()},
    )


@role_required(statistics.STATISTICS_ROLES)
def stats_csv(request: HttpRequest, table: str) -> HttpResponseBase:
    filters = statistics.StatisticsFilterForm(request.GET or None, user=_user(request))
    result = statistics.emersione_table(user=_user(request), name=table, **filters.params())
    if result is None:
        raise Http404
    return statistics.table_csv(result, user=_user(request), request=request)


@role_required(statistics.STATISTICS_ROLES)
def stats_svg(request: HttpRequest, table: str) -> HttpResponse:
    filters = statistics.StatisticsFilterForm(request.GET or None, user=_user(request))
    result = statistics.emersione_table(user=_user(request), name=table, **filters.params())
    if result is None:
        raise Http404
    return HttpResponse(statistics.table_svg(result), content_type="image/svg+xml")


@role_required(selectors.READER_ROLES | statistics.STATISTICS_ROLES)
def index(request: HttpRequest) -> HttpResponse:
    if selectors.may_write(_user(request)):
        return redirect("outreach:outing_new")
    return redirect("outreach:stats")


@role_required(selectors.LINK_ROLES)
def link_person(request: HttpRequest, kind: str, record_id: uuid.UUID) -> HttpResponse:
    """Link a drop-in access or a phone contact to the person the contact became."""
    user = _user(request)
    record: DropInAccess | PhoneContact
    if kind == "dropin":
        record = selectors.dropin_get(user=user, uuid=record_id)
    elif kind == "phone":
        record = selectors.phone_contact_get(user=user, uuid=record_id)
    else:
        raise Http404
    form = LinkPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A person outside the user's scope is "not found", exactly like a missing one.
        person = person_list(user=user).filter(code=form.cleaned_data["code"].strip()).first()
        if person is None:
            form.add_error("code", _("No person with this code."))
        else:
            try:
                services.contact_link_person(acting_user=user, record=record, person=person)
            except (ValidationError, PermissionDenied) as error:
                form.add_error("code", str(getattr(error, "messages", [error])[0]))
            else:
                messages.success(request, _("Contact linked to the person."))
                return redirect(f"outreach:{kind}_list")
    return render(
        request,
        "outreach/link_person.html",
        {"form": form, "record": record, "kind": kind, "nav_active": "outreach"},
    )
