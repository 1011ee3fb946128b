"""REST resources of governance: tables, meetings, action items, trainings, protocols.

Every queryset comes from the scoping functions; writes go through the services, whose
refusals come back as 400 with the same messages as the pages.
"""

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.api.views import ScopedReadOnlyViewSet
from approdi.core.scoping import visible_to
from approdi.network.models import Protocol
from approdi.people.models import Person

from . import selectors, services
from .choices import ActionItemStatus
from .models import ActionItem, Attendance, Decision, Meeting, Table, TrainingEvent


class IsTableMember(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.MEMBER_ROLES)


class MayReadProtocols(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.MEMBER_ROLES | {Role.MONITORING})


class TableSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="chair", slug_field="slug", read_only=True
    )
    member_organisations: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )

    class Meta:
        model = Table
        fields = [
            "id",
            "name",
            "kind",
            "organisation",
            "member_organisations",
            "frequency_months",
            "mandate",
            "objectives",
            "active",
        ]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    user: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = Attendance
        fields = ["organisation", "user", "status"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "text"]
        read_only_fields = fields


class ScopedTableField(serializers.SlugRelatedField):
    """A table by UUID, looked up within the caller's scope: a table the caller cannot
    see is refused with the same message as one that does not exist."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="uuid", **kwargs)

    def get_queryset(self) -> QuerySet[Table]:
        return visible_to(self.context["request"].user, Table)


class CaseCodesField(serializers.ListField):
    """The cases discussed, by pseudonymous code: read from the meeting, written as codes."""

    def get_attribute(self, instance: Meeting) -> list[str]:
        return [person.code for person in instance.cases_discussed.all()]


class MeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    table = ScopedTableField()
    organisation = serializers.SerializerMethodField()
    cases_discussed = CaseCodesField(
        child=serializers.CharField(max_length=32), required=False, default=list
    )
    attendances = AttendanceSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "table",
            "organisation",
            "date",
            "place",
            "agenda",
            "minutes",
            "cases_discussed",
            "attendances",
            "decisions",
        ]

    @extend_schema_field(serializers.CharField())
    def get_organisation(self, meeting: Meeting) -> str:
        return meeting.table.chair.slug


class ActionItemSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    meeting: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="uuid", queryset=Meeting.objects.none()
    )
    owner: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.none(), allow_null=True
    )
    organisation = serializers.SerializerMethodField()
    due_date = serializers.DateField(allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "meeting",
            "description",
            "owner",
            "organisation",
            "due_date",
            "status",
            "closed_on",
        ]
        read_only_fields = ["status", "closed_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["meeting"].queryset = visible_to(request.user, Meeting)  # type: ignore[attr-defined]
            self.fields["owner"].queryset = User.objects.filter(is_active=True)  # type: ignore[attr-defined]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organisation(self, item: ActionItem) -> str | None:
        organisation: Organisation | None = item.owner.organisation
        return organisation.slug if organisation else None


class ActionItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItemStatus.choices)


class TrainingEventSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisers: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )
    participant_organisations: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )
    partner_actors: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )

    class Meta:
        model = TrainingEvent
        fields = [
            "id",
            "date",
            "kind",
            "title",
            "organisers",
            "partner_actors",
            "audience",
            "participant_organisations",
            "participants",
            "materials",
        ]
        read_only_fields = fields


class ProtocolSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisations: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )
    parties: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        many=True, slug_field="slug", read_only=True
    )
    status_today = serializers.SerializerMethodField()

    class Meta:
        model = Protocol
        fields = [
            "id",
            "title",
            "kind",
            "subject",
            "status",
            "status_today",
            "signed_on",
            "valid_until",
            "organisations",
            "parties",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_status_today(self, protocol: Protocol) -> str:
        return protocol.status_on(selectors.today())


class TableViewSet(ScopedReadOnlyViewSet):
    model = Table
    serializer_class = TableSerializer
    permission_classes = [IsTableMember]
    filterset_fields = ["kind", "active"]

    def get_queryset(self) -> QuerySet[Table]:
        return (
            super().get_queryset().select_related("chair").prefetch_related("member_organisations")
        )


class MeetingViewSet(
    mixins.CreateModelMixin,
    ScopedReadOnlyViewSet,
):
    model = Meeting
    serializer_class = MeetingSerializer
    permission_classes = [IsTableMember]

    def get_queryset(self) -> QuerySet[Meeting]:
        return (
            super()
            .get_queryset()
            .select_related("table__chair")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("organisation", "user"),
                ),
                "decisions",
                Prefetch("cases_discussed", queryset=Person.objects.order_by("code")),
            )
            .order_by("-date", "-created_at")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Meeting]) -> None:
        data: dict[str, Any] = serializer.validated_data
        serializer.instance = services.meeting_create(
            acting_user=self.request.user,  # type: ignore[arg-type]
            table=data["table"],
            date=data["date"],
            place=data.get("place", ""),
            agenda=data.get("agenda", ""),
            minutes=data.get("minutes", ""),
            case_codes=data.get("cases_discussed", []),
        )


class ActionItemViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedReadOnlyViewSet,
):
    """Action items; a PATCH changes the status only (open, done, cancelled)."""

    model = ActionItem
    serializer_class = ActionItemSerializer
    permission_classes = [IsTableMember]
    filterset_fields = ["status"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[ActionItem]:
        return (
            super()
            .get_queryset()
            .select_related("owner__organisation", "meeting")
            .order_by("due_date", "created_at")
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "partial_update":
            return ActionItemStatusSerializer
        return ActionItemSerializer

    def perform_create(self, serializer: serializers.BaseSerializer[ActionItem]) -> None:
        data: dict[str, Any] = serializer.validated_data
        serializer.instance = services.action_item_add(
            acting_user=self.request.user,  # type: ignore[arg-type]
            meeting=data["meeting"],
            description=data.get("description", ""),
            owner=data.get("owner"),
            due_date=data.get("due_date"),
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        incoming = ActionItemStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        if not selectors.may_update_action_item(user=request.user, item=item):  # type: ignore[arg-type]
            raise PermissionDenied
        item = services.action_item_set_status(
            acting_user=request.user,  # type: ignore[arg-type]
            item=item,
            status=incoming.validated_data["status"],
        )
        return Response(ActionItemSerializer(item, context=self.get_serializer_context()).data)


class TrainingEventViewSet(ScopedReadOnlyViewSet):
    model = TrainingEvent
    serializer_class = TrainingEventSerializer
    permission_classes = [IsTableMember]
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[TrainingEvent]:
        return (
            super()
            .get_queryset()
            .prefetch_related("organisers", "participant_organisations", "partner_actors")
            .order_by("-date", "title")
        )


class ProtocolViewSet(ScopedReadOnlyViewSet):
    model = Protocol
    serializer_class = ProtocolSerializer
    permission_classes = [MayReadProtocols]
    filterset_fields = ["kind", "status"]

    def get_queryset(self) -> QuerySet[Protocol]:
        return super().get_queryset().prefetch_related("organisations", "parties").order_by("title")
