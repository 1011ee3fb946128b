"""People referred by organisations, the referral and assessment tables, exploitation forms."""

import datetime
from collections.abc import Iterator

import pytest
from django.utils import translation

from approdi.accounts.models import Organisation
from approdi.reports.selectors import (
    Period,
    Scope,
    breakdown_table,
    headline,
    referral_reports,
)

from .conftest import END, START, Records, assessment, referral

pytestmark = pytest.mark.django_db

NETWORK = Scope(None, suppress=False)
PERIOD = Period(START, END)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """In English: the referral and screening labels are translated in their own app."""
    with translation.override("en"):
        yield


def test_distinct_people_referred_by_organisations_in_the_period(records: Records) -> None:
    twice = records.person()
    referral(twice, START, "police")
    referral(twice, END, "cas")  # the same person again: counted once
    referral(records.person(), END, "national_helpline")  # last day
    referral(records.person(), START - DAY, "police")  # the day before: out
    referral(records.person(), END + DAY, "police")  # the day after: out
    for source in ("self", "street_unit", "private_citizen"):  # not organisations
        referral(records.person(), START, source)
    # Referred by herself and, in the period, by an organisation: counted.
    both = records.person()
    referral(both, START, "self")
    referral(both, START + DAY, "territorial_commission")

    assert headline(scope=NETWORK, period=PERIOD).people_referred_by_organisations == 3


def test_an_organisation_sees_the_referrals_it_recorded_or_was_assigned(
    records: Records, partner_a: Organisation, partner_b: Organisation
) -> None:
    referral(records.person(), START, organisation=partner_b, assigned=partner_a)
    referral(records.person(organisation=partner_b), START)
    mine = headline(scope=Scope(partner_a.pk, suppress=False), period=PERIOD)
    theirs = headline(scope=Scope(partner_b.pk, suppress=False), period=PERIOD)
    assert (mine.people_referred_by_organisations, theirs.people_referred_by_organisations) == (
        1,
        2,
    )


def test_referrals_by_source_and_outcome_with_the_median_days_to_a_decision(
    records: Records,
) -> None:
    referral(records.person(), START, "police", status="accepted", decided_on=START + 2 * DAY)
    referral(records.person(), START, "police", status="declined", decided_on=START + 6 * DAY)
    referral(records.person(), START, "police", status="received")
    referral(records.person(), END, "self", status="accepted", decided_on=END)
    referral(records.person(), END + DAY, "self")  # out of the period

    (table, *_others) = referral_reports(scope=NETWORK, period=PERIOD)

    assert table.header() == [
        "Source",
        "Received",
        "Accepted",
        "Declined",
        "Total",
        "Median days to a decision",
    ]
    assert table.display_rows() == [
        ["Self-referral", "0", "1", "0", "1", "0.0"],
        ["Police", "1", "1", "1", "3", "4.0"],
        ["Total", "1", "2", "1", "4", "2.0"],
    ]


def test_assessments_by_conclusion_and_exploitation_form(records: Records) -> None:
    person = records.person()
    assessment(person, START, "presumed_victim", forms=["sexual", "begging"])
    assessment(person, END, "identified_victim", kind="formal_identification", forms=["sexual"])
    assessment(records.person(), END, "no_indicators")
    assessment(records.person(), END + DAY, "no_indicators")  # out of the period

    tables = {t.key: t for t in referral_reports(scope=NETWORK, period=PERIOD)}

    rows = tables["assessments"].display_rows()
    assert rows[0] == ["No indicators", "1", "0", "1"]
    assert ["Presumed victim", "1", "0", "1"] in rows
    assert ["Identified victim", "0", "1", "1"] in rows
    assert rows[-1] == ["Total", "2", "1", "3"]
    assert tables["assessment_forms"].display_rows() == [
        ["Sexual exploitation", "2"],
        ["Forced begging", "1"],
        ["Not recorded", "1"],
    ]


def test_exploitation_form_breakdown_of_referred_people_and_people_in_reception(
    records: Records,
) -> None:
    one, two = records.person(), records.person()
    referral(one, START, forms=["sexual", "labour"])
    referral(two, START, forms=["sexual"])
    referral(two, END, forms=["sexual"])  # twice, same form: counted once
    records.case(one, START)
    assessment(one, START - 10 * DAY, forms=["labour"])
    assessment(one, END + DAY, forms=["begging"])  # after the period: not used
    figures = headline(scope=NETWORK, period=PERIOD)

    table = breakdown_table(
        scope=NETWORK, period=PERIOD, dimension="exploitation_form", figures=figures
    )

    assert table.header() == [
        "Exploitation form",
        "People referred by organisations",
        "People in reception",
    ]
    assert table.display_rows() == [
        ["Labour exploitation", "1", "1"],
        ["Sexual exploitation", "2", "0"],
        ["Total", "2", "1"],
    ]
