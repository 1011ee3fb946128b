"""The headline table's definitions (reports.md) on hand-made records, with exact values."""

import datetime

import pytest

from approdi.accounts.models import Organisation
from approdi.reports.selectors import Period, Scope, headline, headline_table

from .conftest import END, START, Records

pytestmark = pytest.mark.django_db

NETWORK = Scope(None, suppress=False)
PERIOD = Period(START, END)
DAY = datetime.timedelta(days=1)


def test_contacts_sum_the_tallies_of_outings_dated_in_the_period_boundaries_included(
    records: Records,
) -> None:
    records.outing(START, 3, 4)  # first day: 7
    records.outing(END, 10)  # last day: 10
    records.outing(START - DAY, 100)  # the day before: out
    records.outing(END + DAY, 100)  # the day after: out
    records.outing(datetime.date(2024, 3, 15), 5, 6, kind="indoor")
    records.outing(END + DAY, 50, kind="indoor")
    records.outing(datetime.date(2024, 3, 15), 9, kind="other_outreach")  # neither kind

    figures = headline(scope=NETWORK, period=PERIOD)

    assert (figures.street_contacts, figures.indoor_contacts) == (17, 11)


def test_low_threshold_accesses_count_the_accesses_dated_in_the_period(
    records: Records,
) -> None:
    for day in (START, START, END, START - DAY, END + DAY):
        records.access(day)
    assert headline(scope=NETWORK, period=PERIOD).low_threshold_accesses == 3


def test_reception_counts_distinct_people_with_a_case_active_on_one_day_of_the_period(
    records: Records,
) -> None:
    # Active across the start: opened before, exit on the first day.
    records.case(records.person("woman"), START - 40 * DAY, START)
    # Opened on the last day.
    records.case(records.person("woman"), END)
    # Two cases of one person in the period: counted once.
    twice = records.person("man")
    records.case(twice, START - 10 * DAY, START + 2 * DAY)
    records.case(twice, START + 5 * DAY, kind_phase="territorial")
    # Open across the whole period (territorial).
    records.case(records.person("trans"), START - 100 * DAY, kind_phase="territorial")
    # Open since before the period, never exited.
    records.case(records.person("man"), START - 40 * DAY)
    # Exit the day before the period starts (closed, or in follow-up after it): out.
    records.case(records.person("woman"), START - 40 * DAY, START - DAY)
    records.case(records.person("woman"), START - 5 * DAY, START - 2 * DAY, follow_up=True)
    records.case(records.person("non_binary"), START - 5 * DAY, START - DAY)

    figures = headline(scope=NETWORK, period=PERIOD)

    # Women: the boundary exit, the last-day opening; men: `twice` and the open one.
    assert figures.reception == {"woman": 2, "man": 2, "trans": 1, "other": 0, "total": 5}


def test_a_case_opened_after_the_period_is_not_counted(records: Records) -> None:
    records.case(records.person("woman"), END + DAY)
    assert headline(scope=NETWORK, period=PERIOD).reception["total"] == 0


def test_other_gathers_non_binary_and_undisclosed_and_is_shown_only_when_not_zero(
    records: Records,
) -> None:
    records.case(records.person("woman"), START)
    without = headline(scope=NETWORK, period=PERIOD)
    table = headline_table(without, headline(scope=NETWORK, period=PERIOD.previous()))
    assert "reception.other" not in table.row_keys

    records.case(records.person("non_binary"), START)
    records.case(records.person("undisclosed"), END)
    figures = headline(scope=NETWORK, period=PERIOD)
    assert figures.reception == {"woman": 1, "man": 0, "trans": 0, "other": 2, "total": 3}
    table = headline_table(figures, headline(scope=NETWORK, period=PERIOD.previous()))
    assert table.row_keys[-2:] == ["reception.other", "reception.total"]
    assert table.display_rows()[-2:] == [
        ["Accoglienza: altro", "2", "0", "2"],
        ["Accoglienza: totale", "3", "0", "3"],
    ]


def test_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    period = Period(datetime.date(2017, 12, 1), datetime.date(2019, 2, 28))
    assert period.previous() == Period(datetime.date(2016, 9, 2), datetime.date(2017, 11, 30))
    assert period.previous().days == period.days == 455
    assert PERIOD.previous() == Period(datetime.date(2024, 1, 30), datetime.date(2024, 2, 29))


def test_headline_table_compares_with_the_previous_period(records: Records) -> None:
    records.outing(START - DAY, 8)  # previous period's last day
    records.outing(START, 12)
    records.access(START - 31 * DAY)  # previous period's first day (30 Jan)
    records.access(START - 32 * DAY)  # before it
    current = headline(scope=NETWORK, period=PERIOD)
    previous = headline(scope=NETWORK, period=PERIOD.previous())
    table = headline_table(current, previous)
    rows = dict((row[0], row[1:]) for row in table.display_rows())
    assert rows["Contatti unità di strada"] == ["12", "8", "4"]
    assert rows["Accessi ai servizi a bassa soglia"] == ["0", "1", "\u22121"]


def test_an_organisation_scope_counts_only_its_records(
    records: Records, partner_b: Organisation, partner_a: Organisation
) -> None:
    records.outing(START, 5)
    records.outing(START, 7, organisation=partner_b)
    records.access(START, organisation=partner_b)
    records.case(records.person("woman", organisation=partner_b), START)
    records.case(records.person("woman"), START)

    mine = headline(scope=Scope(partner_a.pk, suppress=False), period=PERIOD)
    theirs = headline(scope=Scope(partner_b.pk, suppress=False), period=PERIOD)

    assert (mine.street_contacts, mine.low_threshold_accesses, mine.reception["total"]) == (
        5,
        0,
        1,
    )
    assert (theirs.street_contacts, theirs.low_threshold_accesses) == (7, 1)
