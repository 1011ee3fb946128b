"""National monitoring tables (reports.md, Exports) on hand-made records, with exact values:
contacts, proximity interventions, assessments, new cases and cases in charge, by gender,
minors and adults, nationality and exploitation form."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from approdi.accounts.models import Organisation, User
from approdi.outreach.models import DropInAccess
from approdi.reports.selectors import (
    Period,
    Scope,
    headline,
    national_table,
    referral_reports,
    report,
    table_keys,
)
from approdi.reports.tables import ReportTable

from .conftest import END, START, Records, assessment
from .test_suppression import assert_not_recoverable

pytestmark = pytest.mark.django_db

NETWORK = Scope(None, suppress=False)
PERIOD = Period(START, END)
DAY = datetime.timedelta(days=1)
QUERY = f"start={START.isoformat()}&end={END.isoformat()}"
NATIONAL = ["national_gender", "national_minors", "national_nationality", "national_exploitation"]
MEASURES = [
    "street_contacts",
    "indoor_contacts",
    "proximity_interventions",
    "assessments",
    "new_cases",
    "cases",
]


def values(table: ReportTable) -> dict[str, list[int | float | None]]:
    return dict(zip(table.row_keys, (v for _label, v in table.rows), strict=True))


def access(
    records: Records, day: datetime.date, gender: str, nationality: str, **kw: object
) -> None:
    made = records.access(day, gender=gender, **kw)  # type: ignore[arg-type]
    DropInAccess.objects.filter(pk=made.pk).update(nationality=nationality)


@pytest.fixture
def national(records: Records, partner_b: Organisation) -> None:
    """Partner A: contacts (one outing on the period's last day), two accesses, three people
    with cases and assessments. Partner B: an outing, an access, a person with a case."""
    # Contacts: the outing on the last day counts, the days just outside do not.
    records.outing(END, 10, gender="woman", nationality="NG", age_band="26_35")
    records.outing(END, 2, gender="man", nationality="RO", age_band="under_18")
    records.outing(START - DAY, 100)
    records.outing(END + DAY, 100)
    records.outing(START + 9 * DAY, 4, kind="indoor", gender="trans", nationality="")
    records.outing(START + 9 * DAY, 7, organisation=partner_b, nationality="RO")
    # Proximity interventions: drop-in accesses in the period.
    access(records, START, "woman", "NG")
    access(records, START + 9 * DAY, "man", "")
    access(records, END + DAY, "woman", "NG")
    access(records, START + 9 * DAY, "woman", "RO", organisation=partner_b)
    # p1: adult, case opened before the period (in charge, not new).
    p1 = records.person("woman", nationality="NG", birth_year=1990)
    records.case(p1, START - 40 * DAY)
    assessment(p1, START + 3 * DAY, forms=["sexual"])
    # p2: minor (16 in 2024), case opened in the period.
    p2 = records.person("woman", nationality="NG", birth_year=2008)
    records.case(p2, START + 5 * DAY)
    assessment(p2, END, forms=["sexual", "labour"])
    # p3: no year of birth nor nationality, case opened on the last day, assessed after it.
    p3 = records.person("man", nationality="")
    records.case(p3, END)
    assessment(p3, END + DAY, forms=["labour"])
    # p4: exit before the period; assessed before it.
    p4 = records.person("woman", nationality="NG", birth_year=1980)
    records.case(p4, START - 40 * DAY, START - 2 * DAY)
    assessment(p4, START - 10 * DAY, forms=["begging"])
    # p5: partner B, adult.
    p5 = records.person("woman", organisation=partner_b, nationality="RO", birth_year=1985)
    records.case(p5, START + 2 * DAY)
    assessment(p5, START + DAY, forms=["labour"])


def table(dimension: str, scope: Scope = NETWORK) -> ReportTable:
    return national_table(scope=scope, period=PERIOD, dimension=dimension)


def test_by_gender_each_figure_by_its_definition(national: None) -> None:
    result = table("gender")
    assert result.column_keys == ["woman", "man", "trans", "other", "total"]
    assert values(result) == {
        "street_contacts": [17, 2, 0, 0, 19],
        "indoor_contacts": [0, 0, 4, 0, 4],
        "proximity_interventions": [2, 1, 0, 0, 3],
        "assessments": [3, 0, 0, 0, 3],
        "new_cases": [2, 1, 0, 0, 3],
        "cases": [3, 1, 0, 0, 4],
    }


def test_minors_and_adults_with_an_unknown_year_of_birth_apart(national: None) -> None:
    result = table("minors")
    assert result.column_keys == ["minor", "adult", "", "total"]
    assert values(result) == {
        "street_contacts": [2, 10, 7, 19],
        "indoor_contacts": [0, 0, 4, 4],
        # Accesses carry no age: not available, only the total.
        "proximity_interventions": [None, None, None, 3],
        "assessments": [1, 2, 0, 3],
        "new_cases": [1, 1, 1, 3],
        "cases": [1, 2, 1, 4],
    }
    assert result.display_rows()[2] == [
        "Interventi di prossimità (accessi ai servizi a bassa soglia)",
        "–",
        "–",
        "–",
        "3",
    ]


def test_a_person_turning_18_in_the_period_year_is_an_adult(records: Records) -> None:
    records.case(records.person(birth_year=2006), START)  # 18 in 2024
    records.case(records.person(birth_year=2007), START)  # 17 in 2024
    assert values(table("minors"))["cases"] == [1, 1, 0, 2]


def test_by_nationality_most_frequent_first(national: None) -> None:
    result = table("nationality")
    assert result.column_keys == ["NG", "RO", "other", "", "total"]
    assert values(result) == {
        "street_contacts": [10, 9, 0, 0, 19],
        "indoor_contacts": [0, 0, 0, 4, 4],
        "proximity_interventions": [1, 1, 0, 1, 3],
        "assessments": [2, 1, 0, 0, 3],
        "new_cases": [1, 1, 0, 1, 3],
        "cases": [2, 1, 0, 1, 4],
    }


def test_nationalities_beyond_the_first_five_are_counted_together(records: Records) -> None:
    for count, nationality in enumerate(["AL", "BR", "CN", "MA", "NG", "RO", "UA"], start=1):
        records.outing(START, count, nationality=nationality)
    result = table("nationality")
    assert result.column_keys == ["UA", "RO", "NG", "MA", "CN", "other", "", "total"]
    assert values(result)["street_contacts"] == [7, 6, 5, 4, 3, 3, 0, 28]


def test_by_exploitation_form_contacts_and_accesses_not_available(national: None) -> None:
    result = table("exploitation")
    assert result.column_keys == ["sexual", "labour", "", "total"]
    assert values(result) == {
        "street_contacts": [None, None, None, 19],
        "indoor_contacts": [None, None, None, 4],
        "proximity_interventions": [None, None, None, 3],
        # p2's assessment found two forms: in both columns, once in the total.
        "assessments": [2, 2, 0, 3],
        # People: the forms of their assessments by the period's last day (p3's is later).
        "new_cases": [1, 2, 1, 3],
        "cases": [2, 2, 1, 4],
    }
    assert result.equations == []  # a record can be in more than one column
    assert "non li riportano" in str(result.note)


def test_the_totals_agree_with_the_headline_and_the_assessments_table(national: None) -> None:
    figures = headline(scope=NETWORK, period=PERIOD)
    assessments = next(
        t for t in referral_reports(scope=NETWORK, period=PERIOD) if t.key == "assessments"
    )
    for dimension in ("gender", "minors", "nationality", "exploitation"):
        totals = {k: v[-1] for k, v in values(table(dimension)).items()}
        assert totals == {
            "street_contacts": figures.street_contacts,
            "indoor_contacts": figures.indoor_contacts,
            "proximity_interventions": figures.low_threshold_accesses,
            "assessments": assessments.rows[-1][1][-1],
            "new_cases": 3,
            "cases": figures.reception_total,
        }, dimension
    assert (figures.street_contacts, figures.reception_total) == (19, 4)


def test_an_organisation_manager_sees_only_its_organisation(
    national: None, manager_a: User
) -> None:
    found = report(user=manager_a, period=PERIOD, only=set(NATIONAL))
    assert found is not None
    assert [t.key for t in found.tables] == NATIONAL
    assert values(found.table("national_gender")) == {  # type: ignore[arg-type]
        "street_contacts": [10, 2, 0, 0, 12],
        "indoor_contacts": [0, 0, 4, 0, 4],
        "proximity_interventions": [1, 1, 0, 0, 2],
        "assessments": [2, 0, 0, 0, 2],
        "new_cases": [1, 1, 0, 0, 2],
        "cases": [2, 1, 0, 0, 3],
    }
    assert found.table("national_nationality").column_keys == ["NG", "RO", "other", "", "total"]  # type: ignore[union-attr]


def test_monitoring_small_cells_are_hidden_and_not_recoverable(
    records: Records, monitor: User
) -> None:
    records.outing(START, 12, gender="woman")
    records.outing(START, 2, gender="man")
    records.outing(START, 3, gender="trans")
    found = report(user=monitor, period=PERIOD, only="national_gender")
    assert found is not None
    result = found.table("national_gender")
    assert result is not None
    assert result.display_rows()[0][1:] == ["12", "<5", "<5", "0", "17"]
    assert result.value(0, 1) is None
    raw = [[int(v or 0) for v in row] for _label, row in result.rows]
    assert_not_recoverable(raw, result.suppressed, result.equations)


def test_monitoring_a_lone_small_cell_gets_a_companion(records: Records, monitor: User) -> None:
    records.outing(START, 12, gender="woman")
    records.outing(START, 2, gender="man")
    found = report(user=monitor, period=PERIOD, only="national_gender")
    assert found is not None
    result = found.table("national_gender")
    assert result is not None
    # 2 alone would be 14 − 12: the 12 is hidden too, both shown as "n.d.".
    assert result.display_rows()[0][1:] == ["n.d.", "n.d.", "0", "0", "14"]
    raw = [[int(v or 0) for v in row] for _label, row in result.rows]
    assert_not_recoverable(raw, result.suppressed, result.equations)


def test_the_csv_of_a_national_table(
    client_for: Callable[[User], Client], coordinator: User, national: None
) -> None:
    response = client_for(coordinator).get(f"/reports/tables/national_gender.csv?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="approdi-national_gender-20240301-20240331.csv"'
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert body.splitlines() == [
        'Dato,Donne,Uomini,Transessuali,"Altro (non binario, non dichiarato)",Totale',
        "Contatti unità di strada,17,2,0,0,19",
        "Contatti indoor,0,0,4,0,4",
        "Interventi di prossimità (accessi ai servizi a bassa soglia),2,1,0,0,3",
        "Valutazioni,3,0,0,0,3",
        "Nuove prese in carico (persone),2,1,0,0,3",
        "Prese in carico (persone),3,1,0,0,4",
    ]


def test_the_monitoring_csv_shows_the_hidden_cells(
    client_for: Callable[[User], Client], monitor: User, records: Records
) -> None:
    records.outing(START, 12, gender="woman")
    records.outing(START, 2, gender="man")
    records.outing(START, 3, gender="trans")
    response = client_for(monitor).get(f"/reports/tables/national_gender.csv?{QUERY}")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert body.splitlines()[1] == "Contatti unità di strada,12,<5,<5,0,17"


def test_the_dashboard_has_the_national_section_and_the_whole_report_holds_it(
    client_for: Callable[[User], Client], coordinator: User, national: None
) -> None:
    client = client_for(coordinator)
    html = client.get(f"/reports/?{QUERY}").content.decode()
    assert 'data-testid="report-national"' in html
    assert "Monitoraggio nazionale" in html
    query = QUERY.replace("&", "&amp;")
    for key in NATIONAL:
        assert f'data-testid="report-{key}"' in html, key
        assert f'href="/reports/tables/{key}.csv?{query}"' in html, key
        assert f'href="/reports/tables/{key}.xlsx?{query}"' in html, key
    assert set(NATIONAL) <= set(table_keys())
    workbook = load_workbook(io.BytesIO(client.get(f"/reports/report.xlsx?{QUERY}").content))
    assert workbook.sheetnames[-4:] == NATIONAL
    sheet = workbook["national_gender"]
    assert [c.value for c in sheet[4]] == ["Contatti unità di strada", 17, 2, 0, 0, 19]


def test_one_national_table_as_xlsx_and_pdf_and_the_monitoring_dashboard(
    client_for: Callable[[User], Client], coordinator: User, monitor: User, national: None
) -> None:
    client = client_for(coordinator)
    response = client.get(f"/reports/tables/national_nationality.xlsx?{QUERY}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["national_nationality"]
    assert [c.value for c in sheet[3]] == [
        "Dato",
        "NG",
        "RO",
        "Altre nazionalità",
        "Non registrato",
        "Totale",
    ]
    assert [c.value for c in sheet[5]] == ["Contatti indoor", 0, 0, 0, 4, 4]
    pdf = client.get(f"/reports/tables/national_exploitation.pdf?{QUERY}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    html = client_for(monitor).get(f"/reports/?{QUERY}").content.decode()
    assert 'data-testid="report-national_minors"' in html
