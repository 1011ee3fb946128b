"""The dashboard, its charts and downloads: who may open them, what they carry, the log."""

import io
from collections.abc import Callable

import pytest
from django.test import Client
from openpyxl import load_workbook

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessAction, AccessLogEntry

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
    assert ["Accoglienza: transessuali", "<5", "0", "<5"] in monitored
