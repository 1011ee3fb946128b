"""Read-only API of outreach records, scoped exactly as the screens (through the selectors).

Records are entered through the entry screens (which also take the phone's JSON); the
API serves integrations and the network's own tools.
"""

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import has_role
from approdi.api.views import ScopedReadOnlyViewSet

from . import selectors
from .models import ContactTally, DropInAccess, Outing, PhoneContact, ServiceGiven


class HasOutreachRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, selectors.READER_ROLES)


class ContactTallySerializer(serializers.ModelSerializer):
    linked_to_person = serializers.SerializerMethodField()

    class Meta:
        model = ContactTally
        fields = [
            "gender",
            "age_band",
            "nationality",
            "status",
            "setting",
            "count",
            "linked_to_person",
        ]
        read_only_fields = fields

    def get_linked_to_person(self, obj: ContactTally) -> bool:
        return obj.person_id is not None


class ServiceGivenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceGiven
        fields = ["service", "material", "quantity"]
        read_only_fields = fields


class OutreachRecordSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )


class OutingSerializer(OutreachRecordSerializer):
    tallies = ContactTallySerializer(many=True, read_only=True)
    services = ServiceGivenSerializer(many=True, read_only=True)
    contacts = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = Outing
        fields = [
            "id",
            "organisation",
            "territory",
            "date",
            "shift",
            "kind",
            "area",
            "team_size",
            "duration_minutes",
            "contacts",
            "tallies",
            "services",
        ]
        read_only_fields = fields


class DropInAccessSerializer(OutreachRecordSerializer):
    services = ServiceGivenSerializer(many=True, read_only=True)
    linked_to_person = serializers.SerializerMethodField()

    class Meta:
        model = DropInAccess
        fields = [
            "id",
            "organisation",
            "territory",
            "date",
            "place",
            "gender",
            "nationality",
            "status",
            "language",
            "mediator_present",
            "linked_to_person",
            "services",
        ]
        read_only_fields = fields

    def get_linked_to_person(self, obj: DropInAccess) -> bool:
        return obj.person_id is not None


class PhoneContactSerializer(OutreachRecordSerializer):
    linked_to_person = serializers.SerializerMethodField()

    class Meta:
        model = PhoneContact
        fields = [
            "id",
            "organisation",
            "territory",
            "date",
            "line",
            "caller",
            "gender",
            "nationality",
            "language",
            "duration_minutes",
            "linked_to_person",
        ]
        read_only_fields = fields

    def get_linked_to_person(self, obj: PhoneContact) -> bool:
        return obj.person_id is not None


class OutingViewSet(ScopedReadOnlyViewSet):
    """Outings with their tallies and services (a fixed number of queries per page)."""

    model = Outing
    serializer_class = OutingSerializer
    permission_classes = [HasOutreachRole]
    filterset_fields = ["territory", "shift", "kind", "date"]

    def get_queryset(self) -> QuerySet[Outing]:
        if getattr(self, "swagger_fake_view", False):
            return Outing.objects.none()
        user: User = self.request.user  # type: ignore[assignment]
        return selectors.outing_list(user=user)


class DropInAccessViewSet(ScopedReadOnlyViewSet):
    model = DropInAccess
    serializer_class = DropInAccessSerializer
    permission_classes = [HasOutreachRole]
    filterset_fields = ["territory", "date"]

    def get_queryset(self) -> QuerySet[DropInAccess]:
        if getattr(self, "swagger_fake_view", False):
            return DropInAccess.objects.none()
        user: User = self.request.user  # type: ignore[assignment]
        return selectors.dropin_list(user=user)


class PhoneContactViewSet(ScopedReadOnlyViewSet):
    model = PhoneContact
    serializer_class = PhoneContactSerializer
    permission_classes = [HasOutreachRole]
    filterset_fields = ["territory", "line", "date"]

    def get_queryset(self) -> QuerySet[PhoneContact]:
        if getattr(self, "swagger_fake_view", False):
            return PhoneContact.objects.none()
        user: User = self.request.user  # type: ignore[assignment]
        return selectors.phone_contact_list(user=user)
