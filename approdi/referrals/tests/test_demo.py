"""The demo referrals: the seed's 553 people referred by organisations, and idempotence."""

import datetime

import pytest
from django.utils import translation

from approdi.accounts.models import User
from approdi.cases.models import Case
from approdi.network import demo as network_demo
from approdi.referrals import demo
from approdi.referrals.models import Referral
from approdi.referrals.selectors import referral_queue
from approdi.screening.models import Assessment

pytestmark = pytest.mark.django_db


def test_demo_history_queue_and_idempotence() -> None:
    with translation.override("it"):
        network_demo.load()
        # A case opened in the seed's period, as the cases demo may hold.
        case = Case.objects.order_by("id").first()
        assert case is not None
        Case.objects.filter(pk=case.pk).update(opened_on=datetime.date(2018, 5, 3))
        first = demo.load()
        second = demo.load()

    # Exactly 553 distinct people with a referral dated in the period whose source is
    # an organisation (not self, street unit or private citizen).
    people = (
        Referral.objects.filter(
            referred_on__gte=datetime.date(2017, 12, 1),
            referred_on__lte=datetime.date(2019, 2, 28),
        )
        .exclude(source_kind__in=["self", "street_unit", "private_citizen"])
        .values("person")
        .distinct()
        .count()
    )
    assert people == 553
    # The person of the case opened in the period has an accepted referral before it.
    accepted = Referral.objects.get(person=case.person, status="accepted")
    assert accepted.case_id == case.pk
    assert accepted.referred_on <= datetime.date(2018, 5, 3)
    assert accepted.referred_on >= datetime.date(2017, 12, 1)
    # Synthetic people carry no names.
    synthetic = Referral.objects.filter(person__code__startswith="SG-").select_related("person")
    assert all(r.person.given_names == "" and r.person.family_name == "" for r in synthetic[:50])
    # Street units and self-referrals exist but are not counted; the second period too.
    assert Referral.objects.filter(
        referred_on__range=demo.PERIOD, source_kind__in=["self", "street_unit"]
    ).exists()
    assert Referral.objects.filter(referred_on__range=demo.SECOND_PERIOD).count() == 420

    assert first["referrals_open"] == 6
    assert first["assessments"] == 2
    assert first["referrals_accepted_history"] == 1
    assert second == {
        "referrals_open": 0,
        "assessments": 0,
        "referrals_accepted_history": 0,
        "referrals_history": 0,
    }
    assert Assessment.objects.count() == 2
    queue = list(referral_queue(user=User.objects.get(username="coord")))
    assert [r.person.code for r in queue][:3] == ["SG-Q-0001", "SG-Q-0002", "SG-Q-0004"]
