"""The demo governance data: the seed's four kinds of table, loaded once."""

import io

import pytest
from django.core.management import call_command

from approdi.governance.models import ActionItem, Meeting, Table, TrainingEvent
from approdi.network.models import Protocol

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_seeds_tables_once() -> None:
    call_command("load_demo", stdout=io.StringIO())
    kinds = sorted(set(Table.objects.values_list("kind", flat=True)))
    counts = (
        Table.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
        TrainingEvent.objects.count(),
        Protocol.objects.filter(kind="operational").count(),
    )
    assert kinds == ["emersione", "multi_agency_team", "technical_coordination", "working_group"]
    emersione = Table.objects.get(kind="emersione")
    assert (emersione.frequency_months, emersione.member_organisations.count()) == (2, 6)
    technical = Table.objects.get(kind="technical_coordination")
    assert (technical.frequency_months, technical.member_organisations.count()) == (1, 9)

    call_command("load_demo", stdout=io.StringIO())

    assert counts == (
        Table.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
        TrainingEvent.objects.count(),
        Protocol.objects.filter(kind="operational").count(),
    )
    assert counts == (7, 13 + 7 + 5 + 4 + 2, 4, 4, 3)
