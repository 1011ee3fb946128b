"""Reads of people, the scoping functions of `Person` and of its duplicate bookkeeping,
and the duplicate lookup."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from approdi.accounts.models import User
from approdi.accounts.roles import CASE_ROLES, IDENTITY_ROLES, Role, has_role
from approdi.core.scoping import get_visible_or_404, scope_for, visible_to

from .choices import DuplicateStatus, MatchReason
from .hashing import hashes_of
from .models import Person, PersonMerge, PossibleDuplicate

# Who records new people (and so looks for duplicates first).
CREATE_ROLES = frozenset({Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER})
# Who reviews possible duplicates, merges two records and undoes a merge.
MERGE_ROLES = frozenset({Role.COORDINATOR})


@scope_for(Person)
def person_scope(user: User, queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Coordinator: everyone. Others: the people of the cases they may see (any section),
    for an org_manager also the people of their organisation (before a case opens), and for
    those who record people (case worker, org_manager) the people they recorded.
    Outreach, monitoring, auditor and admin: nobody.

    A record merged into another is left out for everyone, so that no list, picker or
    lookup offers it; its own page is reached through `person_get`."""
    active = queryset.filter(merged_into__isnull=True)
    if has_role(user, Role.COORDINATOR):
        return active
    if not has_role(user, CASE_ROLES):
        return queryset.none()
    # Cases hang from people: the case scope is looked up by name to keep people below cases.
    case_model = apps.get_model("cases", "Case")
    condition = Q(pk__in=visible_to(user, case_model).values("person_id"))
    if has_role(user, Role.ORG_MANAGER) and user.organisation_id:
        condition |= Q(organisation_id=user.organisation_id)
    if has_role(user, CREATE_ROLES):
        condition |= Q(recorded_by_id=user.pk)
    return active.filter(condition)


@scope_for(PossibleDuplicate)
def possible_duplicate_scope(
    user: User, queryset: QuerySet[PossibleDuplicate]
) -> QuerySet[PossibleDuplicate]:
    """The coordination office only: a possible duplicate names a person the author
    could not see."""
    return queryset if has_role(user, MERGE_ROLES) else queryset.none()


@scope_for(PersonMerge)
def person_merge_scope(user: User, queryset: QuerySet[PersonMerge]) -> QuerySet[PersonMerge]:
    return queryset if has_role(user, MERGE_ROLES) else queryset.none()


def person_list(*, user: User) -> QuerySet[Person]:
    return visible_to(user, Person).select_related("organisation").order_by("code")


# A merge of a merged record's kept person makes a chain; pages follow it this far.
MERGE_CHAIN_DEPTH = 3


