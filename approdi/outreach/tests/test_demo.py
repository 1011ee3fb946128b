"""The demo outreach records: every territory has outings; a second run creates nothing."""

import io

from django.core.management import call_command
from django.db.models import Count

from approdi.outreach import demo
from approdi.outreach.models import ContactTally, DropInAccess, Outing, PhoneContact


def test_demo_outreach_covers_the_five_territories_and_is_idempotent(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    per_territory = dict(
        Outing.objects.values_list("territory").annotate(n=Count("id")).order_by("territory")
    )
    assert per_territory == {
        "como": 196,
        "milano": 647,
        "monza_brianza": 313,
        "sondrio": 65,
        "varese": 174,
    }
    assert DropInAccess.objects.count() == 484 + 517
    assert PhoneContact.objects.filter(line="h24_on_call").count() == 203
    tallies = ContactTally.objects.count()
    assert demo.load() == {
        "outings": 0,
        "contact_tallies": 0,
        "dropin_accesses": 0,
        "phone_contacts": 0,
    }
    assert Outing.objects.count() == 1395
    assert ContactTally.objects.count() == tallies


def test_apportion_splits_a_total_exactly_with_a_minimum() -> None:
    assert demo.apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert demo.apportion(7, [3, 1]) == [5, 2]
    assert sum(demo.apportion(3575, [0.3 + i % 7 for i in range(390)])) == 3575
    assert min(demo.apportion(400, [100, 0.001, 0.001])) == 1
