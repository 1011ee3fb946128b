"""Every way a referral changes: intake, review, and the decision of the coordination
office. One transaction each, full_clean, an access-log row and a history event.

Illegal status moves raise `ValidationError` before anything is written.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.cases import services as case_services
from approdi.cases.choices import CasePath, CaseStatus, Phase, Programme
from approdi.cases.models import Case
from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.core.scoping import visible_to
from approdi.network.models import NetworkActor
from approdi.people.choices import Gender
from approdi.people.models import Person
from approdi.people.services import person_create_unless_duplicate
from approdi.screening.choices import ExploitationForm

from . import selectors
from .choices import TRANSITIONS, ReferralStatus, SourceKind, Urgency
from .models import Referral, ReferralEvent


@dataclass
class NewPerson:
    """What intake knows of a person not yet in Approdi (identity is encrypted at rest)."""

    gender: str
    birth_year: int | None = None
    nationality: str = ""
    identity: dict[str, Any] = field(default_factory=dict)
    # The user saw the people who may be the same and says this is someone else.
    confirm_new: bool = False


def referral_person_choose(
    *, acting_user: User, person_code: str = "", new_person: NewPerson | None = None
) -> Person:
    """The person a referral is about: an existing one in the user's scope (by code), or a
    new one. The one place where intake picks or creates a person."""
    code = person_code.strip()
    if code and new_person is not None:
        raise ValidationError(
            {"person_code": _("Choose an existing person or describe a new one, not both.")}
        )
    if code:
        person = visible_to(acting_user, Person).filter(code=code).first()
        if person is None:
            raise ValidationError({"person_code": _("No person with this code in your scope.")})
        return person
    if new_person is None:
        raise ValidationError(
            {"person_code": _("Choose an existing person or describe a new one.")}
        )
    if new_person.gender not in Gender.values:
        raise ValidationError({"gender": _("Choose the person's gender.")})
    if acting_user.organisation is None:
        raise PermissionDenied
    # One person, not two: raises DuplicateDecisionNeeded (nothing saved) until the user
    # picks one of the people found or confirms a new one.
    return person_create_unless_duplicate(
        acting_user=acting_user,
        organisation=acting_user.organisation,
        gender=new_person.gender,
        birth_year=new_person.birth_year,
        nationality=new_person.nationality,
        identity=new_person.identity,
        confirm_new=new_person.confirm_new,
    )


def _validate_intake(
    referred_on: datetime.date | None, source_kind: str, urgency: str, presumed: list[str]
) -> None:
    errors: dict[str, str] = {}
    if referred_on is None:
        errors["referred_on"] = _("Give the date of the referral.")
    elif referred_on > timezone.localdate():
        errors["referred_on"] = _("This date is in the future.")
    if not source_kind:
        errors["source_kind"] = _("Give the source of the referral.")
    elif source_kind not in SourceKind.values:
        errors["source_kind"] = _("Unknown source of referral.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    unknown = sorted(set(presumed) - set(ExploitationForm.values))
    if unknown:
        errors["presumed_exploitation"] = _("Unknown exploitation forms: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def referral_create(
    *,
    acting_user: User,
    referred_on: datetime.date | None,
    source_kind: str,
    person_code: str = "",
    new_person: NewPerson | None = None,
    urgency: str = Urgency.ORDINARY,
    presumed_exploitation: list[str] | None = None,
    referring_actor: NetworkActor | None = None,
    referring_contact: str = "",
    reason: str = "",
    notes: str = "",
    danger_reported: bool = False,
    assigned_organisation: Organisation | None = None,
) -> Referral:
    """Record a referral from a partner, or by the coordination office for an external actor."""
    if not selectors.may_record_referral(acting_user) or acting_user.organisation is None:
        raise PermissionDenied
    presumed = list(dict.fromkeys(presumed_exploitation or []))
    _validate_intake(referred_on, source_kind, urgency, presumed)
    assert referred_on is not None  # checked above
    if assigned_organisation is not None and not has_role(acting_user, Role.COORDINATOR):
        raise ValidationError(
            {"assigned_organisation": _("Only the coordination office assigns referrals.")}
        )
    person = referral_person_choose(
        acting_user=acting_user, person_code=person_code, new_person=new_person
    )
    referral = Referral(
        referred_on=referred_on,
        source_kind=source_kind,
        referring_actor=referring_actor,
        referring_contact=referring_contact.strip(),
        person=person,
        presumed_exploitation=[f for f in ExploitationForm.values if f in presumed],
        urgency=urgency,
        danger_reported=danger_reported,
        reason=reason.strip(),
        notes=notes.strip(),
        organisation=acting_user.organisation,
        recorded_by=acting_user,
        assigned_organisation=assigned_organisation,
    )
    referral.full_clean()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, actor=acting_user, from_status="", to_status=referral.status
    )
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=referral,
        fields=[
            "referred_on",
            "source_kind",
            "person",
            "urgency",
            *(["referring_contact"] if referring_contact else []),
            *(["reason"] if reason else []),
            *(["notes"] if notes else []),
        ],
    )
    return referral


def transition_allowed(current: str, new: str) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


def _move(
    referral: Referral, acting_user: User, new: str, fields: list[str], reason: str = ""
) -> Referral:
    """Check the move, then save the referral with its decision and history."""
    current = referral.status
    if not transition_allowed(current, new):
        raise ValidationError(
            _("A referral that is “%(current)s” cannot become “%(new)s”.")
            % {"current": ReferralStatus(current).label, "new": ReferralStatus(new).label}
        )
    referral.status = new
    if new != ReferralStatus.UNDER_REVIEW:
        referral.decided_at = timezone.now()
        referral.decided_by = acting_user
        fields = [*fields, "decided_at", "decided_by"]
    referral.full_clean()
    referral.updated_at = timezone.now()
    referral.save()
    ReferralEvent.objects.create(
        referral=referral, actor=acting_user, from_status=current, to_status=new
    )
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=referral, fields=["status", *fields])
    return referral


def _require_triage(acting_user: User) -> None:
    if not selectors.may_triage(acting_user):
        raise PermissionDenied


def _locked(referral: Referral) -> Referral:
    """The current row, locked: two coordinators deciding at once see each other's move."""
    return Referral.objects.select_for_update().get(pk=referral.pk)


