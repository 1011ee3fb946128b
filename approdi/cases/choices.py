"""Enumerations of `domain.md` for cases (the configurable ones are code lists)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    TERRITORIAL = "territorial", _("Territorial")


class Programme(models.TextChoices):
    ART13 = "art13_first_assistance", _("Art. 13 first assistance")
    ART18 = "art18_assistance", _("Art. 18 assistance")
    ART18_TER = "art18_ter", _("Art. 18-ter")


class CasePath(models.TextChoices):
    SOCIAL = "social", _("Social path")
    JUDICIAL = "judicial", _("Judicial path")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CLOSED_REFERRED = "closed_referred", _("Closed, referred")


CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED})


class Phase(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency reception")
    FIRST_RECEPTION = "first_reception", _("First reception")
    SECOND_RECEPTION = "second_reception", _("Second reception")
    AUTONOMY = "autonomy", _("Autonomy")
    TERRITORIAL = "territorial", _("Territorial support")


# The residential phases in pathway order; a move goes forward (skips allowed).
RESIDENTIAL_ORDER = (
    Phase.EMERGENCY,
    Phase.FIRST_RECEPTION,
    Phase.SECOND_RECEPTION,
    Phase.AUTONOMY,
)


class ConsentKind(models.TextChoices):
    DATA_PROCESSING = "data_processing", _("Data processing beyond the legal basis")
    SHARING = "sharing", _("Sharing with a named organisation")
    STATISTICS = "statistics", _("Statistics")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


class PermitKind(models.TextChoices):
    ART18_SPECIAL_CASES = "art18_special_cases", _("Art. 18 special cases")
    ART18_TER = "art18_ter", _("Art. 18-ter")
    ART18_BIS = "art18_bis", _("Art. 18-bis")
    ASYLUM_REQUEST = "asylum_request", _("Asylum request")
    INTERNATIONAL_PROTECTION = "international_protection", _("International protection")
    SPECIAL_PROTECTION = "special_protection", _("Special protection")
    EMPLOYMENT = "employment", _("Employment")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")
    STUDY = "study", _("Study")
    JOB_SEEKING = "job_seeking", _("Job seeking")
    EU = "eu", _("EU long-term")


class PermitProposer(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    QUESTORE = "questore", _("Questore")
    JUDICIAL_WITH_LABOUR = (
        "judicial_authority_with_labour_inspectorate",
        _("Judicial authority with the labour inspectorate"),
    )


class PermitStatus(models.TextChoices):
    TO_APPLY = "to_apply", _("To apply")
    APPLIED = "applied", _("Applied")
    ISSUED = "issued", _("Issued")
    RENEWAL_PENDING = "renewal_pending", _("Renewal pending")
    RENEWED = "renewed", _("Renewed")
    CONVERTED = "converted", _("Converted")
    REVOKED = "revoked", _("Revoked")
    REFUSED = "refused", _("Refused")


# Permits whose expiry still matters (reminders at 60 and 30 days).
PERMIT_LIVE_STATUSES = frozenset(
    {PermitStatus.ISSUED, PermitStatus.RENEWAL_PENDING, PermitStatus.RENEWED}
)


class ProceedingKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    ASYLUM = "asylum", _("Asylum")
    CIVIL_LABOUR = "civil_labour", _("Civil (labour)")
    COMPENSATION = "compensation", _("Compensation")


class ProceedingRole(models.TextChoices):
    INJURED_PARTY = "injured_party", _("Injured party")
    WITNESS = "witness", _("Witness")
    CIVIL_PARTY = "civil_party", _("Civil party")


class ProceedingStage(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INVESTIGATION = "investigation", _("Investigation")
    EVIDENTIARY_HEARING = "evidentiary_hearing", _("Evidentiary hearing")
    TRIAL = "trial", _("Trial")
    JUDGMENT = "judgment", _("Judgment")
    DISMISSED = "dismissed", _("Dismissed")


class ReturnOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    DEPARTED = "departed", _("Departed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Refused")


class HousingAtExit(models.TextChoices):
    OWN_RENTAL = "own_rental", _("Own rented home")
    SHARED = "shared", _("Shared flat")
    FAMILY_OR_FRIENDS = "family_or_friends", _("With family or friends")
    OTHER_PROJECT = "other_project", _("Another reception project")
    NONE = "none", _("No stable housing")
    UNKNOWN = "unknown", _("Unknown")


class EmploymentAtExit(models.TextChoices):
    PERMANENT = "permanent", _("Permanent contract")
    FIXED_TERM = "fixed_term", _("Fixed-term contract")
    INTERNSHIP = "internship", _("Internship or work grant")
    TRAINING = "training", _("In training or study")
    UNEMPLOYED = "unemployed", _("Unemployed")
    UNKNOWN = "unknown", _("Unknown")


class PermitAtExit(models.TextChoices):
    VALID = "valid", _("Valid permit")
    PENDING = "pending", _("Application pending")
    NONE = "none", _("No permit")
    EU_OR_ITALIAN = "eu_or_italian", _("EU or Italian citizen")
    UNKNOWN = "unknown", _("Unknown")


class DeadlineKind(models.TextChoices):
    FIRST_ASSISTANCE = "first_assistance", _("First assistance ends")
    PERMIT_EXPIRY = "permit_expiry", _("Permit expires")
    EMERGENCY_PHASE = "emergency_phase", _("Emergency phase too long")
    REFLECTION_PERIOD = "reflection_period", _("Reflection period ends")


class EventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    ASSIGNED = "assigned", _("Case worker assigned")
    PHASE_MOVED = "phase_moved", _("Phase")
    PROGRAMME = "programme", _("Programme changed")
    EXTENSION_APPROVED = "extension_approved", _("First assistance extended")
    CONSENT = "consent", _("Consent recorded")
    GOAL_ADDED = "goal_added", _("Goal added")
    GOAL_REVIEWED = "goal_reviewed", _("Goal reviewed")
    ACTIVITY = "activity", _("Activity")
    PERMIT = "permit", _("Permit")
    PROCEEDING = "proceeding", _("Legal proceeding")
    RETURN = "voluntary_return", _("Assisted voluntary return")
    EXIT = "exit", _("Exit")
    FOLLOW_UP = "follow_up", _("Follow-up contact")
    CLOSED = "closed", _("Case closed")
    SHARED = "shared", _("Shared with an organisation")
    SHARE_REVOKED = "share_revoked", _("Sharing revoked")
    ANONYMISED = "anonymised", _("Anonymised")
