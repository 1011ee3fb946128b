"""Every way a person record changes, and the logged read of an identity."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.core import audit
from approdi.core.crypto import keyed_hash
from approdi.core.models import AccessAction

from .models import IDENTITY_FIELDS, Person
from .selectors import identity_read_needs_reason, may_read_identity


def identity_hash_of(given_names: str, family_name: str, birth_date: datetime.date | None) -> str:
    name = f"{given_names} {family_name}".strip()
    if not name:
        return ""
    return keyed_hash(f"{name} {birth_date.isoformat() if birth_date else ''}")


@transaction.atomic
def person_create(
    *,
    acting_user: User | None,
    code: str,
    organisation: Organisation,
    gender: str,
    birth_year: int | None = None,
    nationality: str = "",
    identity: dict[str, Any] | None = None,
) -> Person:
    """Create a person; `identity` holds any of IDENTITY_FIELDS."""
    identity = identity or {}
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not identity fields: {sorted(unknown)}")
    person = Person(
        code=code,
        organisation=organisation,
        gender=gender,
        birth_year=birth_year,
        nationality=nationality.upper(),
        **identity,
    )
    person.identity_hash = identity_hash_of(
        person.given_names, person.family_name, person.birth_date
    )
    person.full_clean()
    person.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=person,
        fields=["code", "organisation", "gender", "birth_year", "nationality", *identity],
    )
    return person


def person_identity_read(
    *, user: User, person: Person, request: HttpRequest | None = None, reason: str = ""
) -> dict[str, Any]:
    """The identity of `person` for `user`, logged; refused without role or needed reason.

    `person` must come from a scoped selector: this checks the role, not the scope.
    """
    if not may_read_identity(user):
        raise PermissionDenied(_("Your role cannot see identities."))
    reason = reason.strip()
    if identity_read_needs_reason(user) and not reason:
        raise PermissionDenied(_("State the reason for seeing this identity."))
    audit.record(
        AccessAction.IDENTITY_READ,
        actor=user,
        request=request,
        obj=person,
        fields=list(IDENTITY_FIELDS),
        reason=reason,
    )
    return {field: getattr(person, field) for field in IDENTITY_FIELDS}
