"""Every way an outreach record is written.

Records come from phones that may send the same record twice (a retry after an answer
that never arrived). Each carries the idempotency key the phone made when the record was
entered: the first call creates the record, any later call with the same key (and
organisation) returns the record already stored, and creates nothing.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit
from approdi.core.code_lists import validate_code
from approdi.core.models import AccessAction
from approdi.people.models import Person
from approdi.people.selectors import person_scope

from . import choices
from .models import ContactTally, DropInAccess, Outing, OutreachRecord, PhoneContact, ServiceGiven
from .selectors import may_write

R = TypeVar("R", bound=OutreachRecord)


@dataclass(frozen=True)
class TallyInput:
    gender: str
    status: str
    count: int
    age_band: str = ""
    nationality: str = ""
    setting: str = ""


@dataclass(frozen=True)
class ServiceInput:
    service: str
    quantity: int
    material: str = ""


def _check_writer(acting_user: User, organisation: Organisation) -> None:
    """Outreach staff write for their own organisation; the coordinator for any."""
    if not may_write(acting_user):
        raise PermissionDenied(_("Your role cannot record outreach."))
    if not has_role(acting_user, Role.COORDINATOR) and (
        organisation.pk != acting_user.organisation_id
    ):
        raise PermissionDenied(_("You can record outreach only for your own organisation."))


def _check_codes(values: dict[str, tuple[str, str]]) -> None:
    """`values` maps a field name to (code list, code); every error at once, on its field."""
    errors: dict[str, list[ValidationError]] = {}
    for field, (list_name, code) in values.items():
        if not code:
            continue
        try:
            validate_code(list_name, code)
        except ValidationError as error:
            errors.setdefault(field, []).append(error)
    if errors:
        raise ValidationError(errors)


def _idempotent(
    model: type[R],
    organisation: Organisation,
    idempotency_key: uuid.UUID,
    insert: Callable[[], R],
) -> tuple[R, bool]:
    """Run `insert` once per (organisation, key); (record, created).

    Race-safe: two concurrent first calls both try to insert, the database's unique
    constraint lets one through, and the other gets the stored record.
    """
    existing = _stored(model, organisation, idempotency_key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return insert(), True
    except IntegrityError:
        existing = _stored(model, organisation, idempotency_key)
        if existing is None:
            raise
        return existing, False


def _stored(model: type[R], organisation: Organisation, idempotency_key: uuid.UUID) -> R | None:
    return model._default_manager.filter(
        organisation=organisation, idempotency_key=idempotency_key
    ).first()


def _services(
    services: Sequence[ServiceInput], *, outing: Outing | None, access: DropInAccess | None
) -> list[ServiceGiven]:
    rows = []
    for index, item in enumerate(services):
        if item.quantity == 0:
            continue
        _check_codes(
            {
                f"services-{index}-service": (choices.SERVICE_KIND, item.service),
                f"services-{index}-material": (choices.PREVENTION_MATERIAL, item.material),
            }
        )
        row = ServiceGiven(
            outing=outing,
            access=access,
            service=item.service,
            material=item.material,
            quantity=item.quantity,
        )
        row.full_clean(exclude=["outing", "access"])
        rows.append(row)
    return rows


def outing_create(
    *,
    acting_user: User,
    organisation: Organisation,
    idempotency_key: uuid.UUID,
    territory: str,
    date: datetime.date,
    shift: str,
    kind: str,
    team_size: int,
    duration_minutes: int,
    area: str = "",
    tallies: Sequence[TallyInput] = (),
    services: Sequence[ServiceInput] = (),
) -> tuple[Outing, bool]:
    """An outing with its tallies and services, in one transaction; (outing, created).

    Tallies and services with a count of 0 are left out (the entry screen sends them).
    """
    _check_writer(acting_user, organisation)

    def insert() -> Outing:
        _check_codes(
            {"territory": (choices.TERRITORY, territory), "kind": (choices.OUTING_KIND, kind)}
        )
        outing = Outing(
            organisation=organisation,
            idempotency_key=idempotency_key,
            territory=territory,
            date=date,
            shift=shift,
            kind=kind,
            area=area.strip(),
            team_size=team_size,
            duration_minutes=duration_minutes,
            created_by=acting_user,
        )
        # The unique constraint on the key is left to the database (see _idempotent).
        outing.full_clean(validate_constraints=False)
        outing.save()
        rows = []
        for index, item in enumerate(tallies):
            if item.count == 0:
                continue
            _check_codes(
                {
                    f"tallies-{index}-age_band": (choices.AGE_BAND, item.age_band),
                    f"tallies-{index}-setting": (choices.EXPLOITATION_SETTING, item.setting),
                }
            )
            tally = ContactTally(
                outing=outing,
                gender=item.gender,
                status=item.status,
                count=item.count,
                age_band=item.age_band,
                nationality=item.nationality.upper(),
                setting=item.setting,
            )
            try:
                tally.full_clean()
            except ValidationError as error:
                raise ValidationError(
                    {f"tallies-{index}-{f}": e for f, e in error.message_dict.items()}
                ) from error
            rows.append(tally)
        ContactTally.objects.bulk_create(rows)
        ServiceGiven.objects.bulk_create(_services(services, outing=outing, access=None))
        audit.record(
            AccessAction.CREATE,
            actor=acting_user,
            obj=outing,
            fields=[
                "organisation",
                "territory",
                "date",
                "shift",
                "kind",
                "area",
                "team_size",
                "duration_minutes",
                "tallies",
                "services",
            ],
        )
        return outing

    return _idempotent(Outing, organisation, idempotency_key, insert)


def dropin_access_create(
    *,
    acting_user: User,
    organisation: Organisation,
    idempotency_key: uuid.UUID,
    territory: str,
    date: datetime.date,
    place: str,
    gender: str = "",
    nationality: str = "",
    status: str = "",
    language: str = "",
    mediator_present: bool = False,
    services: Sequence[ServiceInput] = (),
) -> tuple[DropInAccess, bool]:
    """A drop-in access (anonymous) with the services given; (access, created)."""
    _check_writer(acting_user, organisation)

    def insert() -> DropInAccess:
        _check_codes(
            {"territory": (choices.TERRITORY, territory), "language": (choices.LANGUAGE, language)}
        )
        access = DropInAccess(
            organisation=organisation,
            idempotency_key=idempotency_key,
            territory=territory,
            date=date,
            place=place.strip(),
            gender=gender,
            nationality=nationality.upper(),
            status=status,
            language=language,
            mediator_present=mediator_present,
            created_by=acting_user,
        )
        access.full_clean(validate_constraints=False)
        access.save()
        ServiceGiven.objects.bulk_create(_services(services, outing=None, access=access))
        audit.record(
            AccessAction.CREATE,
            actor=acting_user,
            obj=access,
            fields=[
                "organisation",
                "territory",
                "date",
                "place",
                "gender",
                "nationality",
                "status",
                "language",
                "mediator_present",
                "services",
            ],
        )
        return access

    return _idempotent(DropInAccess, organisation, idempotency_key, insert)


def phone_contact_create(
    *,
    acting_user: User,
    organisation: Organisation,
    idempotency_key: uuid.UUID,
    territory: str,
    date: datetime.date,
    line: str,
    caller: str,
    gender: str = "",
    nationality: str = "",
    language: str = "",
    duration_minutes: int | None = None,
) -> tuple[PhoneContact, bool]:
    """A phone contact (the h24 line among them); (contact, created)."""
    _check_writer(acting_user, organisation)

    def insert() -> PhoneContact:
        _check_codes(
            {
                "territory": (choices.TERRITORY, territory),
                "line": (choices.PHONE_LINE, line),
                "caller": (choices.CALLER_KIND, caller),
                "language": (choices.LANGUAGE, language),
            }
        )
        contact = PhoneContact(
            organisation=organisation,
            idempotency_key=idempotency_key,
            territory=territory,
            date=date,
            line=line,
            caller=caller,
            gender=gender,
            nationality=nationality.upper(),
            language=language,
            duration_minutes=duration_minutes,
            created_by=acting_user,
        )
        contact.full_clean(validate_constraints=False)
        contact.save()
        audit.record(
            AccessAction.CREATE,
            actor=acting_user,
            obj=contact,
            fields=[
                "organisation",
                "territory",
                "date",
                "line",
                "caller",
                "gender",
                "nationality",
                "language",
                "duration_minutes",
            ],
        )
        return contact

    return _idempotent(PhoneContact, organisation, idempotency_key, insert)


@transaction.atomic
def contact_link_person(
    *,
    acting_user: User,
    record: ContactTally | DropInAccess | PhoneContact,
    person: Person,
) -> None:
    """Link a contact to the person it became. Both must be within the user's scope.

    Callers pass a record and a person read through the scoped selectors; this checks
    the roles again so that a mistake in a caller cannot link across organisations.
    """
    if not may_write(acting_user):
        raise PermissionDenied(_("Your role cannot record outreach."))
    if not person_scope(acting_user, Person.objects.filter(pk=person.pk)).exists():
        raise PermissionDenied(_("This person is not within your scope."))
    if isinstance(record, ContactTally) and record.count != 1:
        raise ValidationError(
            {"person": _("Only a tally of one contact can be linked to a person.")}
        )
    record.person = person
    record.full_clean()
    record.save(update_fields=["person"])
    owner = record.outing if isinstance(record, ContactTally) else record
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=owner, fields=["person"])
