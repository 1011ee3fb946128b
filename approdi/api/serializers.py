"""Serializers of the foundation resources. Owned resources show their organisation slug."""

from rest_framework import serializers

from approdi.accounts.models import Organisation, User
from approdi.core.models import CodeListEntry
from approdi.people.models import Person


class OrganisationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "slug", "name", "kind", "territories"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = User
        fields = ["username", "organisation", "roles"]
        read_only_fields = fields


class CodeListEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = CodeListEntry
        fields = ["list_name", "code", "label_it", "label_en", "order", "active"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    """Pseudonymous: identity fields are never part of this resource."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    organisation: serializers.SlugRelatedField[Organisation] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )

    class Meta:
        model = Person
        fields = ["id", "code", "organisation", "gender", "birth_year", "nationality"]
        read_only_fields = fields
