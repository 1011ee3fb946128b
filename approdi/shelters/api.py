"""REST resources of residential capacity: structures, beds (and free beds), placements,
and the capacity table. Scoped exactly as the UI; the secret address only for its owner
and the coordination office.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import has_role
from approdi.api.views import ScopedReadOnlyViewSet
from approdi.core.scoping import visible_to
from approdi.people.choices import Gender
from approdi.people.models import Person

from . import selectors, services
from .choices import Phase
from .models import Bed, Placement, Structure


class HasBoardRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.BOARD_ROLES)


class HasReportRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.REPORT_ROLES)


class StructureSerializer(serializers.ModelSerializer):
    """`address` is present only for the owning organisation and the coordination office."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    address = serializers.CharField(read_only=True, required=False)

    class Meta:
        model = Structure
        fields = [
            "id",
            "name",
            "organisation",
            "territory",
            "kind",
            "target_gender",
            "mothers_with_children",
            "phases",
            "third_party",
            "active_from",
            "active_to",
            "address",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Structure) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not selectors.may_see_address(self.context["request"].user, instance):
            del data["address"]
        return data


class BedSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    structure = serializers.UUIDField(source="structure.uuid", read_only=True)
    structure_name = serializers.CharField(source="structure.name", read_only=True)
    territory = serializers.CharField(source="structure.territory", read_only=True)
    kind = serializers.CharField(source="structure.kind", read_only=True)

    class Meta:
        model = Bed
        fields = [
            "id",
            "structure",
            "structure_name",
            "territory",
            "kind",
            "label",
            "active_from",
            "active_to",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.CharField(source="person.code", read_only=True)
    bed = serializers.UUIDField(source="bed.uuid", read_only=True)
    structure = serializers.UUIDField(source="bed.structure.uuid", read_only=True)
    moved_from = serializers.UUIDField(source="moved_from.uuid", read_only=True, default=None)

    class Meta:
        model = Placement
        fields = ["id", "person", "bed", "structure", "start", "end", "phase", "end_reason"]
        fields += ["moved_from"]
        read_only_fields = fields


class PlacementCreateSerializer(serializers.Serializer):
    person = serializers.UUIDField(help_text="The person's id (UUID).")
    bed = serializers.UUIDField(help_text="The bed's id (UUID).")
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    phase = serializers.ChoiceField(choices=Phase.choices)

    def validate_person(self, value: Any) -> Person:
        person = visible_to(self.context["request"].user, Person).filter(uuid=value).first()
        if person is None:
            raise serializers.ValidationError(_("No such person."))
        return person

    def validate_bed(self, value: Any) -> Bed:
        bed = visible_to(self.context["request"].user, Bed).filter(uuid=value).first()
        if bed is None:
            raise serializers.ValidationError(_("No such bed."))
        return bed


def _date_param(request: Request, name: str) -> datetime.date:
    raw = request.query_params.get(name, "")
    if not raw:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("Enter a valid date (YYYY-MM-DD).")]}) from exc


class StructureViewSet(ScopedReadOnlyViewSet):
    model = Structure
    serializer_class = StructureSerializer
    permission_classes = [HasBoardRole]
    filterset_fields = ["territory", "kind", "target_gender", "mothers_with_children"]

    def get_queryset(self) -> QuerySet[Structure]:
        return super().get_queryset().select_related("organisation").order_by("name")


@extend_schema(
    parameters=[
        OpenApiParameter("free_on", OpenApiTypes.DATE, description="Only beds free that night."),
        OpenApiParameter("gender", str, enum=Gender.values, description="Only beds taking it."),
    ]
)
class BedViewSet(ScopedReadOnlyViewSet):
    """Beds; with `free_on=YYYY-MM-DD`, the bed board: beds free that night."""

    model = Bed
    serializer_class = BedSerializer
    permission_classes = [HasBoardRole]
    filterset_fields = ["structure__territory", "structure__kind"]

    def get_queryset(self) -> QuerySet[Bed]:
        if getattr(self, "swagger_fake_view", False):
            return Bed.objects.none()
        user: User = self.request.user  # type: ignore[assignment]
        if "free_on" not in self.request.query_params:
            return selectors.bed_list(user=user)
        gender = self.request.query_params.get("gender", "")
        if gender and gender not in Gender.values:
            raise serializers.ValidationError({"gender": [_("Unknown gender.")]})
        return selectors.free_beds(
            user=user,
            start=_date_param(self.request, "free_on"),
            gender=gender,
            mothers_with_children=self.request.query_params.get("mothers_with_children")
            in {"true", "1"},
        )


class PlacementViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Placements. POST places a person: 201, 400 with field messages, or 409 when the bed
    has just been taken (with the next free alternatives)."""

    model = Placement
    serializer_class = PlacementSerializer
    permission_classes = [HasBoardRole]
    filterset_fields = ["phase"]

    def get_queryset(self) -> QuerySet[Placement]:
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        return selectors.placement_list(user=self.request.user)  # type: ignore[arg-type]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "create":
            return PlacementCreateSerializer
        return PlacementSerializer

    @extend_schema(
        request=PlacementCreateSerializer,
        responses={
            201: PlacementSerializer,
            409: inline_serializer(
                "BedTaken",
                {
                    "detail": serializers.CharField(),
                    "code": serializers.CharField(),
                    "alternatives": BedSerializer(many=True),
                },
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = PlacementCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            placement = services.placement_create(
                acting_user=request.user,  # type: ignore[arg-type]
                person=data["person"],
                bed=data["bed"],
                start=data["start"],
                end=data["end"],
                phase=data["phase"],
            )
        except services.BedTakenError as exc:
            return Response(
                {
                    "detail": str(exc),
                    "code": "bed_taken",
                    "alternatives": BedSerializer(exc.alternatives, many=True).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        except DjangoPermissionDenied:
            return Response(
                {"detail": _("You cannot place this person in this bed.")},
                status=status.HTTP_403_FORBIDDEN,
            )
        placement = selectors.placement_list(user=request.user).get(pk=placement.pk)  # type: ignore[arg-type]
        return Response(PlacementSerializer(placement).data, status=status.HTTP_201_CREATED)


class CapacityRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    # A field named like the `Field.label` attribute: the API says "label".
    label = serializers.CharField()  # type: ignore[assignment]
    structures = serializers.IntegerField()
    beds = serializers.IntegerField()


class CapacityReportView(APIView):
    """The residential capacity table on a date: structures and beds by structure kind."""

    permission_classes = [HasReportRole]

    @extend_schema(
        parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="Default: today.")],
        responses=inline_serializer(
            "CapacityTable",
            {
                "date": serializers.DateField(),
                "rows": CapacityRowSerializer(many=True),
                "total": CapacityRowSerializer(),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        on = _date_param(request, "date")
        rows, total = selectors.capacity_table(on=on)
        return Response(
            {
                "date": on.isoformat(),
                "rows": CapacityRowSerializer(rows, many=True).data,
                "total": CapacityRowSerializer(total).data,
            }
        )
