"""`load_demo` builds the seed's network, exactly, and a second run changes nothing."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from approdi.accounts.models import Organisation, User
from approdi.core.models import AccessLogEntry, CodeListEntry
from approdi.network.models import NetworkActor, ProjectPeriod
from approdi.people.models import Person

PARTNERS = [
    "associazione-lule",
    "ceas",
    "comunita-progetto",
    "farsi-prossimo",
    "la-grande-casa",
    "lotta-emarginazione",
    "cooperativa-lule",
    "fondazione-somaschi",
]


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every project table (sessions and axes excepted)."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "axes"}:
            continue
        rows[model._meta.label] = sorted(
            model._default_manager.values_list(*[f.attname for f in model._meta.concrete_fields]),
            key=repr,
        )
    return rows


@pytest.fixture
def loaded(db: None) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_network_users_and_people_of_the_seed(loaded: str) -> None:
    # One load for the three (load_demo takes some seconds).
    the_network_of_the_seed()
    the_demo_users_and_their_roles(loaded)
    fictional_people_two_per_partner_and_the_history()


def the_network_of_the_seed() -> None:
    lead = Organisation.objects.get(kind="lead")
    assert lead.slug == "comune-milano"
    assert sorted(Organisation.objects.filter(kind="partner").values_list("slug", flat=True)) == (
        sorted(PARTNERS)
    )
    assert list(
        CodeListEntry.objects.filter(list_name="territory").values_list("code", flat=True)
    ) == ["como", "milano", "monza_brianza", "sondrio", "varese"]
    assert list(ProjectPeriod.objects.values_list("start", "end")) == [
        (datetime.date(2017, 12, 1), datetime.date(2019, 2, 28)),
        (datetime.date(2019, 3, 1), datetime.date(2020, 5, 31)),
    ]
    assert NetworkActor.objects.get(slug="numero-verde-antitratta").contact_channel.startswith(
        "800 290 290"
    )


def the_demo_users_and_their_roles(loaded: str) -> None:
    expected = {
        "coord": ("comune-milano", ["coordinator"]),
        "monitor": ("comune-milano", ["monitoring"]),
        "dpo": ("comune-milano", ["auditor"]),
        "admin": ("comune-milano", ["admin"]),
    }
    for slug in PARTNERS:
        expected[f"manager.{slug}"] = (slug, ["org_manager"])
        expected[f"worker.{slug}"] = (slug, ["case_worker"])
        expected[f"outreach.{slug}"] = (slug, ["outreach_worker"])
        expected[f"legal.{slug}"] = (slug, ["legal_advisor"])
    actual = {
        u.username: (u.organisation.slug, u.roles)
        for u in User.objects.select_related("organisation")
    }
    assert actual == expected
    assert all(
        u.check_password("approdi-demo")
        for u in User.objects.filter(username__in=["coord", "worker.ceas"])
    )
    assert "worker.ceas" in loaded and "approdi-demo" in loaded


def fictional_people_two_per_partner_and_the_history() -> None:
    demo_people = Person.objects.filter(code__regex=r"^MI-2019-00[1-8][12]$")
    counts = {slug: demo_people.filter(organisation__slug=slug).count() for slug in PARTNERS}
    assert counts == dict.fromkeys(PARTNERS, 2)
    assert Person.objects.get(code="MI-2019-0021").organisation.slug == "ceas"
    # The history of the two project periods: pseudonymous people, no identity.
    history = Person.objects.exclude(pk__in=demo_people).exclude(code__startswith="SG-")
    assert history.count() == 235
    assert set(history.values_list("identity_hash", flat=True)) == {""}
    assert {p.given_names + p.family_name for p in history} == {""}
    # The referrals' synthetic people carry no identity either.
    referred = Person.objects.filter(code__startswith="SG-")
    assert set(referred.values_list("identity_hash", flat=True)) == {""}


def test_a_second_run_changes_nothing(loaded: str) -> None:
    before = snapshot()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == before
    summary = out.getvalue().splitlines()[0]
    assert summary.startswith("Created: codes 0, organisations 0, users 0, periods 0, actors 0,")
    counts = [
        part.rsplit(" ", 1) for part in summary.removeprefix("Created: ").rstrip(".").split(", ")
    ]
    assert len(counts) >= 7
    assert {name: int(number) for name, number in counts} == {name: 0 for name, _n in counts}
    assert AccessLogEntry.objects.count() == len(before["core.AccessLogEntry"])
