"""The capacity table is counted from the records; the demo data gives the seed's table."""

import datetime
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.shelters.models import Structure
from approdi.shelters.selectors import capacity_table

D = datetime.date

# The seed's "Capacità ricettiva di accoglienza residenziale" table, row by row
# (kind, structures, beds); "–" structures (third-party places) are 0 here.
SEED_TABLE = [
    ("emergency_women", 3, 6),
    ("shelter_women", 16, 52),
    ("shelter_men", 2, 7),
    ("autonomy_flat", 7, 12),
    ("emergency_places_women", 0, 5),
    ("dormitory_men", 0, 2),
]
SEED_TOTAL = (28, 84)


@pytest.fixture
def demo(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_the_demo_capacity_table_equals_the_seeds_row_by_row(demo: None) -> None:
    # Both project periods (1 Dec 2017 – 31 May 2020) and today.
    for on in [D(2017, 12, 1), D(2019, 2, 28), D(2019, 3, 1), D(2019, 6, 1), D(2020, 5, 31)]:
        rows, total = capacity_table(on=on)
        assert [(r.kind, r.structures, r.beds) for r in rows] == SEED_TABLE, on
        assert (total.structures, total.beds) == SEED_TOTAL, on
    # Before the structures open (1 June 2017) the table is empty.
    rows, total = capacity_table(on=D(2017, 5, 31))
    assert [(r.structures, r.beds) for r in rows] == [(0, 0)] * 6
    assert (total.structures, total.beds) == (0, 0)


def test_the_capacity_api_and_page_give_the_same_table(
    demo: None, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    monitor = make_user(Organisation.objects.get(slug="comune-milano"), [Role.MONITORING])
    client = client_for(monitor)
    body = client.get("/api/v1/reports/capacity/", {"date": "2018-06-01"}).json()
    assert body["date"] == "2018-06-01"
    assert [(r["kind"], r["structures"], r["beds"]) for r in body["rows"]] == SEED_TABLE
    assert (body["total"]["structures"], body["total"]["beds"]) == SEED_TOTAL
    assert body["rows"][1]["label"] == "Strutture accoglienza donne"

    page = client.get("/shelters/capacity/", {"date": "2019-06-01"})
    assert page.status_code == 200
    html = page.content.decode()
    row = '<td>Posti in emergenza per donne</td><td class="text-end">–</td>'
    assert row + '<td class="text-end">5</td>' in html
    assert '<td class="text-end">28</td><td class="text-end">84</td>' in html


@pytest.mark.parametrize("value", ["2019-02-31", "yesterday", "31/02/2019"])
def test_a_bad_date_is_a_clear_400(
    value: str,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    monitor = make_user(partner_a, [Role.MONITORING])
    response = client_for(monitor).get("/api/v1/reports/capacity/", {"date": value})
    assert response.status_code == 400
    assert response.json() == {"date": ["Inserisci una data valida (AAAA-MM-GG)."]}


def test_third_party_places_count_beds_not_structures_and_closed_ones_drop_out(
    partner_a: Organisation, make_structure: Callable[..., Structure]
) -> None:
    make_structure(partner_a, beds=3, kind="shelter_women")
    make_structure(partner_a, beds=2, kind="shelter_women", third_party=True)
    make_structure(partner_a, beds=4, kind="shelter_women", active_to=D(2019, 12, 31))
    rows, total = capacity_table(on=D(2020, 1, 1))
    assert [(r.kind, r.structures, r.beds) for r in rows if r.kind == "shelter_women"] == [
        ("shelter_women", 1, 5)
    ]
    assert (total.structures, total.beds) == (1, 5)
    _rows, total = capacity_table(on=D(2019, 12, 31))
    assert (total.structures, total.beds) == (2, 9)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.MONITORING, 200),
        (Role.CASE_WORKER, 200),
        (Role.OUTREACH_WORKER, 403),
        (Role.AUDITOR, 403),
        (Role.ADMIN, 403),
        (Role.LEGAL_ADVISOR, 403),
    ],
)
def test_who_reads_the_capacity_api(
    role: str,
    status: int,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(partner_a, [role]))
    assert client.get("/api/v1/reports/capacity/").status_code == status
