"""Every way an assessment is written. One transaction, full_clean, access log.

`person` and `referral` are checked against the acting user's scope here: an assessment
of someone the user may not see is refused as if the person did not exist.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approdi.accounts.models import User
from approdi.core import audit
from approdi.core.models import AccessAction
from approdi.core.scoping import visible_to
from approdi.people.models import Person

from . import rules, selectors
from .choices import (
    Answer,
    AssessmentKind,
    Conclusion,
    ExploitationForm,
    PresumedOffence,
    Vulnerability,
)
from .models import Assessment, AssessmentAnswer, CatalogueVersion

# An answer is "yes"/"no"/"unknown", or {"answer": ..., "evidence": "..."}.
AnswerInput = str | Mapping[str, str]


def _codes(field: str, values: Any, allowed: list[str]) -> list[str]:
    if not isinstance(values, list | tuple):
        raise ValidationError({field: _("Give a list of codes.")})
    unknown = sorted({str(v) for v in values} - set(allowed))
    if unknown:
        raise ValidationError(
            {field: _("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [v for v in allowed if v in set(values)]


def _normalise_answers(
    answers: Mapping[str, AnswerInput], known: set[str]
) -> dict[str, tuple[str, str]]:
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValidationError(
            {
                "answers": _("Unknown indicators: %(codes)s. Nothing was saved.")
                % {"codes": ", ".join(unknown)}
            }
        )
    clean: dict[str, tuple[str, str]] = {}
    for code, value in answers.items():
        if isinstance(value, Mapping):
            answer, evidence = str(value.get("answer", "")), str(value.get("evidence", ""))
        else:
            answer, evidence = str(value), ""
        if answer not in Answer.values:
            raise ValidationError(
                {
                    "answers": _("The answer to %(code)s must be yes, no or unknown.")
                    % {"code": code}
                }
            )
        clean[code] = (answer, evidence.strip())
    return clean


def person_not_found_message() -> str:
    return _("No person with this code in your scope.")


def referral_not_found_message() -> str:
    return _("No referral found.")


@transaction.atomic
def assessment_create(
    *,
    acting_user: User,
    person: Person,
    assessed_on: datetime.date,
    kind: str,
    conclusion: str,
    answers: Mapping[str, AnswerInput],
    exploitation_forms: list[str] | None = None,
    minor: bool = False,
    age_assessment_pending: bool = False,
    referral: Any = None,
    interviewer: User | None = None,
    mediator: str = "",
    language: str = "",
    labour_sector: str = "",
    presumed_offences: list[str] | None = None,
    vulnerabilities: list[str] | None = None,
    danger_flag: bool = False,
    art18_violence_or_serious_exploitation: bool = False,
    art18_concrete_danger: bool = False,
    art18_voluntary_adherence: bool = False,
    notes: str = "",
    version: CatalogueVersion | None = None,
) -> Assessment:
    """Record an assessment: the answers, the rule's suggestion and the conclusion."""
    if not selectors.may_assess(acting_user):
        raise PermissionDenied
    if not visible_to(acting_user, Person).filter(pk=person.pk).exists():
        raise ValidationError({"person": person_not_found_message()})
    if referral is not None:
        referral_model = type(referral)
        if not visible_to(acting_user, referral_model).filter(pk=referral.pk).exists():
            raise ValidationError({"referral": referral_not_found_message()})
        if referral.person_id != person.pk:
            raise ValidationError({"referral": _("The referral is about another person.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("This date is in the future.")})
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Choose preliminary or formal identification.")})
    if conclusion not in Conclusion.values:
        raise ValidationError({"conclusion": _("Choose the operator's conclusion.")})
    forms = _codes("exploitation_forms", exploitation_forms or [], ExploitationForm.values)
    offences = _codes("presumed_offences", presumed_offences or [], PresumedOffence.values)
    vulns = _codes("vulnerabilities", vulnerabilities or [], Vulnerability.values)
    if interviewer is not None and not (
        interviewer.organisation_id == acting_user.organisation_id
        or interviewer.pk == acting_user.pk
    ):
        raise ValidationError(
            {"interviewer": _("The interviewer must belong to your organisation.")}
        )

    version = version or selectors.current_version()
    catalogue = {
        i.code: i for i in version.indicators.select_related("dimension").order_by("order")
    }
    clean = _normalise_answers(answers, set(catalogue))
    treated_as_minor = minor or age_assessment_pending
    outcome = rules.evaluate(
        version=version,
        answers={code: answer for code, (answer, _e) in clean.items()},
        exploitation_forms=forms,
        treated_as_minor=treated_as_minor,
        indicators=catalogue.values(),
    )
    assessment = Assessment(
        person=person,
        referral=referral,
        organisation=acting_user.organisation,
        recorded_by=acting_user,
        assessed_on=assessed_on,
        kind=kind,
        interviewer=interviewer,
        mediator=mediator.strip(),
        language=language.strip(),
        minor=minor,
        age_assessment_pending=age_assessment_pending,
        exploitation_forms=forms,
        labour_sector=labour_sector,
        presumed_offences=offences,
        vulnerabilities=vulns,
        danger_flag=danger_flag,
        art18_violence_or_serious_exploitation=art18_violence_or_serious_exploitation,
        art18_concrete_danger=art18_concrete_danger,
        art18_voluntary_adherence=art18_voluntary_adherence,
        rule_version=version,
        computed_result=outcome.result,
        triage_score=outcome.triage_score,
        computed_detail=outcome.as_detail(),
        conclusion=conclusion,
        notes=notes.strip(),
    )
    assessment.full_clean()
    assessment.save()
    rows = [
        AssessmentAnswer(
            assessment=assessment, indicator=catalogue[code], answer=answer, evidence=evidence
        )
        for code, (answer, evidence) in clean.items()
    ]
    AssessmentAnswer.objects.bulk_create(rows)
    audit.record(
        AccessAction.CREATE,
        actor=acting_user,
        obj=assessment,
        fields=[
            "person",
            "assessed_on",
            "kind",
            "answers",
            "computed_result",
            "conclusion",
            "danger_flag",
            *(["notes"] if notes else []),
            *(["evidence"] if any(e for _a, e in clean.values()) else []),
        ],
    )
    return assessment
