"""Every way a structure, a bed or a placement changes.

Placing a person is safe under concurrency: the bed's row is locked (`select_for_update`;
on SQLite the IMMEDIATE transaction serialises writers), overlapping placements are
looked for, and the database itself refuses an overlap in the same bed (migration 0003),
which is turned into the same `BedTakenError`.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.core import audit
from approdi.core.code_lists import validate_code
from approdi.core.models import AccessAction
from approdi.core.scoping import visible_to
from approdi.people.models import Person

from . import selectors
from .choices import TARGET_ACCEPTS
from .models import Bed, BedOutage, Placement, Structure

STRUCTURE_FIELDS = (
    "name",
    "territory",
    "kind",
    "target_gender",
    "mothers_with_children",
    "phases",
    "third_party",
    "active_from",
    "active_to",
    "address",
)


class BedTakenError(Exception):
    """The bed was taken (by someone else a moment ago) for some of the nights asked."""

    def __init__(self, bed: Bed, alternatives: list[Bed] | None = None) -> None:
        super().__init__(_("This bed has just been taken."))
        self.bed = bed
        self.alternatives = alternatives or []


def _check_structure(structure: Structure, before: Structure | None) -> None:
    """Clear messages for what the database would refuse with a generic one."""
    errors: dict[str, Any] = {}
    if (
        structure.active_to
        and structure.active_from
        and structure.active_to < structure.active_from
    ):
        raise ValidationError({"active_to": _("The end must not be before the start.")})
    for name, code_list in (("territory", "territory"), ("kind", "structure_kind")):
        try:
            validate_code(
                code_list, getattr(structure, name), current=getattr(before, name, "") or ""
            )
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def structure_create(*, acting_user: User, organisation: Organisation, **fields: Any) -> Structure:
    """Create a structure of `organisation`; `fields` are among STRUCTURE_FIELDS."""
    if not selectors.may_manage_structures_of(acting_user, organisation.pk):
        raise PermissionDenied
    unknown = set(fields) - set(STRUCTURE_FIELDS)
    if unknown:
        raise ValueError(f"Not structure fields: {sorted(unknown)}")
    structure = Structure(organisation=organisation, **fields)
    _check_structure(structure, None)
    structure.full_clean()
    structure.save()
    audit.record(
        AccessAction.CREATE, actor=acting_user, obj=structure, fields=["organisation", *fields]
    )
    return structure


@transaction.atomic
def structure_update(*, acting_user: User, structure: Structure, **fields: Any) -> Structure:
    """Change a structure; its organisation never changes here."""
    if not selectors.may_manage_structures_of(acting_user, structure.organisation_id):
        raise PermissionDenied
    unknown = set(fields) - set(STRUCTURE_FIELDS)
    if unknown:
        raise ValueError(f"Not structure fields: {sorted(unknown)}")
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    before = Structure(**{name: getattr(structure, name) for name in STRUCTURE_FIELDS})
    for name, value in fields.items():
        setattr(structure, name, value)
    _check_structure(structure, before)
    structure.full_clean()
    structure.updated_at = datetime.datetime.now(tz=datetime.UTC)
    structure.save()
    audit.record(
        AccessAction.UPDATE,
        actor=acting_user,
        obj=structure,
        fields=audit.changed_fields(
            {n: getattr(before, n) for n in fields}, {n: getattr(structure, n) for n in fields}
        ),
    )
    return structure


@transaction.atomic
def bed_create(
    *,
    acting_user: User,
    structure: Structure,
    label: str,
    active_from: datetime.date,
    active_to: datetime.date | None = None,
) -> Bed:
    if not selectors.may_manage_structures_of(acting_user, structure.organisation_id):
        raise PermissionDenied
    bed = Bed(structure=structure, label=label, active_from=active_from, active_to=active_to)
    if active_to is not None and active_to < active_from:
        raise ValidationError({"active_to": _("The end must not be before the start.")})
    bed.full_clean()
    bed.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=bed,
        fields=["structure", "label", "active_from", "active_to"],
    )
    return bed


@transaction.atomic
def bed_outage_create(
    *,
    acting_user: User,
    bed: Bed,
    start: datetime.date,
    end: datetime.date | None = None,
    reason: str = "",
) -> BedOutage:
    """Put a bed out of service for [start, end). Refused while someone is placed in it."""
    if not selectors.may_manage_structures_of(acting_user, bed.structure.organisation_id):
        raise PermissionDenied
    bed = Bed.objects.select_for_update().get(pk=bed.pk)
    outage = BedOutage(bed=bed, start=start, end=end, reason=reason)
    if end is not None and end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    outage.full_clean()
    if bed.placements.filter(selectors.overlaps_q(start, end)).exists():
        raise ValidationError(
            {"start": _("Someone is placed in this bed in that period: move them first.")}
        )
    outage.save()
    audit.record(AccessAction.CREATE, actor=acting_user, obj=outage, fields=["bed", "start", "end"])
    return outage


def _validate_placement(placement: Placement, bed: Bed, person: Person) -> None:
    """Everything but the bed being free; raises ValidationError with field messages."""
    start, end = placement.start, placement.end
    if not Bed.objects.filter(selectors.bed_usable_q(start, end), pk=bed.pk).exists():
        raise ValidationError(
            {"bed": _("This bed or its structure is not active for the whole stay.")}
        )
    if bed.outages.filter(selectors.overlaps_q(start, end)).exists():
        raise ValidationError({"bed": _("This bed is out of service in that period.")})
    structure = bed.structure
    if person.gender not in TARGET_ACCEPTS.get(structure.target_gender, frozenset()):
        raise ValidationError(
            {"bed": _("This structure does not take people of this person's gender.")}
        )
    if structure.phases and placement.phase and placement.phase not in structure.phases:
        raise ValidationError({"phase": _("This structure does not serve this phase.")})
    elsewhere = Placement.objects.filter(selectors.overlaps_q(start, end), person=person)
    if placement.moved_from_id:
        elsewhere = elsewhere.exclude(pk=placement.moved_from_id)
    if elsewhere.exists():
        raise ValidationError({"person": _("This person already has a placement in that period.")})


@transaction.atomic
def _placement_insert(*, acting_user: User, placement: Placement) -> Placement:
    # The lock: concurrent placements in this bed queue here, one at a time.
    bed = Bed.objects.select_for_update().select_related("structure").get(pk=placement.bed_id)
    placement.bed = bed
    # Then the person's row (always after the bed's: one order, no deadlock), so that two
    # operators cannot put the same person in two different beds at once either.
    placement.person = Person.objects.select_for_update().get(pk=placement.person_id)
    if placement.end is not None and placement.end <= placement.start:
        raise ValidationError({"end": _("The end must be after the start.")})
    placement.full_clean()
    _validate_placement(placement, bed, placement.person)
    if bed.placements.filter(selectors.overlaps_q(placement.start, placement.end)).exists():
        raise BedTakenError(bed)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:  # the database's own guard (exclusion or trigger)
        raise BedTakenError(bed) from exc
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=placement,
        fields=["person", "bed", "start", "end", "phase", "moved_from"],
    )
    return placement


def placement_create(
    *,
    acting_user: User,
    person: Person,
    bed: Bed,
    start: datetime.date,
    phase: str,
    end: datetime.date | None = None,
) -> Placement:
    """Place `person` in `bed` from `start` (first night) to `end` (excluded; open if None).

    Raises ValidationError for bad input (nothing saved) and BedTakenError, carrying the
    next free alternatives, when the bed is no longer free.
    """
    if not selectors.may_place(acting_user):
        raise PermissionDenied
    if not visible_to(acting_user, Person).filter(pk=person.pk).exists():
        raise PermissionDenied
    if not visible_to(acting_user, Bed).filter(pk=bed.pk).exists():
        raise PermissionDenied
    placement = Placement(
        person=person, bed=bed, start=start, end=end, phase=phase, created_by=acting_user
    )
    try:
        return _placement_insert(acting_user=acting_user, placement=placement)
    except BedTakenError as exc:
        exc.alternatives = selectors.bed_alternatives(
            user=acting_user, bed=exc.bed, gender=person.gender, start=start, end=end
        )
        raise


@transaction.atomic
def placement_end(
    *, acting_user: User, placement: Placement, end: datetime.date, end_reason: str
) -> Placement:
    """Close a placement on `end` (the day of leaving) with a reason."""
    if not selectors.may_place(acting_user):
        raise PermissionDenied
    if not visible_to(acting_user, Placement).filter(pk=placement.pk).exists():
        raise PermissionDenied
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.end is not None and placement.end <= end:
        raise ValidationError({"end": _("This placement has already ended.")})
    if end <= placement.start:
        raise ValidationError({"end": _("The end must be after the start.")})
    try:
        validate_code("placement_end_reason", end_reason)
    except ValidationError as exc:
        raise ValidationError({"end_reason": exc.messages}) from exc
    placement.end, placement.end_reason = end, end_reason
    placement.full_clean()
    placement.updated_at = datetime.datetime.now(tz=datetime.UTC)
    placement.save()
    audit.record(
        AccessAction.UPDATE, actor=acting_user, obj=placement, fields=["end", "end_reason"]
    )
    return placement


def placement_move(
    *,
    acting_user: User,
    placement: Placement,
    bed: Bed,
    on: datetime.date,
    phase: str = "",
) -> Placement:
    """Move a person to another bed (in the same or another structure) from `on`.

    The current placement ends on `on` with reason `moved` (or `phase_change` when the
    phase changes) and a new one starts the same day, linked to it: the history stays.
    All or nothing.
    """
    phase = phase or placement.phase
    reason = "moved" if phase == placement.phase else "phase_change"
    try:
        with transaction.atomic():
            end = placement.end
            placement_end(acting_user=acting_user, placement=placement, end=on, end_reason=reason)
            new = Placement(
                person=placement.person,
                bed=bed,
                start=on,
                end=end,
                phase=phase,
                moved_from=placement,
                created_by=acting_user,
            )
            if not visible_to(acting_user, Bed).filter(pk=bed.pk).exists():
                raise PermissionDenied
            return _placement_insert(acting_user=acting_user, placement=new)
    except BedTakenError as exc:
        exc.alternatives = selectors.bed_alternatives(
            user=acting_user, bed=exc.bed, gender=placement.person.gender, start=on, end=None
        )
        raise
