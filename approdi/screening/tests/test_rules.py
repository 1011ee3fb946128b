"""Every branch of rule v1 (indicators.md), evaluated from the data stored in the database."""

import pytest

from approdi.screening import rules
from approdi.screening.choices import ComputedResult
from approdi.screening.models import CatalogueVersion, Dimension, Indicator

pytestmark = pytest.mark.django_db


def v1() -> CatalogueVersion:
    return CatalogueVersion.objects.get(number=1)


def run(yes: list[str], forms: list[str] | None = None, minor: bool = False) -> rules.RuleOutcome:
    return rules.evaluate(
        version=v1(),
        answers=dict.fromkeys(yes, "yes"),
        exploitation_forms=forms if forms is not None else ["labour"],
        treated_as_minor=minor,
    )


def positive(outcome: rules.RuleOutcome) -> list[int]:
    return [d.number for d in outcome.dimensions if d.positive]


def test_catalogue_v1_is_loaded_as_data() -> None:
    version = v1()
    assert version.active is True
    assert Dimension.objects.filter(version=version).count() == 6
    assert Indicator.objects.filter(version=version).count() == 40
    counts = [
        Indicator.objects.filter(version=version, dimension__number=n).count() for n in range(1, 7)
    ]
    assert counts == [5, 7, 6, 7, 10, 5]
    hours = Indicator.objects.get(version=version, code="excessive_hours")
    assert (hours.labour_strength, hours.sexual_strength) == ("S", "M")
    assert hours.label_it == "Giornate od orari di lavoro eccessivi"


@pytest.mark.parametrize(
    ("strengths", "expected"),
    [
        (["S", "S"], True),
        (["S", "M"], True),
        (["S", "W"], True),
        (["M", "M", "M"], True),
        (["M", "M", "W"], True),
        (["S"], False),
        (["M", "M"], False),
        (["M", "W", "W"], False),
        (["W", "W", "W"], False),
        ([], False),
    ],
)
def test_dimension_positive_thresholds(strengths: list[str], expected: bool) -> None:
    assert rules.dimension_positive(strengths, v1().rule) is expected


# dim 1: S + M; dim 4 (labour): S + M; dim 5: S + S
RECRUITMENT = ["deceived_job_nature", "deceived_conditions"]
EXPLOITATION = ["excessive_hours", "wage_manipulation"]
COERCION = ["documents_confiscated", "debt_bondage"]


def test_adult_presumed_victim_needs_recruitment_exploitation_and_coercion() -> None:
    outcome = run(RECRUITMENT + EXPLOITATION + COERCION)
    assert outcome.result == ComputedResult.PRESUMED_VICTIM
    assert positive(outcome) == [1, 4, 5]
    assert outcome.triage_score == 3 + 2 + 3 + 2 + 3 + 3
    dim4 = next(d for d in outcome.dimensions if d.number == 4)
    assert [a["code"] for a in dim4.yes_answers] == ["excessive_hours", "wage_manipulation"]


def test_adult_presumed_victim_with_dimension_6_instead_of_5() -> None:
    three_mediums_in_6 = [
        "dependency_on_exploiters",
        "unknown_area_language",
        "family_economic_pressure",
    ]
    outcome = run(
        [
            "vuln_irregular_status",
            "vuln_economic_family",
            "vuln_emotional_dependency",
            *EXPLOITATION,
            *three_mediums_in_6,
        ]
    )
    assert positive(outcome) == [3, 4, 6]
    assert outcome.result == ComputedResult.PRESUMED_VICTIM


def test_adult_serious_exploitation_without_means() -> None:
    assert run(EXPLOITATION + COERCION).result == ComputedResult.SERIOUS_EXPLOITATION
    assert run(RECRUITMENT + EXPLOITATION).result == ComputedResult.SERIOUS_EXPLOITATION
    assert run(EXPLOITATION).result == ComputedResult.SERIOUS_EXPLOITATION


