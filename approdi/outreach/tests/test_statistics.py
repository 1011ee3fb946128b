"""The emersione table's figures: exact counts, small cells for monitoring, CSV and chart."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.network.models import ProjectPeriod
from approdi.outreach.models import Outing
from approdi.outreach.services import ServiceInput, TallyInput
from approdi.outreach.statistics import Table, emersione_table, suppress_small_cells


@pytest.fixture
def figures(outreach_a: User, outreach_b: User, make_outing: Callable[..., Outing]) -> None:
    make_outing(
        outreach_a,
        shift="night",
        kind="street",
        tallies=[
            TallyInput(gender="woman", status="new", count=12, nationality="NG"),
            TallyInput(gender="woman", status="known", count=3, nationality="RO"),
        ],
    )
    make_outing(
        outreach_b,
        shift="day",
        kind="indoor",
        territory="como",
        date=datetime.date(2026, 4, 2),
        tallies=[
            TallyInput(gender="trans", status="new", count=7, nationality="BR"),
        ],
        services=[ServiceInput(service="information", quantity=6)],
    )


def test_exact_figures_for_the_coordinator(
    figures: None, make_user: Callable[..., User], lead: Organisation
) -> None:
    coordinator = make_user(lead, [Role.COORDINATOR])
    outings = emersione_table(user=coordinator, name="outings")
    assert outings is not None
    assert outings.display_rows() == [["Strada", "0", "1", "1"], ["Indoor", "1", "0", "1"]]
    gender = emersione_table(user=coordinator, name="contacts_gender")
    assert gender is not None
    assert gender.display_rows() == [["Donna", "12", "3", "15"], ["Trans", "7", "0", "7"]]
    months = emersione_table(user=coordinator, name="territory_month", territory="como")
    assert months is not None
    assert months.display_rows() == [["2026-04 · Como", "1", "7", "0", "0"]]
    services = emersione_table(user=coordinator, name="services")
    assert services is not None
    assert services.display_rows() == [
        ["Informazione", "6", "0", "6"],
        ["Materiale di prevenzione: Preservativi", "40", "0", "40"],
    ]


def test_monitoring_sees_small_cells_suppressed_and_not_recoverable(
    figures: None, make_user: Callable[..., User], lead: Organisation
) -> None:
    monitor = make_user(lead, [Role.MONITORING])
    gender = emersione_table(user=monitor, name="contacts_gender")
    assert gender is not None
    # 3 is small; 12 is hidden too, or 15 - 12 would give the 3 away. 12 is not under 5:
    # both are "n.d." (a "<5" on the 3 alone would say the other is at least 5: 11 to 14).
    assert gender.display_rows() == [["Donna", "n.d.", "n.d.", "15"], ["Trans", "7", "0", "7"]]
    assert gender.withheld_note.startswith("n.d.: non mostrato")


def test_secondary_suppression_hides_the_total_when_nothing_else_can_be() -> None:
    table = Table("t", "t", "row", ["a", "b"], [("x", [3, 0])])
    suppress_small_cells(table, 5)
    assert table.display_rows() == [["x", "<5", "0", "<5"]]  # 3 and its total 3: both small


def test_primary_cells_keep_their_mark_where_no_companion_was_needed() -> None:
    table = Table("t", "t", "row", ["a", "b"], [("x", [3, 2]), ("y", [20, 1]), ("z", [9, 9])])
    suppress_small_cells(table, 5)
    assert table.display_rows() == [
        ["x", "<5", "<5", "5"],  # 3 and 2: two unknowns, a total of 5
        ["y", "n.d.", "n.d.", "21"],  # 20 hidden only with the 1: both "n.d."
        ["z", "9", "9", "18"],
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OUTREACH_WORKER, 200),
        (Role.ORG_MANAGER, 200),
        (Role.COORDINATOR, 200),
        (Role.MONITORING, 200),
        (Role.CASE_WORKER, 404),
        (Role.AUDITOR, 404),
        (Role.ADMIN, 404),
    ],
)
def test_statistics_page_per_role(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    partner_a: Organisation,
    figures: None,
    role: str,
    status: int,
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get("/outreach/stats/").status_code == status
    assert client.get("/outreach/stats/outings.svg").status_code == status


def test_csv_download_is_logged_and_suppressed_for_monitoring(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
    figures: None,
) -> None:
    monitor = make_user(lead, [Role.MONITORING], username="monitor")
    response = client_for(monitor).get("/outreach/stats/contacts_gender.csv?territory=milano")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert body.splitlines() == [
        "Genere,Nuovo,Conosciuto,Totale",
        "Donna,n.d.,n.d.,15",
        "",
        '"n.d.: non mostrato: un numero inferiore a 5, oppure un dato nascosto perché un tale '
        'numero non si possa ricavare dai totali o dagli altri dati."',
    ]
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.actor_username, entry.object_id, entry.fields) == (
        "monitor",
        "contacts_gender",
        ["territory"],
    )


def test_chart_is_svg_and_unknown_tables_are_404(
    client_for: Callable[[User], Client], outreach_a: User, figures: None
) -> None:
    client = client_for(outreach_a)
    svg = client.get("/outreach/stats/contacts_nationality.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    assert b">NG</text>" in svg.content
    assert client.get("/outreach/stats/people.svg").status_code == 404
    assert client.get("/outreach/stats/people.csv").status_code == 404


def test_bad_filter_dates_are_shown_not_a_server_error(
    client_for: Callable[[User], Client], outreach_a: User, figures: None
) -> None:
    response = client_for(outreach_a).get("/outreach/stats/?date_from=2026-02-31")
    assert response.status_code == 200
    assert response.context["filters"].errors["date_from"]


def test_monitoring_may_pick_only_whole_project_periods(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
    figures: None,
) -> None:
    ProjectPeriod.objects.create(
        name="Bando 2019",
        funder="DPO",
        start=datetime.date(2019, 3, 1),
        end=datetime.date(2020, 5, 31),
    )
    client = client_for(make_user(lead, [Role.MONITORING], username="monitor"))
    url = "/outreach/stats/contacts_gender.csv"
    everything = b"".join(client.get(url).streaming_content)  # type: ignore[attr-defined]
    one_day = {"date_from": "2019-03-01", "date_to": "2019-03-02"}
    # Any other dates are refused: the figures are those of no filter, never of the days.
    page = client.get("/outreach/stats/", one_day).content.decode()
    assert "Si può scegliere solo un intero periodo di progetto: Bando 2019" in page
    refused = b"".join(client.get(url, one_day).streaming_content)  # type: ignore[attr-defined]
    assert refused == everything
    whole = {"date_from": "2019-03-01", "date_to": "2020-05-31"}
    page = client.get("/outreach/stats/", whole).content.decode()
    assert "Si può scegliere solo" not in page


def test_the_coordinator_picks_any_dates(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
    figures: None,
) -> None:
    client = client_for(make_user(lead, [Role.COORDINATOR], username="coord"))
    page = client.get(
        "/outreach/stats/", {"date_from": "2019-03-01", "date_to": "2019-03-02"}
    ).content.decode()
    assert "Si può scegliere solo" not in page
