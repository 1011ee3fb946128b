"""Read-only API resources of the foundation, scoped exactly as the UI."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import generics, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import CASE_ROLES, has_role
from approdi.core.models import CodeListEntry
from approdi.core.scoping import visible_to
from approdi.people.models import Person

from . import serializers


class HasCaseRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return has_role(request.user, CASE_ROLES)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Every queryset goes through the model's scoping function; ids are UUIDs."""

    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    model: Any = None

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return self.model.objects.none()
        return visible_to(self.request.user, self.model)


class OrganisationViewSet(ScopedReadOnlyViewSet):
    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    lookup_field = "slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self) -> QuerySet[Organisation]:
        return super().get_queryset().filter(active=True).order_by("name")


class PersonViewSet(ScopedReadOnlyViewSet):
    model = Person
    serializer_class = serializers.PersonSerializer
    permission_classes = [HasCaseRole]
    filterset_fields = ["gender", "nationality"]

    def get_queryset(self) -> QuerySet[Person]:
        return super().get_queryset().select_related("organisation").order_by("code")


class CodeListEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The configurable code lists, with labels in both languages (not personal data)."""

    serializer_class = serializers.CodeListEntrySerializer
    queryset = CodeListEntry.objects.order_by("list_name", "order", "code")
    filterset_fields = ["list_name", "active"]
    lookup_field = "pk"


class MeView(generics.RetrieveAPIView):
    """The caller's own account, read-only: organisation and roles are set by an admin."""

    serializer_class = serializers.MeSerializer

    def get_object(self) -> User:
        return self.request.user  # type: ignore[return-value]
