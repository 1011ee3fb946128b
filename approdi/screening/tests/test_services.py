"""Recording an assessment: the suggestion stored beside the conclusion; bad input refused."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases.services import case_open
from approdi.core.models import AccessLogEntry
from approdi.people.models import Person
from approdi.people.services import person_create
from approdi.screening import selectors
from approdi.screening.models import Assessment, AssessmentAnswer
from approdi.screening.services import assessment_create

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 2)
PV = {
    "deceived_job_nature": "yes",
    "deceived_conditions": {"answer": "yes", "evidence": "Promessa di lavoro in un bar."},
    "excessive_hours": "yes",
    "wage_manipulation": "yes",
    "documents_confiscated": "yes",
    "debt_bondage": "yes",
    "hazardous_work": "no",
    "threat_shame_family": "unknown",
}


def test_assessment_stores_answers_suggestion_and_conclusion(
    manager_a: User, person_a: Person
) -> None:
    assessment = assessment_create(
        acting_user=manager_a,
        person=person_a,
        assessed_on=DAY,
        kind="preliminary",
        conclusion="at_risk",
        answers=PV,
        exploitation_forms=["labour"],
        interviewer=manager_a,
        mediator="Mediatrice edo",
        language="edo",
        danger_flag=True,
        art18_concrete_danger=True,
        presumed_offences=["cp_601"],
        vulnerabilities=["pregnancy"],
        labour_sector="I",
    )
    assessment.refresh_from_db()
    assert assessment.computed_result == "presumed_victim"
    assert assessment.conclusion == "at_risk"  # the operator's word is the outcome
    assert assessment.triage_score == 16
    assert assessment.rule_version.number == 1
    assert [d["number"] for d in assessment.computed_detail["dimensions"] if d["positive"]] == [
        1,
        4,
        5,
    ]
    answers = dict(
        AssessmentAnswer.objects.filter(assessment=assessment).values_list(
            "indicator__code", "answer"
        )
    )
    assert len(answers) == 8
    assert answers["threat_shame_family"] == "unknown"
    evidence = AssessmentAnswer.objects.get(
        assessment=assessment, indicator__code="deceived_conditions"
    ).evidence
    assert evidence == "Promessa di lavoro in un bar."
    entry = AccessLogEntry.objects.get(object_id=str(assessment.uuid))
    assert "evidence" in entry.fields
    assert "Promessa" not in str(entry.fields)


def test_age_assessment_pending_counts_as_a_minor(manager_a: User, person_a: Person) -> None:
    answers = {"deceived_education": "yes", "excessive_hours": "yes", "wage_manipulation": "yes"}
    values = {
        "acting_user": manager_a,
        "person": person_a,
        "assessed_on": DAY,
        "kind": "preliminary",
        "conclusion": "presumed_victim",
        "answers": answers,
    }
    adult = assessment_create(**values)  # type: ignore[arg-type]
    pending = assessment_create(**values, age_assessment_pending=True)  # type: ignore[arg-type]
    minor = assessment_create(**values, minor=True)  # type: ignore[arg-type]
    assert adult.computed_result == "serious_exploitation"
    assert pending.computed_result == "presumed_victim"
    assert minor.computed_result == "presumed_victim"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"answers": {"excessive_hours": "yes", "flying": "yes", "aliens": "no"}},
            "answers",
            "Indicatori sconosciuti: aliens, flying. Non è stato salvato nulla.",
        ),
        (
            {"answers": {"excessive_hours": "maybe"}},
            "answers",
            "La risposta a excessive_hours deve essere sì, no o non so.",
        ),
        ({"kind": "chat"}, "kind", "Scegli preliminare o identificazione formale."),
        ({"conclusion": ""}, "conclusion", "Indica la conclusione dell'operatrice/operatore."),
        (
            {"exploitation_forms": ["sexual", "piracy"]},
            "exploitation_forms",
            "Codici sconosciuti: piracy.",
        ),
        ({"assessed_on": datetime.date(2999, 1, 1)}, "assessed_on", "Questa data è nel futuro."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    manager_a: User, person_a: Person, values: dict[str, object], field: str, message: str
) -> None:
    kwargs: dict[str, object] = {
        "acting_user": manager_a,
        "person": person_a,
        "assessed_on": DAY,
        "kind": "preliminary",
        "conclusion": "at_risk",
        "answers": {"excessive_hours": "yes"},
    }
    kwargs.update(values)
    log = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        assessment_create(**kwargs)  # type: ignore[arg-type]
    assert error.value.message_dict == {field: [message]}
    assert Assessment.objects.count() == 0
    assert AssessmentAnswer.objects.count() == 0
    assert AccessLogEntry.objects.count() == log


def test_a_person_outside_scope_cannot_be_assessed(manager_b: User, person_a: Person) -> None:
    with pytest.raises(ValidationError) as error:
        assessment_create(
            acting_user=manager_b,
            person=person_a,
            assessed_on=DAY,
            kind="preliminary",
            conclusion="at_risk",
            answers={},
        )
    assert error.value.message_dict == {
        "person": ["Nessuna persona con questo codice tra quelle che puoi vedere."]
    }
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize("role", ["outreach_worker", "monitoring", "auditor", "admin"])
def test_roles_without_cases_cannot_assess(
    role: str, partner_a: Organisation, person_a: Person, make_user: Callable[..., User]
) -> None:
    with pytest.raises(PermissionDenied):
        assessment_create(
            acting_user=make_user(partner_a, [role]),
            person=person_a,
            assessed_on=DAY,
            kind="preliminary",
            conclusion="at_risk",
            answers={},
        )
    assert Assessment.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "sees"),
    [("coordinator", ["MI-A-1", "MI-B-1"]), ("manager_a", ["MI-A-1"]), ("manager_b", ["MI-B-1"])],
)
def test_assessments_follow_the_person_scope(
    who: str,
    sees: list[str],
    request: pytest.FixtureRequest,
    coordinator: User,
    person_a: Person,
    person_b: Person,
) -> None:
    for person in (person_a, person_b):
        assessment_create(
            acting_user=coordinator,
            person=person,
            assessed_on=DAY,
            kind="preliminary",
            conclusion="at_risk",
            answers={},
        )
    user = request.getfixturevalue(who)
    codes = sorted(selectors.assessment_list(user=user).values_list("person__code", flat=True))
    assert codes == sees


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("coordinator", ["colleague", "held", "legal", "no-case", "partner-b"]),
        ("manager_a", ["colleague", "held", "legal", "no-case"]),
        # A case worker: the people in her care only, not the whole organisation's.
        ("worker_a", ["held"]),
        # A legal advisor sees the legal sections of cases: only what they recorded.
        ("legal_a", ["legal"]),
        ("manager_b", ["partner-b"]),
    ],
)
def test_assessments_by_role(
    who: str,
    sees: list[str],
    coordinator: User,
    manager_a: User,
    manager_b: User,
    partner_a: Organisation,
    person_a: Person,
    person_b: Person,
    make_user: Callable[..., User],
) -> None:
    users = {
        "coordinator": coordinator,
        "manager_a": manager_a,
        "manager_b": manager_b,
        "worker_a": make_user(partner_a, [Role.CASE_WORKER]),
        "legal_a": make_user(partner_a, [Role.LEGAL_ADVISOR]),
    }
    colleague = make_user(partner_a, [Role.CASE_WORKER])

    def in_care_of(code: str, worker: User) -> Person:
        person = person_create(acting_user=None, code=code, organisation=partner_a, gender="woman")
        case_open(
            acting_user=coordinator,
            person=person,
            organisation=partner_a,
            opened_on=DAY,
            programme="art13_first_assistance",
            path="social",
            first_phase="emergency",
            case_worker=worker,
        )
        return person

    held = in_care_of("MI-A-2", users["worker_a"])
    colleagues = in_care_of("MI-A-3", colleague)
    for by, person, note in (
        (coordinator, person_a, "no-case"),
        (coordinator, person_b, "partner-b"),
        (coordinator, held, "held"),
        (coordinator, colleagues, "colleague"),
        (users["legal_a"], colleagues, "legal"),
    ):
        assessment_create(
            acting_user=by,
            person=person,
            assessed_on=DAY,
            kind="preliminary",
            conclusion="at_risk",
            answers={},
            notes=note,
        )
    notes = sorted(a.notes for a in selectors.assessment_list(user=users[who]))
    assert notes == sees
