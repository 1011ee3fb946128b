"""`GET /api/v1/reports/headline/`: the headline table and its breakdowns for a period.

The same figures as the dashboard, for the same roles and with the same scope; for the
monitoring role hidden cells are `null` and named in `hidden`.
"""

from typing import Any, cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from approdi.accounts.models import User
from approdi.accounts.roles import has_role

from . import selectors
from .forms import PeriodForm
from .selectors import DIMENSIONS, RECEPTION_GENDERS, Period, Report
from .tables import ReportTable


class HasReportRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.REPORT_ROLES)


class ReceptionSerializer(serializers.Serializer[Any]):
    woman = serializers.IntegerField(allow_null=True)
    man = serializers.IntegerField(allow_null=True)
    trans = serializers.IntegerField(allow_null=True)
    other = serializers.IntegerField(
        allow_null=True, help_text="Non-binary and undisclosed (0 when none)."
    )
    total = serializers.IntegerField(allow_null=True)


class FiguresSerializer(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    street_contacts = serializers.IntegerField(allow_null=True)
    indoor_contacts = serializers.IntegerField(allow_null=True)
    low_threshold_accesses = serializers.IntegerField(allow_null=True)
    people_referred_by_organisations = serializers.IntegerField(
        allow_null=True, help_text="null also where referrals are not recorded."
    )
    reception = ReceptionSerializer()


class BreakdownRowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="The code (territory, ISO country …); '' not recorded.")
    # A field named like the `Field.label` attribute: the API says "label".
    label = serializers.CharField()  # type: ignore[assignment]
    values = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class BreakdownSerializer(serializers.Serializer[Any]):
    dimension = serializers.ChoiceField(choices=list(DIMENSIONS))
    measures = serializers.ListField(child=serializers.CharField())
    rows = BreakdownRowSerializer(many=True)
    total = serializers.DictField(child=serializers.IntegerField(allow_null=True))


class HeadlineReportSerializer(FiguresSerializer):
    scope = serializers.ChoiceField(choices=["network", "organisation"])
    small_cells_hidden = serializers.BooleanField()
    threshold = serializers.IntegerField()
    hidden = serializers.ListField(
        child=serializers.CharField(), help_text="The figures hidden as small cells."
    )
    previous = FiguresSerializer(help_text="The previous period of the same length.")
    breakdowns = BreakdownSerializer(many=True)


def _figures(report: Report, column: int, period: Period, hidden: list[str]) -> dict[str, Any]:
    table = report.table("headline")
    assert table is not None
    values: dict[str, int | None] = {
        "street_contacts": None,
        "indoor_contacts": None,
        "low_threshold_accesses": None,
        "people_referred_by_organisations": None,
        "reception.other": 0,
    }
    for i, key in enumerate(table.row_keys):
        value = table.value(i, column)
        values[key] = None if value is None else int(value)
        if (i, column) in table.suppressed:
            hidden.append(key if column == 0 else f"previous.{key}")
    reception = {g: values.get(f"reception.{g}") for g in (*RECEPTION_GENDERS, "total")}
    return {
        "start": period.start,
        "end": period.end,
        **{k: v for k, v in values.items() if not k.startswith("reception.")},
        "reception": reception,
    }


def _breakdown(table: ReportTable, hidden: list[str]) -> dict[str, Any]:
    dimension = table.key.removeprefix("by_")
    measures = table.column_keys
    rows = []
    for i, (label, _values) in enumerate(table.rows):
        values = {}
        for j, measure in enumerate(measures):
            value = table.value(i, j)
            values[measure] = None if value is None else int(value)
            if (i, j) in table.suppressed:
                hidden.append(f"{dimension}.{table.row_keys[i]}.{measure}")
        rows.append({"key": table.row_keys[i], "label": label, "values": values})
    total = rows.pop()["values"] if table.total_row and rows else {}
    return {"dimension": dimension, "measures": measures, "rows": rows, "total": total}


class HeadlineReportView(APIView):
    """The network's headline table (reports.md) for a period, with the previous period of
    the same length and the breakdowns by territory, organisation, gender, age band,
    nationality and exploitation form. Coordinator: the whole network; an organisation's
    manager: its own records; monitoring: the whole network with small cells hidden (null).
    """

    permission_classes = [HasReportRole]

    @extend_schema(
        operation_id="reports_headline",
        parameters=[
            OpenApiParameter(
                "start",
                OpenApiTypes.DATE,
                description="First day (YYYY-MM-DD). Without start and end: the current "
                "project period. The monitoring role may ask only for a project period or "
                "the seed period (any other period: 400).",
            ),
            OpenApiParameter("end", OpenApiTypes.DATE, description="Last day, included."),
        ],
        responses={
            200: HeadlineReportSerializer,
            400: OpenApiResponse(
                description="A date is not valid, start is after end, or (monitoring) the "
                "period is not a project period or the seed period."
            ),
        },
    )
    def get(self, request: Request) -> Response:
        user = cast(User, request.user)
        scope = selectors.report_scope(user)
        if scope is None:  # pragma: no cover - the permission class answers first
            raise ValidationError("no report")
        presets = [p for _name, p in selectors.period_presets()] if scope.suppress else None
        form = PeriodForm(
            {k: request.query_params.get(k, "") for k in ("start", "end")}
            if {"start", "end"} & set(request.query_params)
            else None,
            presets=presets,
        )
        if form.is_bound and not form.is_valid():
            errors = {
                ("non_field_errors" if k == "__all__" else k): [str(m) for m in v]
                for k, v in form.errors.items()
            }
            raise ValidationError(errors)
        period = form.period() or selectors.scope_default_period(scope)
        wanted = {"headline", *(f"by_{d}" for d in DIMENSIONS)}
        report = selectors.report(user=user, period=period, only=wanted)
        if report is None:  # pragma: no cover - the permission class answers first
            raise ValidationError("no report")
        hidden: list[str] = []
        data = _figures(report, 0, period, hidden)
        previous = _figures(report, 1, report.previous, hidden)
        breakdowns = [
            _breakdown(table, hidden) for table in report.tables if table.key.startswith("by_")
        ]
        data.update(
            {
                "scope": "network" if report.scope.network else "organisation",
                "small_cells_hidden": report.scope.suppress,
                "threshold": selectors.small_cell_threshold(),
                "hidden": hidden,
                "previous": previous,
                "breakdowns": breakdowns,
            }
        )
        return Response(HeadlineReportSerializer(data).data)