@transaction.atomic
def referral_start_review(*, acting_user: User, referral: Referral) -> Referral:
    _require_triage(acting_user)
    return _move(_locked(referral), acting_user, ReferralStatus.UNDER_REVIEW, [])


@transaction.atomic
def referral_decline(*, acting_user: User, referral: Referral, reason: str) -> Referral:
    _require_triage(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    referral = _locked(referral)
    referral.decision_reason = reason.strip()
    return _move(referral, acting_user, ReferralStatus.DECLINED, ["decision_reason"])


@transaction.atomic
def referral_redirect(
    *, acting_user: User, referral: Referral, reason: str, receiving_service: str
) -> Referral:
    _require_triage(acting_user)
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Give the reason for redirecting.")
    if not receiving_service.strip():
        errors["receiving_service"] = _("Name the service that receives the person.")
    if errors:
        raise ValidationError(errors)
    referral = _locked(referral)
    referral.decision_reason = reason.strip()
    referral.receiving_service = receiving_service.strip()
    return _move(
        referral,
        acting_user,
        ReferralStatus.REDIRECTED,
        ["decision_reason", "receiving_service"],
    )


@transaction.atomic
def referral_withdraw(*, acting_user: User, referral: Referral, reason: str = "") -> Referral:
    """The coordination office, or the organisation that made the referral, withdraws it."""
    if not selectors.may_withdraw(acting_user, referral):
        raise PermissionDenied
    referral = _locked(referral)
    referral.decision_reason = reason.strip()
    return _move(
        referral,
        acting_user,
        ReferralStatus.WITHDRAWN,
        ["decision_reason"] if reason.strip() else [],
    )


def open_case_of(person: Person) -> Case | None:
    return (
        Case.objects.filter(person=person, status=CaseStatus.ACTIVE)
        .order_by("-opened_on", "-id")
        .first()
    )


@transaction.atomic
def referral_accept(
    *,
    acting_user: User,
    referral: Referral,
    organisation: Organisation | None,
    opened_on: datetime.date | None = None,
    programme: str = Programme.ART13,
    path: str = CasePath.SOCIAL,
    first_phase: str = "",
    case_worker: User | None = None,
) -> Referral:
    """Take the person in charge: join their open case, or open one in `organisation`."""
    _require_triage(acting_user)
    referral = _locked(referral)
    if not transition_allowed(referral.status, ReferralStatus.ACCEPTED):
        _move(referral, acting_user, ReferralStatus.ACCEPTED, [])  # raises the clear message
    # Two referrals of one person accepted at once must not open two cases: whoever
    # holds the person's row decides, the other then joins the case just opened.
    Person.objects.select_for_update().filter(pk=referral.person_id).first()
    case = open_case_of(referral.person)
    if case is None:
        if organisation is None:
            raise ValidationError({"organisation": _("Choose the partner that takes her in.")})
        if not organisation.active or organisation.is_lead:
            raise ValidationError({"organisation": _("Choose an active partner organisation.")})
        if not first_phase:
            first_phase = (
                Phase.EMERGENCY
                if referral.urgency == Urgency.IMMEDIATE_DANGER
                else (Phase.FIRST_RECEPTION)
            )
        case = case_services.case_open(
            acting_user=acting_user,
            person=referral.person,
            organisation=organisation,
            opened_on=opened_on or timezone.localdate(),
            programme=programme,
            path=path,
            first_phase=first_phase,
            case_worker=case_worker,
            opened_from="referral",
        )
    referral.case = case
    referral.assigned_organisation = case.organisation
    return _move(referral, acting_user, ReferralStatus.ACCEPTED, ["case", "assigned_organisation"])
