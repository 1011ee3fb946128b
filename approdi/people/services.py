"""Every way a person record changes: creation (after looking for the same person),
the coordinator's merge of two records and its undoing, and the logged read of an
identity."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalChanges

from approdi.accounts.models import Organisation, User
from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.core.scoping import visible_to

from . import throttle
from .choices import DuplicateStatus
from .hashing import HASH_FIELDS, hashes_of
from .hashing import identity_hash_of as identity_hash_of
from .models import IDENTITY_FIELDS, Person, PersonMerge, PossibleDuplicate
from .selectors import (
    DuplicateCandidate,
    identity_read_needs_reason,
    may_create_person,
    may_merge_people,
    may_read_identity,
    person_duplicate_candidates,
    person_lookup_hashes,
)
from .throttle import LookupThrottled as LookupThrottled

CODE_PREFIX = "MI"


def person_lookup_log(
    *,
    acting_user: User,
    decision: "DuplicateDecisionNeeded",
    request: HttpRequest | None = None,
) -> None:
    """Log the records a lookup matched, one row each (record, never the values typed),
    so the data protection officer sees who tested whether a person is recorded.

    Called by the page or the API that caught `DuplicateDecisionNeeded`, after the
    refused write was rolled back (a row written inside it would be rolled back too).
    """
    for candidate in decision.candidates:
        audit.record(
            AccessAction.DUPLICATE_LOOKUP,
            actor=acting_user,
            request=request,
            object_type="people.person",
            object_id=str(
                Person.objects.filter(pk=candidate.person_pk).values_list("uuid", flat=True).get()
            ),
            fields=[reason.value for reason in candidate.reasons],
        )


def person_lookup_throttled_log(
    *,
    acting_user: User,
    throttled: LookupThrottled,
    request: HttpRequest | None = None,
) -> None:
    """Log the first lookup of the hour refused to `acting_user` (one row per user and
    hour, however many attempts follow), so the data protection officer sees an account
    that tried more lookups than anyone needs.

    Called, like `person_lookup_log`, by the page or the API that caught the refusal,
    after the refused write was rolled back."""
    if not throttle.lookup_refusal_is_first(user=acting_user, window=throttled.window):
        return
    audit.record(
        AccessAction.DUPLICATE_LOOKUP_THROTTLED,
        actor=acting_user,
        request=request,
        object_type="people.person",
        reason=(
            "lookup counter unavailable"
            if isinstance(throttled, throttle.LookupUnavailable)
            else f"limit {throttled.limit} per hour"
        ),
    )


class DuplicateDecisionNeeded(Exception):
    """Possible duplicates were found: the user must pick one or confirm a new person."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__(_("This person may already be recorded."))
        self.candidates = candidates


def _set_hashes(person: Person) -> None:
    for field, value in hashes_of(
        given_names=person.given_names,
        family_name=person.family_name,
        birth_date=person.birth_date,
        nationality=person.nationality,
        phone=person.phone,
    ).items():
        setattr(person, field, value)


def person_next_code(*, year: int | None = None) -> str:
    """The next free pseudonymous code of the year, e.g. MI-2026-0042."""
    year = year or timezone.localdate().year
    prefix = f"{CODE_PREFIX}-{year}-"
    number = 0
    for code in Person.objects.filter(code__startswith=prefix).values_list("code", flat=True):
        tail = code[len(prefix) :]
        if tail.isdigit():
            number = max(number, int(tail))
    return f"{prefix}{number + 1:04d}"


@transaction.atomic
def person_create(
    *,
    acting_user: User | None,
    code: str = "",
    organisation: Organisation,
    gender: str,
    birth_year: int | None = None,
    nationality: str = "",
    identity: dict[str, Any] | None = None,
) -> Person:
    """Create a person; `identity` holds any of IDENTITY_FIELDS. No duplicate check: the
    pages go through `person_resolve_or_create`. Without a code, the next free one."""
    identity = identity or {}
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not identity fields: {sorted(unknown)}")
    person = Person(
        code=code or person_next_code(),
        organisation=organisation,
        gender=gender,
        birth_year=birth_year,
        nationality=nationality.strip().upper(),
        recorded_by=acting_user if acting_user is not None and acting_user.pk else None,
        **identity,
    )
    _set_hashes(person)
    person.full_clean()
    for attempt in range(1, 6):
        try:
            with transaction.atomic():  # a savepoint: a failed insert leaves the rest intact
                person.save()
            break
        except IntegrityError:
            # Another intake took the same next code between our read and our insert.
            if code or attempt == 5:
                raise
            person.code = person_next_code()
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


