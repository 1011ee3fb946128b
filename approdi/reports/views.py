"""The reports dashboard, its charts and its downloads (thin: a role gate, the selectors)."""

from typing import cast
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import formats
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.core import audit
from approdi.core.exports import streaming_csv
from approdi.core.models import AccessAction
from approdi.core.permissions import role_required

from . import exports, selectors
from .forms import PeriodForm
from .selectors import Period, Report, Scope
from .tables import ReportTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def period_label(period: Period) -> str:
    return f"{formats.date_format(period.start, 'SHORT_DATE_FORMAT')} – " + formats.date_format(
        period.end, "SHORT_DATE_FORMAT"
    )


def _query(period: Period) -> str:
    return urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})


def period_form(data: object, scope: Scope) -> PeriodForm:
    """The period form for `scope`: only the presets where small cells are hidden."""
    presets = [p for _name, p in selectors.period_presets()] if scope.suppress else None
    return PeriodForm(data or None, presets=presets)


def _scope(request: HttpRequest) -> Scope:
    scope = selectors.report_scope(_user(request))
    if scope is None:
        raise Http404
    return scope


def _period_or_error(request: HttpRequest) -> Period | HttpResponse:
    scope = _scope(request)
    form = period_form(request.GET, scope)
    if form.is_bound and not form.is_valid():
        messages = [str(m) for errors in form.errors.values() for m in errors]
        return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")
    return form.period() or selectors.scope_default_period(scope)


def _report(request: HttpRequest, only: str | None = None) -> tuple[Report, Period] | HttpResponse:
    period = _period_or_error(request)
    if isinstance(period, HttpResponse):
        return period
    result = selectors.report(user=_user(request), period=period, only=only)
    if result is None:
        raise Http404
    return result, period


def _audit(request: HttpRequest, key: str, kind: str) -> None:
    audit.record(
        AccessAction.EXPORT,
        actor=_user(request),
        request=request,
        object_type="reports",
        object_id=f"{key}.{kind}",
        fields=sorted(request.GET.keys()),
    )


def _filename(key: str, period: Period, extension: str) -> str:
    return f"approdi-{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


@role_required(selectors.REPORT_ROLES)
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = period_form(request.GET, scope)
    invalid = form.is_bound and not form.is_valid()
    period = None if invalid else form.period()
    report = None
    # Monitoring asking for a period that is not a preset: the message, and the default
    # preset's figures (never the period asked for).
    if not invalid or scope.suppress:
        period = period or selectors.scope_default_period(scope)
        report = selectors.report(user=_user(request), period=period)
        if report is None:
            raise Http404
        if not form.is_bound:
            form = PeriodForm(initial={"start": period.start, "end": period.end})
    presets = [
        {"name": name, "query": _query(p), "label": period_label(p), "active": p == period}
        for name, p in selectors.period_presets()
    ]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "report": report,
            "period": period,
            "period_label": period_label(period) if period else "",
            "previous_label": period_label(report.previous) if report else "",
            "query": _query(period) if period else "",
            "presets": presets,
            "presets_only": scope.suppress,
            # Without date fields (monitoring) every message is shown above the presets.
            "period_errors": (
                [str(m) for errors in form.errors.values() for m in errors]
                if scope.suppress
                else [str(m) for m in form.non_field_errors()]
            ),
            "scope_label": scope_label(report) if report else "",
        },
    )


@role_required(selectors.REPORT_ROLES)
def chart(request: HttpRequest, key: str) -> HttpResponse:
    if key not in selectors.table_keys():
        raise Http404
    found = _report(request, only=key)
    if isinstance(found, HttpResponse):
        return found
    table = found[0].table(key)
    if table is None or not table.has_chart:
        raise Http404
    response = HttpResponse(exports.chart_svg(table), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


def _one_table(
    request: HttpRequest, key: str, kind: str
) -> tuple[Report, Period, ReportTable] | HttpResponse:
    """The report holding only table `key` (404 for an unknown key or a table the user's
    report does not have), its download written in the access log."""
    if key not in selectors.table_keys():
        raise Http404
    found = _report(request, only=key)
    if isinstance(found, HttpResponse):
        return found
    report, period = found
    table = report.table(key)
    if table is None:
        raise Http404
    _audit(request, key, kind)
    return report, period, table


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(selectors.REPORT_ROLES)
def table_csv(request: HttpRequest, key: str) -> HttpResponseBase:
    found = _one_table(request, key, "csv")
    if isinstance(found, HttpResponse):
        return found
    _whole, period, table = found
    return streaming_csv(_filename(key, period, "csv"), table.header(), exports.csv_rows(table))


@role_required(selectors.REPORT_ROLES)
def table_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    found = _one_table(request, key, "xlsx")
    if isinstance(found, HttpResponse):
        return found
    _whole, period, table = found
    content = exports.xlsx_bytes([table], title=period_label(period))
    return _attachment(content, XLSX, _filename(key, period, "xlsx"))


@role_required(selectors.REPORT_ROLES)
def table_pdf(request: HttpRequest, key: str) -> HttpResponse:
    """One table (with its chart) on A4."""
    found = _one_table(request, key, "pdf")
    if isinstance(found, HttpResponse):
        return found
    report, period, table = found
    content = exports.report_pdf(report, [table], period_label=period_label(period))
    return _attachment(content, "application/pdf", _filename(key, period, "pdf"))


@role_required(selectors.REPORT_ROLES)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    found = _report(request)
    if isinstance(found, HttpResponse):
        return found
    report, period = found
    _audit(request, "report", "xlsx")
    content = exports.xlsx_bytes(report.tables, title=period_label(period))
    return _attachment(content, XLSX, _filename("report", period, "xlsx"))


@role_required(selectors.REPORT_ROLES)
def report_pdf(request: HttpRequest) -> HttpResponse:
    found = _report(request)
    if isinstance(found, HttpResponse):
        return found
    report, period = found
    _audit(request, "report", "pdf")
    content = exports.report_pdf(report, report.tables, period_label=period_label(period))
    return _attachment(content, "application/pdf", _filename("report", period, "pdf"))


def scope_label(report: Report) -> str:
    if report.scope.suppress:
        return _("The whole network; counts below the threshold are hidden.")
    if report.scope.network:
        return _("The whole network.")
    return _("The records of your organisation.")
