"""After `load_demo`, the report page and the API give the seed's figures (issue 7).

The seed's headline table for 1 Dec 2017 – 28 Feb 2019: street unit contacts 3575,
indoor contacts 1667, low-threshold accesses 484, people referred by organisations 553,
reception 160 women, 17 men, 2 trans, 179 in total; residential capacity 28 structures,
84 beds. Here they come out of the reports' own selectors, page and API, computed from
the demo's individual records.
"""

import datetime
import io
import re

from django.core.management import call_command
from django.test import Client, TestCase

from approdi.accounts.models import User
from approdi.conftest import verify_second_factor
from approdi.reports import selectors

SEED_PERIOD = {"start": "2017-12-01", "end": "2019-02-28"}
SEED_HEADLINE = {
    "street_contacts": 3575,
    "indoor_contacts": 1667,
    "low_threshold_accesses": 484,
    "people_referred_by_organisations": 553,
    "reception": {"woman": 160, "man": 17, "trans": 2, "other": 0, "total": 179},
}


class DemoFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=io.StringIO())

    def client_as(self, username: str) -> Client:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        verify_second_factor(client, user)
        return client

    def test_the_selectors_give_the_seeds_headline_table(self) -> None:
        coordinator = User.objects.get(username="coord")
        scope = selectors.report_scope(coordinator)
        assert scope is not None
        period = selectors.Period(datetime.date(2017, 12, 1), datetime.date(2019, 2, 28))
        figures = selectors.headline(scope=scope, period=period)
        assert {
            "street_contacts": figures.street_contacts,
            "indoor_contacts": figures.indoor_contacts,
            "low_threshold_accesses": figures.low_threshold_accesses,
            "people_referred_by_organisations": figures.people_referred_by_organisations,
            "reception": figures.reception,
        } == SEED_HEADLINE

    def test_the_capacity_table_is_the_seeds(self) -> None:
        table = selectors.capacity_report(on=datetime.date(2019, 2, 28))
        assert [values for _label, values in table.rows] == [
            [3, 6],  # emergency, women
            [16, 52],  # shelters for women
            [2, 7],  # shelters for men
            [7, 12],  # autonomy flats
            [0, 5],  # emergency places for women (third party)
            [0, 2],  # men's dormitory, Varese (third party)
            [28, 84],
        ]

    def test_the_api_gives_the_seeds_figures_to_the_coordinator(self) -> None:
        response = self.client_as("coord").get("/api/v1/reports/headline/", SEED_PERIOD)
        assert response.status_code == 200
        data = response.json()
        assert {key: data[key] for key in SEED_HEADLINE} == SEED_HEADLINE
        assert data["hidden"] == []

    def test_monitoring_gets_the_same_figures_with_the_small_cells_hidden(self) -> None:
        response = self.client_as("monitor").get("/api/v1/reports/headline/", SEED_PERIOD)
        assert response.status_code == 200
        data = response.json()
        # 2 trans is under the threshold; 17 men is hidden with it, or 179 - 160 - 17
        # would give the 2 back.
        expected = {
            **SEED_HEADLINE,
            "reception": {"woman": 160, "man": None, "trans": None, "other": 0, "total": 179},
        }
        assert {key: data[key] for key in SEED_HEADLINE} == expected
        assert [h for h in data["hidden"] if h.startswith("reception.")] == [
            "reception.man",
            "reception.trans",
        ]

    def test_the_report_page_shows_the_seeds_figures(self) -> None:
        response = self.client_as("coord").get("/reports/", SEED_PERIOD)
        assert response.status_code == 200
        html = response.content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        for label, value in [
            ("Contatti unità di strada", "3575"),
            ("Contatti indoor", "1667"),
            ("Accessi ai servizi a bassa soglia", "484"),
            ("Persone segnalate da enti", "553"),
            ("Accoglienza: donne", "160"),
            ("Accoglienza: uomini", "17"),
            ("Accoglienza: transessuali", "2"),
            ("Accoglienza: totale", "179"),
        ]:
            assert re.search(rf"{re.escape(label)} {value}\b", text), (label, value)
        assert "Accoglienza: altro" not in text
