"""The demo outreach records: every territory has outings; a second run creates nothing."""

import io

from django.core.management import call_command
from django.db.models import Count

from approdi.outreach import demo
from approdi.outreach.models import DropInAccess, Outing, PhoneContact


def test_demo_outreach_covers_the_five_territories_and_is_idempotent(db: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    per_territory = dict(
        Outing.objects.values_list("territory").annotate(n=Count("id")).order_by("territory")
    )
    assert per_territory == {
        "como": 24,
        "milano": 72,
        "monza_brianza": 24,
        "sondrio": 24,
        "varese": 24,
    }
    assert DropInAccess.objects.count() == 90
    assert PhoneContact.objects.filter(line="h24_on_call").count() == 20
    assert demo.load() == {"outings": 0, "dropin_accesses": 0, "phone_contacts": 0}
    assert Outing.objects.count() == 168
