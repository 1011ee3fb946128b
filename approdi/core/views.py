"""Home page, code lists, the access log and the error pages."""

import datetime
import sys
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.accounts.roles import Role

from . import audit, code_lists
from .exports import streaming_csv
from .forms import AccessLogFilterForm, CodeListEntryCreateForm, CodeListEntryForm
from .home import home_panels
from .models import AccessAction, CodeListEntry
from .permissions import role_required
from .selectors import access_log_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "user_roles": request.user.role_labels(),  # type: ignore[union-attr]
            "panels": home_panels(request),
        },
    )


@role_required(code_lists.EDITOR_ROLES)
def code_list_index(request: HttpRequest) -> HttpResponse:
    return render(request, "core/code_lists.html", {"list_names": code_lists.code_list_names()})


@role_required(code_lists.EDITOR_ROLES)
def code_list_detail(request: HttpRequest, list_name: str) -> HttpResponse:
    entries = code_lists.code_list_entries(list_name)
    if not entries.exists():
        raise Http404
    form = CodeListEntryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            code_lists.code_entry_create(
                acting_user=request.user,  # type: ignore[arg-type]
                list_name=list_name,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entry added."))
            return redirect("core:code_list", list_name=list_name)
    return render(
        request,
        "core/code_list.html",
        {"list_name": list_name, "entries": entries, "form": form},
    )


@role_required(code_lists.EDITOR_ROLES)
def code_entry_edit(request: HttpRequest, list_name: str, code: str) -> HttpResponse:
    try:
        entry = CodeListEntry.objects.get(list_name=list_name, code=code)
    except CodeListEntry.DoesNotExist as exc:
        raise Http404 from exc
    form = CodeListEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        code_lists.code_entry_save(
            acting_user=request.user,  # type: ignore[arg-type]
            entry=CodeListEntry.objects.get(pk=entry.pk),
            **form.cleaned_data,
        )
        messages.success(request, _("Entry saved."))
        return redirect("core:code_list", list_name=list_name)
    return render(request, "core/code_entry_form.html", {"entry": entry, "form": form})


def _access_log_filters(request: HttpRequest) -> tuple[AccessLogFilterForm, dict[str, Any]]:
    form = AccessLogFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return form, filters


@role_required({Role.AUDITOR})
def access_log(request: HttpRequest) -> HttpResponse:
    form, filters = _access_log_filters(request)
    if form.is_bound and not form.is_valid():
        return render(request, "core/access_log.html", {"form": form, "page": None})
    entries = access_log_list(**filters)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required({Role.AUDITOR})
def access_log_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form, filters = _access_log_filters(request)
    if form.is_bound and not form.is_valid():
        return render(request, "core/access_log.html", {"form": form, "page": None}, status=400)
    user: User = request.user  # type: ignore[assignment]
    audit.record(
        AccessAction.EXPORT,
        actor=user,
        request=request,
        object_type="core.accesslogentry",
        fields=sorted(filters),
    )
    entries = access_log_list(**filters).values_list(
        "at",
        "actor_username",
        "actor_organisation",
        "action",
        "object_type",
        "object_id",
        "fields",
        "reason",
        "ip_address",
    )
    header = [
        "at_utc",
        "username",
        "organisation",
        "action",
        "record_type",
        "record",
        "fields",
        "reason",
        "address",
    ]
    rows = (
        [at.astimezone(datetime.UTC).isoformat(), u, o, a, t, i, " ".join(f), r, ip]
        for at, u, o, a, t, i, f, r, ip in entries.iterator(chunk_size=2000)
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return streaming_csv(f"approdi-access-log-{stamp}.csv", header, rows)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (admin, API docs)."""
    return redirect(static("approdi/favicon.svg"), permanent=True)


# Error pages. 500 and 503 render without touching the database or the session.


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the cause is an unreachable database (it will be back)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) or (
        isinstance(error, DatabaseError) and "connect" in str(error).lower()
    ):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
