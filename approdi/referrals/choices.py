from django.db import models
from django.utils.translation import pgettext_lazy


class SourceKind(models.TextChoices):
    SELF = "self", pgettext_lazy("referral source", "Self-referral")
    STREET_UNIT = "street_unit", pgettext_lazy("referral source", "Street unit")
    NATIONAL_HELPLINE = (
        "national_helpline",
        pgettext_lazy("referral source", "National anti-trafficking helpline"),
    )
    POLICE = "police", pgettext_lazy("referral source", "Police")
    PROSECUTOR = "prosecutor", pgettext_lazy("referral source", "Public prosecutor")
    TERRITORIAL_COMMISSION = (
        "territorial_commission",
        pgettext_lazy("referral source", "Territorial commission"),
    )
    CAS = "cas", pgettext_lazy("referral source", "CAS (first-line asylum reception)")
    SAI = "sai", pgettext_lazy("referral source", "SAI (ex SPRAR/SIPROIMI)")
    SOCIAL_SERVICES = "social_services", pgettext_lazy("referral source", "Social services")
    HEALTH_SERVICES = "health_services", pgettext_lazy("referral source", "Health services")
    LABOUR_INSPECTORATE = (
        "labour_inspectorate",
        pgettext_lazy("referral source", "Labour inspectorate"),
    )
    UNION = "union", pgettext_lazy("referral source", "Trade union")
    PRIVATE_CITIZEN = "private_citizen", pgettext_lazy("referral source", "Private citizen")
    OTHER_ANTI_TRAFFICKING_PROJECT = (
        "other_anti_trafficking_project",
        pgettext_lazy("referral source", "Other anti-trafficking project"),
    )
    IOM_UNHCR = "iom_unhcr", pgettext_lazy("referral source", "IOM / UNHCR")
    DETENTION_OR_PRISON = (
        "detention_or_prison",
        pgettext_lazy("referral source", "Detention centre or prison"),
    )
    OTHER = "other", pgettext_lazy("referral source", "Other")


# Sources that are not an organisation referring someone: not counted as "people
# referred by organisations" (seed: CAS, territorial commissions, other projects, police,
# national helpline ...).
NON_INSTITUTIONAL_SOURCES = frozenset(
    {SourceKind.SELF, SourceKind.STREET_UNIT, SourceKind.PRIVATE_CITIZEN}
)


class ReferralStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("referral status", "Received")
    UNDER_REVIEW = "under_review", pgettext_lazy("referral status", "Under review")
    ACCEPTED = "accepted", pgettext_lazy("referral status", "Accepted")
    DECLINED = "declined", pgettext_lazy("referral status", "Declined")
    REDIRECTED = "redirected", pgettext_lazy("referral status", "Redirected")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral status", "Withdrawn")


OPEN_STATUSES = frozenset({ReferralStatus.RECEIVED, ReferralStatus.UNDER_REVIEW})
DECIDED_STATUSES = frozenset(
    {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.REDIRECTED,
        ReferralStatus.WITHDRAWN,
    }
)

# The only moves a referral may make.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.RECEIVED: frozenset(
        {
            ReferralStatus.UNDER_REVIEW,
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.REDIRECTED,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.UNDER_REVIEW: frozenset(
        {
            ReferralStatus.ACCEPTED,
            ReferralStatus.DECLINED,
            ReferralStatus.REDIRECTED,
            ReferralStatus.WITHDRAWN,
        }
    ),
    ReferralStatus.ACCEPTED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
    ReferralStatus.REDIRECTED: frozenset(),
    ReferralStatus.WITHDRAWN: frozenset(),
}


class Urgency(models.TextChoices):
    IMMEDIATE_DANGER = "immediate_danger", pgettext_lazy("referral urgency", "Immediate danger")
    URGENT = "urgent", pgettext_lazy("referral urgency", "Urgent")
    ORDINARY = "ordinary", pgettext_lazy("referral urgency", "Ordinary")


URGENCY_RANK = {Urgency.IMMEDIATE_DANGER: 0, Urgency.URGENT: 1, Urgency.ORDINARY: 2}
