"""The identification rule, evaluated from the parameters stored with a catalogue version.

Pure functions: no database access beyond reading the version's indicators and rule.
See ../shared/design/indicators.md, "Rule (version 1)".
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .choices import Answer, ComputedResult, Strength
from .models import CatalogueVersion, Indicator

LABOUR = "labour"
SEXUAL = "sexual"
_STRENGTH_ORDER = {Strength.STRONG: 3, Strength.MEDIUM: 2, Strength.WEAK: 1}


@dataclass
class DimensionOutcome:
    number: int
    code: str
    positive: bool = False
    # Lists (labour, sexual) under which the dimension is positive.
    positive_under: list[str] = field(default_factory=list)
    # The `yes` answers of this dimension, as (code, strength under each list).
    yes_answers: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "code": self.code,
            "positive": self.positive,
            "positive_under": self.positive_under,
            "yes_answers": self.yes_answers,
        }


@dataclass
class RuleOutcome:
    result: str
    triage_score: int
    lists: list[str]
    treated_as_minor: bool
    dimensions: list[DimensionOutcome]

    def as_detail(self) -> dict[str, Any]:
        return {
            "lists": self.lists,
            "treated_as_minor": self.treated_as_minor,
            "dimensions": [d.as_dict() for d in self.dimensions],
        }

    def positive(self, number: int) -> bool:
        return any(d.positive for d in self.dimensions if d.number == number)


def lists_for(forms: Iterable[str], rule: Mapping[str, Any]) -> list[str]:
    """Which indicator lists apply: sexual for sexual exploitation, labour for labour and
    (rule v1) every other form; both when both kinds are selected; labour when none is."""
    forms = set(forms)
    sexual_forms = set(rule.get("sexual_forms", [SEXUAL]))
    chosen = []
    if forms - sexual_forms or not forms:
        chosen.append(LABOUR)
    if forms & sexual_forms:
        chosen.append(SEXUAL)
    return chosen


def _strength(indicator: Indicator, list_name: str) -> str:
    return indicator.sexual_strength if list_name == SEXUAL else indicator.labour_strength


def _meets(counts: Mapping[str, int], condition: Mapping[str, int]) -> bool:
    have = {
        "strong": counts[Strength.STRONG],
        "medium": counts[Strength.MEDIUM],
        "weak": counts[Strength.WEAK],
        "medium_or_weak": counts[Strength.MEDIUM] + counts[Strength.WEAK],
    }
    return all(have[key] >= minimum for key, minimum in condition.items())


def dimension_positive(strengths: Iterable[str], rule: Mapping[str, Any]) -> bool:
    """Do these strengths (of `yes` answers in one dimension, under one list) make it positive?"""
    counts: dict[str, int] = {Strength.STRONG: 0, Strength.MEDIUM: 0, Strength.WEAK: 0}
    for strength in strengths:
        counts[str(Strength(strength))] += 1
    return any(_meets(counts, c) for c in rule["dimension_positive_when_any"])


def _groups_hold(outcome: RuleOutcome, groups: list[list[int]]) -> bool:
    return all(any(outcome.positive(n) for n in group) for group in groups)


def evaluate(
    *,
    version: CatalogueVersion,
    answers: Mapping[str, str],
    exploitation_forms: Iterable[str],
    treated_as_minor: bool,
    indicators: Iterable[Indicator] | None = None,
) -> RuleOutcome:
    """Score `answers` (indicator code → yes/no/unknown) with the rule of `version`."""
    rule = version.rule
    catalogue = list(
        indicators
        if indicators is not None
        else version.indicators.select_related("dimension").order_by("dimension__number", "order")
    )
    lists = lists_for(exploitation_forms, rule)
    points = rule["triage_points"]
    dimensions: dict[int, DimensionOutcome] = {}
    for dimension in version.dimensions.order_by("number"):
        dimensions[dimension.number] = DimensionOutcome(dimension.number, dimension.code)
    yes = [i for i in catalogue if answers.get(i.code) == Answer.YES]

    triage = 0
    any_strong = False
    for indicator in yes:
        strengths = {name: _strength(indicator, name) for name in lists}
        strongest = max(strengths.values(), key=lambda s: _STRENGTH_ORDER[Strength(s)])
        triage += int(points[strongest])
        any_strong = any_strong or strongest == Strength.STRONG
        dimensions[indicator.dimension.number].yes_answers.append(
            {"code": indicator.code, **strengths}
        )
    for outcome in dimensions.values():
        for name in lists:
            if dimension_positive((a[name] for a in outcome.yes_answers), rule):
                outcome.positive_under.append(name)
        outcome.positive = bool(outcome.positive_under)

    result = RuleOutcome(
        result=ComputedResult.NO_INDICATORS,
        triage_score=triage,
        lists=lists,
        treated_as_minor=treated_as_minor,
        dimensions=list(dimensions.values()),
    )
    adult = rule["adult"]
    minor_rule = rule["minor"]["presumed_victim"]
    recruitment_yes = any(
        a for n in minor_rule["any_yes_in_dimensions"] for a in dimensions[n].yes_answers
    )
    minor_holds = (
        treated_as_minor and result.positive(minor_rule["dimension_positive"]) and recruitment_yes
    )
    if minor_holds or _groups_hold(result, adult["presumed_victim"]["all_of"]):
        result.result = ComputedResult.PRESUMED_VICTIM
    elif _groups_hold(result, adult["serious_exploitation"]["all_of"]):
        result.result = ComputedResult.SERIOUS_EXPLOITATION
    elif (
        adult["at_risk"].get("any_dimension_positive")
        and any(d.positive for d in result.dimensions)
    ) or (adult["at_risk"].get("any_strong_yes") and any_strong):
        result.result = ComputedResult.AT_RISK
    return result