def test_adult_at_risk_on_a_positive_dimension_or_a_strong_answer() -> None:
    only_coercion = run(COERCION + RECRUITMENT)
    assert positive(only_coercion) == [1, 5]
    assert only_coercion.result == ComputedResult.AT_RISK
    one_strong = run(["documents_confiscated"])
    assert positive(one_strong) == []
    assert one_strong.result == ComputedResult.AT_RISK


def test_adult_no_indicators() -> None:
    assert run([]).result == ComputedResult.NO_INDICATORS
    assert run(["deceived_conditions", "withheld_wages"]).result == ComputedResult.NO_INDICATORS
    outcome = rules.evaluate(
        version=v1(),
        answers={"documents_confiscated": "unknown", "debt_bondage": "no"},
        exploitation_forms=["labour"],
        treated_as_minor=False,
    )
    assert outcome.result == ComputedResult.NO_INDICATORS
    assert outcome.triage_score == 0


def test_minor_presumed_victim_without_means() -> None:
    answers = ["deceived_education", *EXPLOITATION]  # one weak recruitment answer
    assert run(answers, minor=True).result == ComputedResult.PRESUMED_VICTIM
    assert run(answers, minor=False).result == ComputedResult.SERIOUS_EXPLOITATION


def test_minor_without_recruitment_answer_falls_back_to_the_other_branches() -> None:
    assert run(EXPLOITATION, minor=True).result == ComputedResult.SERIOUS_EXPLOITATION
    assert run(["deceived_job_nature"], minor=True).result == ComputedResult.AT_RISK
    assert run([], minor=True).result == ComputedResult.NO_INDICATORS


def test_labour_and_sexual_lists() -> None:
    sexual_strong = ["no_or_low_pay", "forced_tasks_clients"]  # labour M+M, sexual S+S
    assert run(sexual_strong, ["labour"]).result == ComputedResult.NO_INDICATORS
    assert run(sexual_strong, ["sexual"]).result == ComputedResult.SERIOUS_EXPLOITATION
    mixed = run(sexual_strong, ["labour", "sexual"])
    assert mixed.result == ComputedResult.SERIOUS_EXPLOITATION
    assert next(d for d in mixed.dimensions if d.number == 4).positive_under == ["sexual"]
    assert mixed.triage_score == 6  # the stronger strength counts

    labour_strong = ["excessive_hours", "hazardous_work"]  # labour S+M, sexual M+M
    assert run(labour_strong, ["sexual"]).result == ComputedResult.NO_INDICATORS
    both = run(labour_strong, ["sexual", "labour"])
    assert both.result == ComputedResult.SERIOUS_EXPLOITATION
    assert both.lists == ["labour", "sexual"]
    assert next(d for d in both.dimensions if d.number == 4).positive_under == ["labour"]


def test_other_forms_use_the_labour_list() -> None:
    assert rules.lists_for(["begging"], v1().rule) == ["labour"]
    assert rules.lists_for([], v1().rule) == ["labour"]
    assert rules.lists_for(["sexual"], v1().rule) == ["sexual"]
    assert rules.lists_for(["sexual", "forced_criminality"], v1().rule) == ["labour", "sexual"]


def test_the_rule_is_read_from_the_stored_version() -> None:
    stricter = CatalogueVersion.objects.create(
        number=2,
        name="stricter",
        rule={**v1().rule, "dimension_positive_when_any": [{"strong": 3}]},
    )
    for dimension in v1().dimensions.all():
        copy = Dimension.objects.create(
            version=stricter,
            number=dimension.number,
            code=dimension.code,
            label_en="x",
            label_it="x",
        )
        for indicator in dimension.indicators.all():
            indicator.pk = None
            indicator.version, indicator.dimension = stricter, copy
            indicator.save()
    answers = dict.fromkeys(RECRUITMENT + EXPLOITATION + COERCION, "yes")
    outcome = rules.evaluate(
        version=stricter, answers=answers, exploitation_forms=["labour"], treated_as_minor=False
    )
    assert outcome.result == ComputedResult.AT_RISK  # strong answers, no positive dimension
    assert positive(outcome) == []