# --- one person, not two ---------------------------------------------------------------


def person_duplicate_lookup(
    *,
    acting_user: User,
    given_names: str = "",
    family_name: str = "",
    birth_date: datetime.date | None = None,
    nationality: str = "",
    phone: str = "",
) -> list[DuplicateCandidate]:
    """The duplicate lookup of the pages and the API: `person_duplicate_candidates`,
    counted against the user's hourly limit when there is anything to look up.

    Raises `LookupThrottled` (nothing looked up) past the limit; the coordinator is not
    counted (see `throttle`)."""
    values: dict[str, Any] = {
        "given_names": given_names,
        "family_name": family_name,
        "birth_date": birth_date,
        "nationality": nationality,
        "phone": phone,
    }
    if person_lookup_hashes(**values):
        throttle.lookup_count(user=acting_user)
    return person_duplicate_candidates(user=acting_user, **values)


@transaction.atomic
def person_resolve_or_create(
    *,
    acting_user: User,
    organisation: Organisation,
    gender: str,
    birth_year: int | None = None,
    nationality: str = "",
    identity: dict[str, Any] | None = None,
    existing: Person | None = None,
    confirm_new: bool = False,
) -> Person:
    """The person being recorded: `existing` if the user picked one of the people found,
    otherwise a new record, once the user has confirmed it when anyone may be the same.

    Raises `DuplicateDecisionNeeded` (nothing saved) when candidates were found and no
    decision was given, and `LookupThrottled` (nothing looked up, nothing saved) when the
    user has made this hour's lookups. A match the user cannot see is flagged to the
    coordination office (`PossibleDuplicate`), which merges or dismisses it; the user
    learns nothing of it but that it will be checked.
    """
    if not may_create_person(acting_user):
        raise PermissionDenied
    if not may_merge_people(acting_user) and organisation.pk != acting_user.organisation_id:
        raise PermissionDenied
    if existing is not None:
        chosen = visible_to(acting_user, Person).filter(pk=existing.pk, merged_into__isnull=True)
        if not chosen.exists():
            raise ValidationError({"existing": _("Choose one of the people listed.")})
        return existing
    return person_create_unless_duplicate(
        acting_user=acting_user,
        organisation=organisation,
        gender=gender,
        birth_year=birth_year,
        nationality=nationality,
        identity=identity,
        confirm_new=confirm_new,
    )


@transaction.atomic
def person_create_unless_duplicate(
    *,
    acting_user: User,
    organisation: Organisation,
    gender: str,
    birth_year: int | None = None,
    nationality: str = "",
    identity: dict[str, Any] | None = None,
    confirm_new: bool = False,
) -> Person:
    """The duplicate lookup, then a new person once confirmed (see
    `person_resolve_or_create`). The caller has checked that the user may record this
    person: the people pages check `may_create_person`, the referral intake checks who
    may record a referral (a street unit's operator records the people it refers).
    """
    identity = identity or {}
    candidates = person_duplicate_lookup(
        acting_user=acting_user,
        given_names=identity.get("given_names", ""),
        family_name=identity.get("family_name", ""),
        birth_date=identity.get("birth_date"),
        nationality=nationality,
        phone=identity.get("phone", ""),
    )
    if candidates and not confirm_new and may_create_person(acting_user):
        raise DuplicateDecisionNeeded(candidates)
    # A role without people of its own (a street unit's operator recording a referral)
    # is told nothing of the matches: the coordination office checks them.
    person = person_create(
        acting_user=acting_user,
        organisation=organisation,
        gender=gender,
        birth_year=birth_year,
        nationality=nationality,
        identity=identity,
    )
    for candidate in candidates:
        if candidate.in_scope:
            continue
        flag = PossibleDuplicate.objects.create(
            person=person,
            candidate_id=candidate.person_pk,
            reason=candidate.reason,
            recorded_by=acting_user,
        )
        audit.record(
            AccessAction.CREATE,
            actor=acting_user,
            obj=flag,
            fields=["person", "candidate", "reason"],
        )
    return person


