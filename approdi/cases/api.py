"""Read-only API resources of cases, scoped exactly as the pages.

A legal advisor reads permits and proceedings (its organisation's cases); the case
resource itself, with its pathway, is for the roles that see case content. Docket
numbers appear only for legal staff.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import serializers

from approdi.accounts.models import Organisation
from approdi.api.views import HasCaseRole, ScopedReadOnlyViewSet

from . import models, selectors


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.CasePhase
        fields = ["phase", "started_on", "ended_on", "reason", "placement_reference"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.CharField(source="person.code", read_only=True)
    person_id = serializers.UUIDField(source="person.uuid", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    case_worker = serializers.CharField(source="case_worker.username", read_only=True, default=None)
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = models.Case
        fields = [
            "id",
            "person",
            "person_id",
            "organisation",
            "case_worker",
            "kind",
            "programme",
            "path",
            "status",
            "phase",
            "opened_on",
            "closed_on",
            "phases",
        ]
        read_only_fields = fields


class CaseRecordSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    case = serializers.UUIDField(source="case.uuid", read_only=True)


class ActivitySerializer(CaseRecordSerializer):
    class Meta:
        model = models.Activity
        fields = ["id", "case", "kind", "date", "duration_minutes", "provider", "outcome"]
        read_only_fields = fields


class PermitSerializer(CaseRecordSerializer):
    class Meta:
        model = models.Permit
        fields = [
            "id",
            "case",
            "kind",
            "proposer",
            "status",
            "questura",
            "applied_on",
            "issued_on",
            "expires_on",
            "converted_into",
        ]
        read_only_fields = fields


class ProceedingSerializer(CaseRecordSerializer):
    class Meta:
        model = models.LegalProceeding
        fields = [
            "id",
            "case",
            "kind",
            "role",
            "stage",
            "complaint_on",
            "prosecutor_office",
            "docket_number",
        ]
        read_only_fields = fields

    def to_representation(self, instance: models.LegalProceeding) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not selectors.may_see_docket(request.user):
            data.pop("docket_number", None)
        return data


class ExitSerializer(CaseRecordSerializer):
    class Meta:
        model = models.Exit
        fields = ["id", "case", "exit_on", "outcome", "housing", "employment", "permit_status"]
        read_only_fields = fields


class CaseViewSet(ScopedReadOnlyViewSet):
    model = models.Case
    serializer_class = CaseSerializer
    permission_classes = [HasCaseRole]
    filterset_fields = ["status", "kind", "programme", "phase"]

    def get_queryset(self) -> QuerySet[models.Case]:
        if getattr(self, "swagger_fake_view", False):
            return models.Case.objects.none()
        return (
            selectors.content_cases(self.request.user)  # type: ignore[arg-type]
            .select_related("person", "organisation", "case_worker")
            .prefetch_related(
                Prefetch("phases", queryset=models.CasePhase.objects.order_by("started_on", "id"))
            )
            .order_by("-opened_on", "-id")
        )


class _CaseRecordViewSet(ScopedReadOnlyViewSet):
    permission_classes = [HasCaseRole]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("case").order_by("-id")


class ActivityViewSet(_CaseRecordViewSet):
    model = models.Activity
    serializer_class = ActivitySerializer
    filterset_fields = ["kind"]


class PermitViewSet(_CaseRecordViewSet):
    model = models.Permit
    serializer_class = PermitSerializer
    filterset_fields = ["kind", "status"]


class ProceedingViewSet(_CaseRecordViewSet):
    model = models.LegalProceeding
    serializer_class = ProceedingSerializer
    filterset_fields = ["kind", "stage"]


class ExitViewSet(_CaseRecordViewSet):
    model = models.Exit
    serializer_class = ExitSerializer
    filterset_fields = ["outcome"]
