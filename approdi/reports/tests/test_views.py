"""The dashboard, its charts and downloads: who may open them, what they carry, the log."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.reports.selectors import SEED_PERIOD, Period

from .conftest import END, START, Records

pytestmark = pytest.mark.django_db

QUERY = f"start={START.isoformat()}&end={END.isoformat()}"


@pytest.fixture
def figures(records: Records, partner_b: Organisation) -> None:
    records.outing(START, 20, 3)
    records.outing(END, 2, organisation=partner_b, territory="varese", nationality="RO")
    records.outing(START, 9, kind="indoor")
    for _ in range(6):
        records.access(START)
    for _ in range(7):
        records.case(records.person("woman"), START)
    records.case(records.person("trans"), START)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.COORDINATOR, 200),
        (Role.ORG_MANAGER, 200),
        (Role.MONITORING, 200),
        (Role.CASE_WORKER, 404),
        (Role.LEGAL_ADVISOR, 404),
        (Role.OUTREACH_WORKER, 404),
        (Role.AUDITOR, 404),
        (Role.ADMIN, 404),
    ],
)
def test_who_opens_the_reports(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    partner_a: Organisation,
    figures: None,
    march_2024: None,
    role: str,
    status: int,
) -> None:
    client = client_for(make_user(partner_a, [role]))
    for url in (
        f"/reports/?{QUERY}",
        f"/reports/charts/headline.svg?{QUERY}",
        f"/reports/tables/headline.csv?{QUERY}",
        f"/reports/tables/by_gender.xlsx?{QUERY}",
        f"/reports/report.xlsx?{QUERY}",
        f"/api/v1/reports/headline/?{QUERY}",
    ):
        expected = status if not url.startswith("/api/") else (200 if status == 200 else 403)
        assert client.get(url).status_code == expected, url
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == (
        3 if status == 200 else 0
    )


def test_the_dashboard_shows_every_table_with_its_chart_for_the_coordinator(
    client_for: Callable[[User], Client], coordinator: User, figures: None
) -> None:
    response = client_for(coordinator).get(f"/reports/?{QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("headline", "by_territory", "by_gender", "capacity", "exits", "outreach_outings"):
        assert f'data-testid="report-{key}"' in html, key
    assert f'src="/reports/charts/headline.svg?{QUERY.replace("&", "&amp;")}"' in html
    table = response.context["report"].table("headline")
    assert dict((row[0], row[1]) for row in table.display_rows())["Contatti unità di strada"] == (
        "25"
    )


def test_a_bad_period_re_renders_the_page_with_the_message(
    client_for: Callable[[User], Client], coordinator: User
) -> None:
    client = client_for(coordinator)
    response = client.get("/reports/?start=2024-03-31&end=2024-03-01")
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Il primo giorno del periodo non può essere successivo all" in response.content.decode()
    response = client.get("/reports/?start=2024-13-01&end=2024-03-01")
    assert response.status_code == 200 and response.context["report"] is None
    bad = client.get("/reports/tables/headline.csv?start=2024-03-31&end=2024-03-01")
    assert bad.status_code == 400
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == 0


def test_unknown_tables_are_404(client_for: Callable[[User], Client], coordinator: User) -> None:
    client = client_for(coordinator)
    assert client.get("/reports/charts/people.svg").status_code == 404
    assert client.get("/reports/tables/people.csv").status_code == 404


def test_the_chart_is_a_self_contained_svg_without_script(
    client_for: Callable[[User], Client], coordinator: User, figures: None
) -> None:
    response = client_for(coordinator).get(f"/reports/charts/by_territory.svg?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert b"<script" not in response.content
    assert b"Varese" in response.content and b"Milano" in response.content


def test_the_csv_of_a_table_is_logged(
    client_for: Callable[[User], Client], coordinator: User, figures: None
) -> None:
    response = client_for(coordinator).get(f"/reports/tables/by_territory.csv?{QUERY}")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert response["Content-Disposition"] == (
        'attachment; filename="approdi-by_territory-20240301-20240331.csv"'
    )
    assert body.splitlines() == [
        "Territorio,Contatti unità di strada,Contatti indoor,Accessi ai servizi a bassa soglia,"
        "Persone in accoglienza",
        "Milano,23,9,6,8",
        "Varese,2,0,0,0",
        "Totale,25,9,6,8",
    ]
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.actor_username, entry.object_type, entry.object_id, entry.fields) == (
        "coord",
        "reports",
        "by_territory.csv",
        ["end", "start"],
    )


def test_the_xlsx_keeps_numbers_as_numbers(
    client_for: Callable[[User], Client], coordinator: User, figures: None
) -> None:
    response = client_for(coordinator).get(f"/reports/tables/headline.xlsx?{QUERY}")
    sheet = load_workbook(io.BytesIO(response.content))["headline"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0] == ["Dato", "Questo periodo", "Periodo precedente", "Variazione"]
    assert rows[1] == ["Contatti unità di strada", 25, 0, 25]
    assert rows[-1] == ["Accoglienza: totale", 8, 0, 8]


def test_an_organisations_manager_sees_its_own_records(
    client_for: Callable[[User], Client], manager_a: User, figures: None
) -> None:
    data = client_for(manager_a).get(f"/api/v1/reports/headline/?{QUERY}").json()
    assert data["scope"] == "organisation"
    assert data["street_contacts"] == 23  # partner B's outing is not counted
    assert data["reception"]["total"] == 8


def test_each_role_reads_its_scope_on_the_page(
    client_for: Callable[[User], Client],
    coordinator: User,
    manager_a: User,
    monitor: User,
    figures: None,
) -> None:
    pages = {
        user.username: client_for(user).get(f"/reports/?{QUERY}")
        for user in (coordinator, manager_a, monitor)
    }
    assert "Tutta la rete." in pages["coord"].content.decode()
    assert "Le schede del tuo ente." in pages["manager.alfa"].content.decode()
    assert "i conteggi sotto la soglia sono nascosti" in pages["monitor"].content.decode()
    keys = {name: [t.key for t in page.context["report"].tables] for name, page in pages.items()}
    # The emersione tables are the network's: not in an organisation's own report.
    assert "outreach_outings" in keys["coord"] and "outreach_outings" in keys["monitor"]
    assert not any(k.startswith("outreach_") for k in keys["manager.alfa"])
    monitored = pages["monitor"].context["report"].table("headline").display_rows()
    # 1 trans person is hidden, and the 7 women with her (or 8 − 7 would give her away):
    # both shown as "n.d.", never "<5" on the 7 (a false figure), nor "<5" on the 1 only
    # (the 7 would then be known to be at least 5).
    assert ["Accoglienza: transessuali", "n.d.", "0", "n.d."] in monitored
    assert ["Accoglienza: donne", "n.d.", "0", "n.d."] in monitored
    assert ["Contatti indoor", "9", "0", "9"] in monitored
    assert ["Accoglienza: totale", "8", "0", "8"] in monitored
    assert (
        "n.d.: non mostrato: un numero inferiore a 5, oppure un dato nascosto perché un tale "
        "numero non si possa ricavare dai totali o dagli altri dati."
    ) in pages["monitor"].content.decode()


# --- monitoring: only the preset periods ------------------------------------------------

# The last day of March left out: [1 Mar, 30 Mar] against [1 Mar, 31 Mar] would give the
# hidden counts of 31 March away by subtraction.
NOT_A_PRESET = f"start={START.isoformat()}&end=2024-03-30"
PRESET_MESSAGE = (
    "Si può scegliere solo uno dei periodi elencati: confrontando i dati di due periodi che "
    "differiscono di pochi giorni si ricaverebbero i numeri piccoli nascosti."
)


def test_monitoring_cannot_choose_a_period_that_is_not_a_preset(
    client_for: Callable[[User], Client], monitor: User, figures: None
) -> None:
    client = client_for(monitor)
    page = client.get(f"/reports/?{NOT_A_PRESET}")
    assert page.status_code == 200
    content = page.content.decode()
    assert PRESET_MESSAGE in content
    # The figures shown are the default preset's (the project period), never those asked.
    assert page.context["report"].period == Period(START, END)
    assert "30/03/2024" not in content
    # No free dates in the picker: only the presets.
    assert 'name="start"' not in content and 'name="end"' not in content
    assert 'data-testid="preset"' in content
    for url in (
        f"/reports/charts/headline.svg?{NOT_A_PRESET}",
        f"/reports/tables/headline.csv?{NOT_A_PRESET}",
        f"/reports/tables/by_gender.xlsx?{NOT_A_PRESET}",
        f"/reports/report.xlsx?{NOT_A_PRESET}",
        f"/reports/report.pdf?{NOT_A_PRESET}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.content.decode() == PRESET_MESSAGE
    api = client.get(f"/api/v1/reports/headline/?{NOT_A_PRESET}")
    assert api.status_code == 400
    assert api.json() == {"non_field_errors": [PRESET_MESSAGE]}
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT).count() == 0


def test_monitoring_reads_the_preset_periods(
    client_for: Callable[[User], Client], monitor: User, figures: None
) -> None:
    client = client_for(monitor)
    page = client.get(f"/reports/?{QUERY}")
    assert PRESET_MESSAGE not in page.content.decode()
    assert page.context["report"].period == Period(START, END)
    assert client.get(f"/reports/tables/headline.csv?{QUERY}").status_code == 200
    api = client.get(f"/api/v1/reports/headline/?{QUERY}").json()
    assert (api["start"], api["end"], api["street_contacts"]) == ("2024-03-01", "2024-03-31", 25)
    # The seed period is a preset too.
    seed = client.get("/api/v1/reports/headline/?start=2017-12-01&end=2019-02-28")
    assert seed.status_code == 200
    # Without dates: the default preset.
    assert client.get("/api/v1/reports/headline/").json()["start"] == "2024-03-01"


def test_monitoring_without_a_project_period_gets_the_seed_period(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
) -> None:
    client = client_for(make_user(lead, [Role.MONITORING]))
    data = client.get("/api/v1/reports/headline/").json()
    assert (data["start"], data["end"]) == ("2017-12-01", "2019-02-28")
    page = client.get("/reports/")
    assert page.context["report"].period == Period(*SEED_PERIOD)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ORG_MANAGER])
def test_coordinator_and_manager_keep_free_periods(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    partner_a: Organisation,
    figures: None,
    march_2024: None,
    role: str,
) -> None:
    client = client_for(make_user(partner_a, [role]))
    page = client.get(f"/reports/?{NOT_A_PRESET}")
    assert PRESET_MESSAGE not in page.content.decode()
    assert page.context["report"].period == Period(START, datetime.date(2024, 3, 30))
    assert 'name="start"' in page.content.decode()
    assert client.get(f"/reports/tables/headline.csv?{NOT_A_PRESET}").status_code == 200
    api = client.get(f"/api/v1/reports/headline/?{NOT_A_PRESET}")
    assert (api.status_code, api.json()["end"]) == (200, "2024-03-30")


# --- an organisation's manager: no network-wide stays ------------------------------------


def test_occupancy_and_stays_are_not_in_an_organisations_report(
    client_for: Callable[[User], Client],
    coordinator: User,
    manager_a: User,
    partner_b: Organisation,
    records: Records,
) -> None:
    from approdi.core.models import CodeListEntry
    from approdi.shelters import services as shelter_services
    from approdi.shelters.models import Placement

    CodeListEntry.objects.get_or_create(
        list_name="territory",
        code="varese",
        defaults={"label_it": "Varese", "label_en": "Varese", "order": 9},
    )
    structure = shelter_services.structure_create(
        acting_user=coordinator,
        organisation=partner_b,
        name="Casa B",
        territory="varese",
        kind="shelter_women",
        target_gender="women",
        phases=[],
        active_from=datetime.date(2024, 1, 1),
        address="Via B 1",
    )
    bed = shelter_services.bed_create(
        acting_user=coordinator, structure=structure, label="1", active_from=structure.active_from
    )
    person = records.person("woman", organisation=partner_b)
    Placement.objects.create(
        person=person, bed=bed, start=START, end=datetime.date(2024, 3, 11), phase="emergency"
    )
    network = client_for(coordinator).get(f"/reports/?{QUERY}").context["report"]
    stays = network.table("length_of_stay")
    assert stays.display_rows()[0][:2] == ["Pronto intervento", "1"]  # partner B's stay, 10 nights
    assert network.table("occupancy") is not None
    client = client_for(manager_a)
    own = client.get(f"/reports/?{QUERY}").context["report"]
    assert own.table("length_of_stay") is None and own.table("occupancy") is None
    for key in ("length_of_stay", "occupancy"):
        assert client.get(f"/reports/tables/{key}.csv?{QUERY}").status_code == 404
        assert client.get(f"/reports/tables/{key}.xlsx?{QUERY}").status_code == 404
    sheets = load_workbook(io.BytesIO(client.get(f"/reports/report.xlsx?{QUERY}").content))
    assert not {"occupancy", "length_of_stay"} & set(sheets.sheetnames)
    assert "headline" in sheets.sheetnames