def person_get(*, user: User, uuid: object) -> Person:
    """One person in scope, or a record merged into one (its page says where it went);
    404 otherwise, exactly as for a missing record."""
    in_scope = visible_to(user, Person).values("pk")
    reachable = Q(pk__in=in_scope)
    hop = "merged_into"
    for _ in range(MERGE_CHAIN_DEPTH):
        reachable |= Q(**{f"{hop}__in": in_scope})
        hop += "__merged_into"
    queryset = Person.objects.filter(reachable).select_related("organisation")
    try:
        return queryset.get(uuid=str(uuid))
    except (Person.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def person_cases(*, user: User, person: Person) -> QuerySet[Any]:
    """The person's cases that `user` may see (scoped by the cases app)."""
    case_model = apps.get_model("cases", "Case")
    return (
        visible_to(user, case_model)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-opened_on", "-id")
    )


def may_read_identity(user: User) -> bool:
    return has_role(user, IDENTITY_ROLES)


def identity_read_needs_reason(user: User) -> bool:
    """The coordination office sees identities only with a stated reason (access.md)."""
    return has_role(user, Role.COORDINATOR)


def may_create_person(user: User) -> bool:
    return has_role(user, CREATE_ROLES)


def may_merge_people(user: User) -> bool:
    return has_role(user, MERGE_ROLES)


# --- duplicate lookup ------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateCandidate:
    """A record that may be the same person.

    `person` is set only when the user may see it; a match outside the user's scope
    carries no person at all (only the internal key, for the coordination office's flag),
    so that a template cannot show who or where it is.
    """

    person: Person | None
    person_pk: int
    reasons: tuple[MatchReason, ...]

    @property
    def in_scope(self) -> bool:
        return self.person is not None

    @property
    def reason(self) -> MatchReason:
        """The strongest reason."""
        return self.reasons[0]


def person_lookup_hashes(
    *,
    given_names: str = "",
    family_name: str = "",
    birth_date: datetime.date | None = None,
    nationality: str = "",
    phone: str = "",
) -> dict[str, str]:
    """The keyed hashes a lookup of these values queries; empty when there is nothing to
    look up (too little typed for any of the three hashes)."""
    hashes = hashes_of(
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        nationality=nationality,
        phone=phone,
    )
    return {field: value for field, value in hashes.items() if value}


def person_duplicate_candidates(
    *,
    user: User,
    given_names: str = "",
    family_name: str = "",
    birth_date: datetime.date | None = None,
    nationality: str = "",
    phone: str = "",
    exclude: Person | None = None,
) -> list[DuplicateCandidate]:
    """The people who may be the one described, found by keyed hashes only (nothing is
    decrypted), strongest match first. Merged records are left out.

    Not counted against the hourly limit: the pages and the API look people up through
    `services.person_duplicate_lookup`, which is."""
    hashes = person_lookup_hashes(
        given_names=given_names,
        family_name=family_name,
        birth_date=birth_date,
        nationality=nationality,
        phone=phone,
    )
    if not hashes:
        return []
    condition = Q()
    for field, value in hashes.items():
        condition |= Q(**{field: value})
    matches = Person.objects.filter(condition, merged_into__isnull=True)  # unscoped: hashes
    if exclude is not None:
        matches = matches.exclude(pk=exclude.pk)
    rows = list(matches.select_related("organisation").order_by("code"))
    visible = set(
        visible_to(user, Person).filter(pk__in=[p.pk for p in rows]).values_list("pk", flat=True)
    )
    candidates = []
    for person in rows:
        reasons: list[MatchReason] = []
        if "identity_hash" in hashes and person.identity_hash == hashes["identity_hash"]:
            reasons.append(MatchReason.IDENTITY)
        if "phone_hash" in hashes and person.phone_hash == hashes["phone_hash"]:
            reasons.append(MatchReason.PHONE)
        if (
            MatchReason.IDENTITY not in reasons
            and "names_hash" in hashes
            and person.names_hash == hashes["names_hash"]
        ):
            reasons.append(MatchReason.NAMES)
        candidates.append(
            DuplicateCandidate(
                person=person if person.pk in visible else None,
                person_pk=person.pk,
                reasons=tuple(reasons),
            )
        )
    strength = list(MatchReason)
    candidates.sort(key=lambda c: (strength.index(c.reason), not c.in_scope))
    return candidates


def possible_duplicate_list(
    *, user: User, status: str = DuplicateStatus.OPEN
) -> QuerySet[PossibleDuplicate]:
    return (
        visible_to(user, PossibleDuplicate)
        .filter(status=status)
        # A pair with a record merged since (into a third person) has nothing left to check.
        .filter(person__merged_into__isnull=True, candidate__merged_into__isnull=True)
        .select_related(
            "person__organisation", "candidate__organisation", "recorded_by", "resolved_by"
        )
        .order_by("created_at", "id")
    )


def possible_duplicate_get(*, user: User, uuid: object) -> PossibleDuplicate:
    return get_visible_or_404(
        user, possible_duplicate_list(user=user, status=DuplicateStatus.OPEN), uuid=uuid
    )


def person_merge_list(*, user: User) -> QuerySet[PersonMerge]:
    return (
        visible_to(user, PersonMerge)
        .select_related("kept", "merged", "merged_by", "undone_by")
        .order_by("-created_at", "-id")
    )


def person_merge_get(*, user: User, uuid: object) -> PersonMerge:
    return get_visible_or_404(user, person_merge_list(user=user), uuid=uuid)


def person_merges_of(*, user: User, person: Person) -> QuerySet[PersonMerge]:
    """The merges that touched `person`, for the coordinator (nobody else sees them)."""
    return person_merge_list(user=user).filter(Q(kept=person) | Q(merged=person))


def person_flagged_for_review(person: Person) -> bool:
    """Whether the creation of `person` left a possible duplicate for the coordinator."""
    return PossibleDuplicate.objects.filter(person=person, status=DuplicateStatus.OPEN).exists()