@transaction.atomic
def possible_duplicate_dismiss(*, acting_user: User, flag: PossibleDuplicate) -> None:
    """The coordination office checked: not the same person."""
    if not may_merge_people(acting_user):
        raise PermissionDenied
    flag = PossibleDuplicate.objects.select_for_update().get(pk=flag.pk)
    if flag.status != DuplicateStatus.OPEN:
        raise ValidationError(_("This possible duplicate has already been dealt with."))
    flag.status = DuplicateStatus.DISMISSED
    flag.resolved_by = acting_user
    flag.resolved_at = timezone.now()
    flag.save(update_fields=["status", "resolved_by", "resolved_at", "updated_at"])
    audit.record(
        AccessAction.UPDATE,
        actor=acting_user,
        obj=flag,
        fields=["status", "resolved_by", "resolved_at"],
    )


def _person_links() -> Iterator[tuple[type[models.Model], "models.ForeignObject[Any, Any]"]]:
    """Every foreign key to Person, of every installed model (later apps included, and the
    tables behind many-to-many fields), except the history tables, which keep what was
    true then, and this app's own bookkeeping of duplicates and merges."""
    own = {PossibleDuplicate, PersonMerge}
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        field = relation.field  # type: ignore[union-attr]
        if not isinstance(model, type) or not issubclass(model, models.Model):
            continue
        if issubclass(model, HistoricalChanges):
            continue
        if model in own or (model is Person and field.name == "merged_into"):
            continue
        yield model, field


def _refuse_pathway_conflicts(kept: Person, merged: Person) -> None:
    """What one person cannot have twice, with a message that says what to do."""
    case_model = apps.get_model("cases", "Case")
    open_statuses = ["active", "follow_up"]
    both_open = {
        person_id
        for person_id in case_model._base_manager.filter(
            person__in=[kept, merged], status__in=open_statuses
        ).values_list("person_id", flat=True)
    }
    if len(both_open) == 2:
        raise ValidationError(
            _("Both people have an open case: close or exit one of the two cases before merging.")
        )
    placement_model = apps.get_model("shelters", "Placement")
    placements = list(
        placement_model._base_manager.filter(person__in=[kept, merged]).values_list(
            "person_id", "start", "end"
        )
    )
    ends = datetime.date.max
    kept_nights = [(start, end or ends) for pid, start, end in placements if pid == kept.pk]
    merged_nights = [(start, end or ends) for pid, start, end in placements if pid == merged.pk]
    for start, end in kept_nights:
        if any(other_start < end and start < other_end for other_start, other_end in merged_nights):
            raise ValidationError(
                _(
                    "The two people have placements on the same nights: "
                    "end one of them before merging."
                )
            )


def _check_mergeable(kept: Person, merged: Person) -> None:
    if kept.pk == merged.pk:
        raise ValidationError(_("Choose two different people."))
    if kept.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("One of the two records has already been merged into another."))


@transaction.atomic
def person_merge(*, acting_user: User, kept: Person, merged: Person, reason: str) -> PersonMerge:
    """Merge `merged` into `kept`: every record of `merged` (cases, placements, outreach
    contacts, meetings, referrals …) now belongs to `kept`. `merged` stays, with its own
    history, hidden from lists and lookups. Refused, with nothing changed, when the two
    cannot become one (two open cases, placements on the same nights, a unique rule)."""
    if not may_merge_people(acting_user):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("State the reason for the merge.")})
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, merged.pk])
    }
    kept, merged = locked[kept.pk], locked[merged.pk]
    _check_mergeable(kept, merged)
    _refuse_pathway_conflicts(kept, merged)
    moved: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            for model, field in _person_links():
                manager = model._base_manager
                pks = list(
                    manager.filter(**{field.attname: merged.pk})
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                if not pks:
                    continue
                manager.filter(pk__in=pks).update(**{field.attname: kept.pk})
                moved.extend(
                    {"model": model._meta.label, "pk": pk, "field": field.name} for pk in pks
                )
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The two records cannot become one: a record of one of them would "
                "repeat one of the other's. Nothing has been changed."
            )
        ) from exc
    merge = PersonMerge(
        kept=kept, merged=merged, reason=reason, moved_rows=moved, merged_by=acting_user
    )
    merge.full_clean()
    merge.save()
    merged.merged_into = kept
    merged.updated_at = timezone.now()
    merged.save(update_fields=["merged_into", "updated_at"])
    PossibleDuplicate.objects.filter(
        models.Q(person=merged, candidate=kept) | models.Q(person=kept, candidate=merged),
        status=DuplicateStatus.OPEN,
    ).update(
        status=DuplicateStatus.MERGED,
        resolved_by=acting_user,
        resolved_at=timezone.now(),
        merge=merge,
    )
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=merge,
        fields=["kept", "merged", "reason", "moved_rows"],
    )
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=merged, fields=["merged_into"])
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=kept, fields=_moved_labels(moved))
    return merge


