from django.db import models
from django.utils.translation import pgettext_lazy


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", pgettext_lazy("exploitation form", "Sexual exploitation")
    LABOUR = "labour", pgettext_lazy("exploitation form", "Labour exploitation")
    BEGGING = "begging", pgettext_lazy("exploitation form", "Forced begging")
    FORCED_CRIMINALITY = (
        "forced_criminality",
        pgettext_lazy("exploitation form", "Forced criminality (illegal economies)"),
    )
    DOMESTIC_SERVITUDE = (
        "domestic_servitude",
        pgettext_lazy("exploitation form", "Domestic servitude"),
    )
    FORCED_MARRIAGE = "forced_marriage", pgettext_lazy("exploitation form", "Forced marriage")
    DOMESTIC_VIOLENCE = "domestic_violence", pgettext_lazy("exploitation form", "Domestic violence")
    ORGAN_REMOVAL = "organ_removal", pgettext_lazy("exploitation form", "Organ removal")
    ILLEGAL_ADOPTION = "illegal_adoption", pgettext_lazy("exploitation form", "Illegal adoption")
    OTHER = "other", pgettext_lazy("exploitation form", "Other")


class AssessmentKind(models.TextChoices):
    PRELIMINARY = "preliminary", pgettext_lazy("assessment kind", "Preliminary")
    FORMAL_IDENTIFICATION = (
        "formal_identification",
        pgettext_lazy("assessment kind", "Formal identification"),
    )


class Conclusion(models.TextChoices):
    NO_INDICATORS = "no_indicators", pgettext_lazy("assessment conclusion", "No indicators")
    AT_RISK = "at_risk", pgettext_lazy("assessment conclusion", "At risk")
    PRESUMED_VICTIM = "presumed_victim", pgettext_lazy("assessment conclusion", "Presumed victim")
    IDENTIFIED_VICTIM = (
        "identified_victim",
        pgettext_lazy("assessment conclusion", "Identified victim"),
    )
    NOT_ELIGIBLE_SIGNPOSTED = (
        "not_eligible_signposted",
        pgettext_lazy("assessment conclusion", "Not eligible, signposted"),
    )


class ComputedResult(models.TextChoices):
    """The rule's suggestion (decision support only)."""

    PRESUMED_VICTIM = "presumed_victim", pgettext_lazy("computed result", "Presumed victim")
    SERIOUS_EXPLOITATION = (
        "serious_exploitation",
        pgettext_lazy("computed result", "Serious exploitation (art. 603-bis c.p. / art. 18-ter)"),
    )
    AT_RISK = "at_risk", pgettext_lazy("computed result", "At risk")
    NO_INDICATORS = "no_indicators", pgettext_lazy("computed result", "No indicators")


class Answer(models.TextChoices):
    YES = "yes", pgettext_lazy("indicator answer", "Yes")
    NO = "no", pgettext_lazy("indicator answer", "No")
    UNKNOWN = "unknown", pgettext_lazy("indicator answer", "Unknown")


class Strength(models.TextChoices):
    STRONG = "S", pgettext_lazy("indicator strength", "Strong")
    MEDIUM = "M", pgettext_lazy("indicator strength", "Medium")
    WEAK = "W", pgettext_lazy("indicator strength", "Weak")


class PresumedOffence(models.TextChoices):
    CP_600 = "cp_600", pgettext_lazy("offence", "Art. 600 c.p. (slavery or servitude)")
    CP_601 = "cp_601", pgettext_lazy("offence", "Art. 601 c.p. (trafficking in persons)")
    CP_602 = "cp_602", pgettext_lazy("offence", "Art. 602 c.p. (purchase and sale of slaves)")
    CP_603_BIS = (
        "cp_603_bis",
        pgettext_lazy(
            "offence", "Art. 603-bis c.p. (illegal intermediation and labour exploitation)"
        ),
    )
    L_75_1958 = "l_75_1958", pgettext_lazy("offence", "Law 75/1958 (exploitation of prostitution)")


class LabourSector(models.TextChoices):
    """HTCDS: ISIC rev. 4 sections A-U."""

    A = "A", pgettext_lazy("isic", "A · Agriculture, forestry and fishing")
    B = "B", pgettext_lazy("isic", "B · Mining and quarrying")
    C = "C", pgettext_lazy("isic", "C · Manufacturing")
    D = "D", pgettext_lazy("isic", "D · Electricity, gas, steam")
    E = "E", pgettext_lazy("isic", "E · Water supply, sewerage, waste")
    F = "F", pgettext_lazy("isic", "F · Construction")
    G = "G", pgettext_lazy("isic", "G · Wholesale and retail trade")
    H = "H", pgettext_lazy("isic", "H · Transportation and storage")
    I = "I", pgettext_lazy("isic", "I · Accommodation and food service")  # noqa: E741
    J = "J", pgettext_lazy("isic", "J · Information and communication")
    K = "K", pgettext_lazy("isic", "K · Financial and insurance")
    L = "L", pgettext_lazy("isic", "L · Real estate")
    M = "M", pgettext_lazy("isic", "M · Professional, scientific and technical")
    N = "N", pgettext_lazy("isic", "N · Administrative and support services")
    O = "O", pgettext_lazy("isic", "O · Public administration")  # noqa: E741
    P = "P", pgettext_lazy("isic", "P · Education")
    Q = "Q", pgettext_lazy("isic", "Q · Human health and social work")
    R = "R", pgettext_lazy("isic", "R · Arts, entertainment and recreation")
    S = "S", pgettext_lazy("isic", "S · Other service activities")
    T = "T", pgettext_lazy("isic", "T · Households as employers (domestic work)")
    U = "U", pgettext_lazy("isic", "U · Extraterritorial organisations")


class Vulnerability(models.TextChoices):
    UNACCOMPANIED_MINOR = (
        "unaccompanied_minor",
        pgettext_lazy("vulnerability", "Unaccompanied minor"),
    )
    PREGNANCY = "pregnancy", pgettext_lazy("vulnerability", "Pregnancy")
    SINGLE_PARENT = "single_parent", pgettext_lazy("vulnerability", "Single parent")
    DISABILITY = "disability", pgettext_lazy("vulnerability", "Disability")
    MENTAL_HEALTH = "mental_health", pgettext_lazy("vulnerability", "Mental health")
    ADDICTION = "addiction", pgettext_lazy("vulnerability", "Addiction")
    TORTURE_OR_SEXUAL_VIOLENCE_SURVIVOR = (
        "torture_or_sexual_violence_survivor",
        pgettext_lazy("vulnerability", "Survivor of torture or sexual violence"),
    )
    LGBTI = "lgbti", pgettext_lazy("vulnerability", "LGBTI")
    HOMELESS = "homeless", pgettext_lazy("vulnerability", "Homeless")
