"""Every way a case changes. Each write: one transaction, full_clean() then save(), an
access-log row (`core.audit.record`) and a timeline event, both in the same transaction.

`case` arguments must come from a scoped selector; the services check what the user's
role may do to it and refuse with `PermissionDenied` otherwise. Bad input raises
`ValidationError` keyed by field, before anything is written.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role, has_role
from approdi.core import audit
from approdi.core.code_lists import validate_code
from approdi.core.models import AccessAction
from approdi.people.models import Person

from . import models, selectors
from .choices import (
    RESIDENTIAL_ORDER,
    CaseKind,
    CaseStatus,
    EventKind,
    PermitStatus,
    Phase,
    Programme,
)

# Rules of the pathway


def transition_allowed(current: str, new: str) -> bool:
    """May a case in phase `current` ("" for none yet) move to `new`?

    Residential phases go forward, skips allowed; any residential phase may become
    territorial, and a territorial case may enter any residential phase.
    """
    if new not in Phase.values or new == current:
        return False
    if not current or new == Phase.TERRITORIAL or current == Phase.TERRITORIAL:
        return True
    return RESIDENTIAL_ORDER.index(Phase(new)) > RESIDENTIAL_ORDER.index(Phase(current))


def _kind_of(phase: str) -> str:
    return CaseKind.TERRITORIAL if phase == Phase.TERRITORIAL else CaseKind.RESIDENTIAL


# Helpers


def _require_content(user: User, case: models.Case) -> None:
    if not selectors.may_see_content(user, case):
        raise PermissionDenied


def _require_legal(user: User, case: models.Case) -> None:
    if not selectors.legal_cases(user).filter(pk=case.pk).exists():
        raise PermissionDenied


def _require_active(case: models.Case) -> None:
    if case.status != CaseStatus.ACTIVE:
        raise ValidationError(_("The case is not active: nothing can be added to its pathway."))


def _not_in_future(field: str, day: datetime.date) -> None:
    if day > selectors.today():
        raise ValidationError({field: _("This date is in the future.")})


def _event(case: models.Case, actor: User | None, kind: str, detail: str = "") -> None:
    models.CaseEvent.objects.create(case=case, actor=actor, kind=kind, detail=detail[:200])


def _touch(case: models.Case) -> None:
    models.Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())


# Case


@transaction.atomic
def case_open(
    *,
    acting_user: User | None,
    person: Person,
    organisation: Organisation,
    opened_on: datetime.date,
    programme: str,
    path: str,
    first_phase: str,
    case_worker: User | None = None,
    territory: str = "",
    opened_from: str = "",
    reflection_started_on: datetime.date | None = None,
    notes: str = "",
) -> models.Case:
    """Open a case with its first phase (emergency, ..., or territorial)."""
    if acting_user is not None and not has_role(
        acting_user, {Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER}
    ):
        raise PermissionDenied
    if (
        acting_user is not None
        and not has_role(acting_user, Role.COORDINATOR)
        and organisation.pk != acting_user.organisation_id
    ):
        raise PermissionDenied
    if first_phase not in Phase.values:
        raise ValidationError({"first_phase": _("Choose a phase.")})
    if case_worker is not None and case_worker.organisation_id != organisation.pk:
        raise ValidationError(
            {"case_worker": _("The case worker must belong to the owning organisation.")}
        )
    _not_in_future("opened_on", opened_on)
    if reflection_started_on is not None:
        _not_in_future("reflection_started_on", reflection_started_on)
    if territory:
        validate_code("territory", territory)
    case = models.Case(
        person=person,
        organisation=organisation,
        case_worker=case_worker,
        opened_on=opened_on,
        opened_from=opened_from,
        kind=_kind_of(first_phase),
        programme=programme,
        path=path,
        phase=first_phase,
        territory=territory,
        reflection_started_on=reflection_started_on,
        notes=notes,
    )
    case.full_clean()
    case.save()
    phase = models.CasePhase(
        case=case, phase=first_phase, started_on=opened_on, author=acting_user, reason=""
    )
    phase.full_clean()
    phase.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=case,
        fields=[
            "person",
            "organisation",
            "case_worker",
            "opened_on",
            "kind",
            "programme",
            "path",
            "phase",
            *(["notes"] if notes else []),
        ],
    )
    _event(case, acting_user, EventKind.OPENED, first_phase)
    return case


@transaction.atomic
def case_assign(
    *,
    acting_user: User,
    case: models.Case,
    case_worker: User | None,
    team: list[User] | None = None,
) -> models.Case:
    """Assign the case worker (and team) of the owning organisation."""
    if not (
        has_role(acting_user, Role.COORDINATOR)
        or (
            has_role(acting_user, Role.ORG_MANAGER)
            and acting_user.organisation_id == case.organisation_id
        )
    ):
        raise PermissionDenied
    for user in [case_worker, *(team or [])]:
        if user is not None and user.organisation_id != case.organisation_id:
            raise ValidationError(
                {"case_worker": _("The case worker must belong to the owning organisation.")}
            )
    case.case_worker = case_worker
    case.updated_at = timezone.now()
    case.full_clean()
    case.save(update_fields=["case_worker", "updated_at"])
    if team is not None:
        case.team.set(team)
    audit.record(
        AccessAction.UPDATE,
        actor=acting_user,
        obj=case,
        fields=["case_worker", *(["team"] if team is not None else [])],
    )
    _event(case, acting_user, EventKind.ASSIGNED, case_worker.username if case_worker else "")
    return case


@transaction.atomic
def case_move_phase(
    *,
    acting_user: User,
    case: models.Case,
    phase: str,
    started_on: datetime.date,
    reason: str,
    placement_reference: str = "",
) -> models.CasePhase:
    """Move the case to `phase` from `started_on`: closes the current phase that day."""
    _require_content(acting_user, case)
    case = models.Case.objects.select_for_update().get(pk=case.pk)
    _require_active(case)
    if not transition_allowed(case.phase, phase):
        raise ValidationError(
            {
                "phase": _("The pathway does not allow a move from %(current)s to %(new)s.")
                % {
                    "current": Phase(case.phase).label if case.phase else "—",
                    "new": Phase(phase).label if phase in Phase.values else phase,
                }
            }
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the move.")})
    _not_in_future("started_on", started_on)
    if started_on < case.opened_on:
        raise ValidationError({"started_on": _("A phase cannot start before the case opened.")})
    current = case.phases.filter(ended_on__isnull=True).first()
    if current is not None and started_on < current.started_on:
        raise ValidationError(
            {
                "started_on": _(
                    "The new phase would overlap the current one, which started on %(day)s."
                )
                % {"day": current.started_on.isoformat()}
            }
        )
    if current is not None:
        current.ended_on = started_on
        current.full_clean()
        current.save(update_fields=["ended_on"])
    new = models.CasePhase(
        case=case,
        phase=phase,
        started_on=started_on,
        author=acting_user,
        reason=reason.strip(),
        placement_reference=placement_reference,
    )
    new.full_clean()
    new.save()
    previous = case.phase
    case.phase = phase
    case.kind = _kind_of(phase)
    case.updated_at = timezone.now()
    case.save(update_fields=["phase", "kind", "updated_at"])
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=case,
        object_type="cases.casephase",
        fields=["phase", "started_on", "reason", "author"],
    )
    _event(case, acting_user, EventKind.PHASE_MOVED, f"{previous} → {phase}")
    return new


@transaction.atomic
def case_extend_first_assistance(
    *, acting_user: User, case: models.Case, approved_on: datetime.date
) -> models.Case:
    """The one 3-month extension of first assistance, approved by the coordinator."""
    if not has_role(acting_user, Role.COORDINATOR):
        raise PermissionDenied
    _require_active(case)
    if case.programme != Programme.ART13:
        raise ValidationError(_("Only a case in art. 13 first assistance can be extended."))
    if case.first_assistance_extended_on is not None:
        raise ValidationError(_("First assistance has already been extended once."))
    _not_in_future("approved_on", approved_on)
    case.first_assistance_extended_on = approved_on
    case.first_assistance_extended_by = acting_user
    case.updated_at = timezone.now()
    case.save(
        update_fields=["first_assistance_extended_on", "first_assistance_extended_by", "updated_at"]
    )
    audit.record(
        AccessAction.UPDATE,
        actor=acting_user,
        obj=case,
        fields=["first_assistance_extended_on", "first_assistance_extended_by"],
    )
    _event(case, acting_user, EventKind.EXTENSION_APPROVED, approved_on.isoformat())
    return case


@transaction.atomic
def case_set_programme(
    *, acting_user: User, case: models.Case, programme: str, path: str
) -> models.Case:
    _require_content(acting_user, case)
    _require_active(case)
    case.programme, case.path = programme, path
    case.updated_at = timezone.now()
    case.full_clean()
    case.save(update_fields=["programme", "path", "updated_at"])
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=case, fields=["programme", "path"])
    _event(case, acting_user, EventKind.PROGRAMME, f"{programme}:{path}")
    return case


# Consent and the individual plan


@transaction.atomic
def consent_record(
    *,
    acting_user: User,
    case: models.Case,
    kind: str,
    given: bool,
    recorded_on: datetime.date,
    organisation: Organisation | None = None,
) -> models.Consent:
    _require_content(acting_user, case)
    if kind == "sharing" and organisation is None:
        raise ValidationError({"organisation": _("Name the organisation for a sharing consent.")})
    consent = models.Consent(
        case=case,
        kind=kind,
        given=given,
        recorded_on=recorded_on,
        organisation=organisation if kind == "sharing" else None,
        recorded_by=acting_user,
    )
    consent.full_clean()
    consent.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=case,
        object_type="cases.consent",
        fields=["kind", "given", "recorded_on", "organisation"],
    )
    _event(case, acting_user, EventKind.CONSENT, f"{kind}:{'yes' if given else 'no'}")
    return consent


@transaction.atomic
def goal_add(
    *, acting_user: User, case: models.Case, description: str, target_on: datetime.date
) -> models.Goal:
    _require_content(acting_user, case)
    _require_active(case)
    goal = models.Goal(case=case, description=description.strip(), target_on=target_on)
    goal.full_clean()
    goal.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=case,
        object_type="cases.goal",
        fields=["description", "target_on"],
    )
    _event(case, acting_user, EventKind.GOAL_ADDED, target_on.isoformat())
    return goal


@transaction.atomic
def goal_review(
    *,
    acting_user: User,
    goal: models.Goal,
    reviewed_on: datetime.date,
    notes: str,
    status: str,
) -> models.GoalReview:
    _require_content(acting_user, goal.case)
    _not_in_future("reviewed_on", reviewed_on)
    review = models.GoalReview(goal=goal, reviewed_on=reviewed_on, notes=notes, author=acting_user)
    review.full_clean()
    goal.status = status
    goal.full_clean()
    review.save()
    goal.save(update_fields=["status"])
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=goal.case,
        object_type="cases.goalreview",
        fields=["reviewed_on", "notes", "status"],
    )
    _event(goal.case, acting_user, EventKind.GOAL_REVIEWED, status)
    return review


# Records


@transaction.atomic
def activity_add(
    *,
    acting_user: User,
    case: models.Case,
    kind: str,
    date: datetime.date,
    duration_minutes: int | None = None,
    provider: str = "",
    outcome: str = "",
    notes: str = "",
) -> models.Activity:
    _require_content(acting_user, case)
    validate_code("activity_kind", kind)
    _not_in_future("date", date)
    if date < case.opened_on:
        raise ValidationError({"date": _("This date is before the case opened.")})
    activity = models.Activity(
        case=case,
        kind=kind,
        date=date,
        duration_minutes=duration_minutes,
        provider=provider,
        outcome=outcome,
        notes=notes,
        author=acting_user,
    )
    activity.full_clean()
    activity.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=activity,
        fields=["kind", "date", "duration_minutes", "provider", "outcome", "notes"],
    )
    _event(case, acting_user, EventKind.ACTIVITY, kind)
    _touch(case)
    return activity


def _check_permit(permit: models.Permit) -> None:
    errors: dict[str, str] = {}
    if permit.issued_on and permit.expires_on and permit.expires_on < permit.issued_on:
        errors["expires_on"] = _("A permit cannot expire before it is issued.")
    if permit.applied_on and permit.issued_on and permit.issued_on < permit.applied_on:
        errors["issued_on"] = _("A permit cannot be issued before it is applied for.")
    if permit.status == PermitStatus.CONVERTED and not permit.converted_into:
        errors["converted_into"] = _("Say what the permit was converted into.")
    if permit.converted_into and permit.status != PermitStatus.CONVERTED:
        errors["status"] = _("Only a converted permit has a conversion.")
    if errors:
        raise ValidationError(errors)


PERMIT_FIELDS = (
    "kind",
    "proposer",
    "status",
    "questura",
    "applied_on",
    "issued_on",
    "expires_on",
    "converted_into",
)


@transaction.atomic
def permit_add(*, acting_user: User, case: models.Case, **values: Any) -> models.Permit:
    """Record a permit; `values` are any of PERMIT_FIELDS."""
    _require_legal(acting_user, case)
    unknown = set(values) - set(PERMIT_FIELDS)
    if unknown:
        raise TypeError(f"Not permit fields: {sorted(unknown)}")
    permit = models.Permit(case=case, **values)
    _check_permit(permit)
    permit.full_clean()
    permit.save()
    audit.record(AccessAction.CREATE, actor=acting_user, obj=permit, fields=sorted(values))
    _event(case, acting_user, EventKind.PERMIT, f"{permit.kind}:{permit.status}")
    _touch(case)
    return permit


@transaction.atomic
def permit_update(*, acting_user: User, permit: models.Permit, **values: Any) -> models.Permit:
    _require_legal(acting_user, permit.case)
    unknown = set(values) - set(PERMIT_FIELDS)
    if unknown:
        raise TypeError(f"Not permit fields: {sorted(unknown)}")
    permit = models.Permit.objects.select_for_update().get(pk=permit.pk)
    before = {f: getattr(permit, f) for f in PERMIT_FIELDS}
    for field, value in values.items():
        setattr(permit, field, value)
    _check_permit(permit)
    permit.updated_at = timezone.now()
    permit.full_clean()
    permit.save()
    after = {f: getattr(permit, f) for f in PERMIT_FIELDS}
    audit.record(
        AccessAction.UPDATE,
        actor=acting_user,
        obj=permit,
        fields=audit.changed_fields(before, after),
    )
    _event(permit.case, acting_user, EventKind.PERMIT, f"{permit.kind}:{permit.status}")
    return permit


@transaction.atomic
def proceeding_add(
    *,
    acting_user: User,
    case: models.Case,
    kind: str,
    role: str,
    stage: str,
    complaint_on: datetime.date | None = None,
    prosecutor_office: str = "",
    docket_number: str = "",
) -> models.LegalProceeding:
    _require_legal(acting_user, case)
    if docket_number and not selectors.may_see_docket(acting_user):
        raise ValidationError({"docket_number": _("Only legal staff record docket numbers.")})
    if complaint_on is not None:
        _not_in_future("complaint_on", complaint_on)
    proceeding = models.LegalProceeding(
        case=case,
        kind=kind,
        role=role,
        stage=stage,
        complaint_on=complaint_on,
        prosecutor_office=prosecutor_office,
        docket_number=docket_number.strip(),
    )
    proceeding.full_clean()
    proceeding.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=proceeding,
        fields=[
            "kind",
            "role",
            "stage",
            "complaint_on",
            "prosecutor_office",
            *(["docket_number"] if docket_number else []),
        ],
    )
    _event(case, acting_user, EventKind.PROCEEDING, f"{kind}:{stage}")
    _touch(case)
    return proceeding


@transaction.atomic
def voluntary_return_add(
    *,
    acting_user: User,
    case: models.Case,
    requested_on: datetime.date,
    partner: str = "OIM",
    departure_on: datetime.date | None = None,
    outcome: str = "pending",
) -> models.VoluntaryReturn:
    _require_content(acting_user, case)
    _not_in_future("requested_on", requested_on)
    if departure_on is not None and departure_on < requested_on:
        raise ValidationError({"departure_on": _("The departure cannot precede the request.")})
    record = models.VoluntaryReturn(
        case=case,
        requested_on=requested_on,
        partner=partner,
        departure_on=departure_on,
        outcome=outcome,
    )
    record.full_clean()
    record.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=record,
        fields=["requested_on", "partner", "departure_on", "outcome"],
    )
    _event(case, acting_user, EventKind.RETURN, outcome)
    return record


# Exit, follow-up, closing


@transaction.atomic
def case_exit(
    *,
    acting_user: User,
    case: models.Case,
    exit_on: datetime.date,
    outcome: str,
    housing: str,
    employment: str,
    permit_status: str,
    notes: str = "",
    follow_up: bool = True,
) -> models.Exit:
    """Record the exit: ends the current phase; the case goes to follow-up or is closed."""
    _require_content(acting_user, case)
    case = models.Case.objects.select_for_update().get(pk=case.pk)
    _require_active(case)
    validate_code("exit_outcome", outcome)
    _not_in_future("exit_on", exit_on)
    if exit_on < case.opened_on:
        raise ValidationError(
            {
                "exit_on": _("The exit cannot be before the case opened (%(day)s).")
                % {"day": case.opened_on.isoformat()}
            }
        )
    current = case.phases.filter(ended_on__isnull=True).first()
    if current is not None and exit_on < current.started_on:
        raise ValidationError(
            {
                "exit_on": _("The exit cannot be before the current phase started (%(day)s).")
                % {"day": current.started_on.isoformat()}
            }
        )
    record = models.Exit(
        case=case,
        exit_on=exit_on,
        outcome=outcome,
        housing=housing,
        employment=employment,
        permit_status=permit_status,
        notes=notes,
        author=acting_user,
    )
    record.full_clean()
    record.save()
    if current is not None:
        current.ended_on = exit_on
        current.save(update_fields=["ended_on"])
    case.status = CaseStatus.FOLLOW_UP if follow_up else CaseStatus.CLOSED
    case.closed_on = None if follow_up else exit_on
    case.updated_at = timezone.now()
    case.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=record,
        fields=["exit_on", "outcome", "housing", "employment", "permit_status", "notes"],
    )
    _event(case, acting_user, EventKind.EXIT, outcome)
    return record


@transaction.atomic
def follow_up_add(
    *, acting_user: User, case: models.Case, contacted_on: datetime.date, notes: str = ""
) -> models.FollowUp:
    _require_content(acting_user, case)
    record_exit = models.Exit.objects.filter(case=case).first()
    if record_exit is None:
        raise ValidationError(_("Follow-up contacts come after the exit."))
    _not_in_future("contacted_on", contacted_on)
    if contacted_on < record_exit.exit_on:
        raise ValidationError({"contacted_on": _("A follow-up cannot precede the exit.")})
    record = models.FollowUp(case=case, contacted_on=contacted_on, notes=notes, author=acting_user)
    record.full_clean()
    record.save()
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=case,
        object_type="cases.followup",
        fields=["contacted_on", "notes"],
    )
    _event(case, acting_user, EventKind.FOLLOW_UP, contacted_on.isoformat())
    _touch(case)
    return record


@transaction.atomic
def case_close(
    *, acting_user: User, case: models.Case, closed_on: datetime.date, referred: bool = False
) -> models.Case:
    """Close a case after its exit and follow-up."""
    _require_content(acting_user, case)
    case = models.Case.objects.select_for_update().get(pk=case.pk)
    if case.status != CaseStatus.FOLLOW_UP:
        raise ValidationError(_("Only a case in follow-up can be closed; record the exit first."))
    record_exit = models.Exit.objects.get(case=case)
    _not_in_future("closed_on", closed_on)
    if closed_on < record_exit.exit_on:
        raise ValidationError({"closed_on": _("A case cannot close before its exit.")})
    case.status = CaseStatus.CLOSED_REFERRED if referred else CaseStatus.CLOSED
    case.closed_on = closed_on
    case.updated_at = timezone.now()
    case.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record(AccessAction.UPDATE, actor=acting_user, obj=case, fields=["status", "closed_on"])
    _event(case, acting_user, EventKind.CLOSED, case.status)
    return case


# Sharing


@transaction.atomic
def share_grant(
    *,
    acting_user: User,
    case: models.Case,
    organisation: Organisation,
    reason: str,
    expires_on: datetime.date,
) -> models.ShareGrant:
    """Give `organisation` access to this one case until `expires_on` (inclusive)."""
    if not (
        selectors.may_see_content(acting_user, case) and selectors.may_share(acting_user, case)
    ):
        raise PermissionDenied
    if organisation.pk == case.organisation_id:
        raise ValidationError({"organisation": _("The owning organisation sees the case already.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for sharing.")})
    if expires_on < selectors.today():
        raise ValidationError({"expires_on": _("The expiry date has already passed.")})
    if models.ShareGrant.objects.filter(
        case=case,
        organisation=organisation,
        revoked_at__isnull=True,
        expires_on__gte=selectors.today(),
    ).exists():
        raise ValidationError(
            {"organisation": _("This organisation already has an active grant for this case.")}
        )
    grant = models.ShareGrant(
        case=case,
        organisation=organisation,
        reason=reason.strip(),
        expires_on=expires_on,
        granted_by=acting_user,
    )
    grant.full_clean()
    grant.save()
    audit.record(
        AccessAction.SHARE_GRANT,
        actor=acting_user,
        obj=case,
        object_type="cases.case",
        fields=["organisation", "reason", "expires_on"],
        reason=f"grant to {organisation.slug} until {expires_on.isoformat()}",
    )
    _event(case, acting_user, EventKind.SHARED, f"{organisation.slug} → {expires_on.isoformat()}")
    return grant


@transaction.atomic
def share_revoke(*, acting_user: User, grant: models.ShareGrant) -> models.ShareGrant:
    case = grant.case
    if not (
        selectors.may_see_content(acting_user, case) and selectors.may_share(acting_user, case)
    ):
        raise PermissionDenied
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit.record(
            AccessAction.SHARE_GRANT,
            actor=acting_user,
            obj=case,
            fields=["revoked_at"],
            reason=f"revoked grant to {grant.organisation.slug}",
        )
        _event(case, acting_user, EventKind.SHARE_REVOKED, grant.organisation.slug)
    return grant