def _moved_labels(moved: list[dict[str, Any]]) -> list[str]:
    """`model.field` of the moved rows, for the access log (names, never values)."""
    return sorted({f"{row['model']}.{row['field']}" for row in moved})


def moved_row_counts(merge: PersonMerge) -> dict[str, int]:
    """How many rows of each model the merge moved."""
    counts: dict[str, int] = defaultdict(int)
    for row in merge.moved_rows:
        counts[row["model"]] += 1
    return dict(sorted(counts.items()))


@transaction.atomic
def _records_disagree_on_person(person_pks: tuple[int, int]) -> bool:
    """Whether a record of one of these people points to a record of the other: a
    referral accepted after the merge into a case of the kept person, an assessment of a
    moved referral... Undoing the merge would split such a pair, so it is refused."""
    for model in apps.get_models():
        own = [
            f for f in model._meta.concrete_fields if f.is_relation and f.related_model is Person
        ]
        if not own:
            continue
        for link in model._meta.concrete_fields:
            target = link.related_model
            if not link.is_relation or target is Person or target is None or target == "self":
                continue
            theirs = [
                f
                for f in target._meta.concrete_fields
                if f.is_relation and f.related_model is Person
            ]
            if len(own) != 1 or len(theirs) != 1:
                continue
            mine, other = own[0], theirs[0]
            if (
                model._base_manager.filter(**{f"{mine.name}__in": person_pks})
                .exclude(**{f"{link.name}__isnull": True})
                .exclude(**{mine.name: models.F(f"{link.name}__{other.name}")})
                .exists()
            ):
                return True
    return False


def person_merge_undo(*, acting_user: User, merge: PersonMerge) -> PersonMerge:
    """Move back exactly the rows the merge moved and make the merged record active again.
    Rows recorded for the kept person after the merge stay with it."""
    if not may_merge_people(acting_user):
        raise PermissionDenied
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.is_undone:
        raise ValidationError(_("This merge has already been undone."))
    kept = Person.objects.select_for_update().get(pk=merge.kept_id)
    merged = Person.objects.select_for_update().get(pk=merge.merged_id)
    if kept.merged_into_id:
        raise ValidationError(
            _("The kept person has since been merged into another: undo that merge first.")
        )
    try:
        with transaction.atomic():
            for row in merge.moved_rows:
                model = apps.get_model(row["model"])
                field = model._meta.get_field(row["field"])
                model._base_manager.filter(pk=row["pk"], **{field.attname: kept.pk}).update(
                    **{field.attname: merged.pk}
                )
            if _records_disagree_on_person((kept.pk, merged.pk)):
                raise IntegrityError("records of the two people now refer to each other")
    except IntegrityError as exc:
        raise ValidationError(
            _(
                "The merge cannot be undone: a record would repeat one of the other "
                "person's, or records of the two now refer to each other (a referral "
                "accepted into a case opened since). Nothing has been changed."
            )
        ) from exc
    merged.merged_into = None
    merged.updated_at = timezone.now()
    merged.save(update_fields=["merged_into", "updated_at"])
    merge.undone_at = timezone.now()
    merge.undone_by = acting_user
    merge.save(update_fields=["undone_at", "undone_by", "updated_at"])
    PossibleDuplicate.objects.filter(merge=merge).update(
        status=DuplicateStatus.OPEN, resolved_by=None, resolved_at=None, merge=None
    )
    audit.record(
        AccessAction.UPDATE, actor=acting_user, obj=merge, fields=["undone_at", "undone_by"]
    )
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=merged, fields=["merged_into"])
    audit.record(
        AccessAction.UPDATE, actor=acting_user, obj=kept, fields=_moved_labels(merge.moved_rows)
    )
    return merge


def person_hashes_recompute() -> int:
    """Recompute every person's hashes (after a change of FIELD_HASH_KEY or of the
    normalisation). Written with `update`, so no history version is added. Returns the
    number of rows whose hashes changed."""
    changed = 0
    for person in Person.objects.order_by("pk").iterator(chunk_size=500):
        before = {field: getattr(person, field) for field in HASH_FIELDS}
        _set_hashes(person)
        after = {field: getattr(person, field) for field in HASH_FIELDS}
        if after != before:
            Person.objects.filter(pk=person.pk).update(**after)
            changed += 1
    return changed
