"""One person, not two, at intake: the referral looks the person up before creating them."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.people.models import Person, PossibleDuplicate
from approdi.people.services import DuplicateDecisionNeeded, person_create
from approdi.referrals import services
from approdi.referrals.models import Referral

from .conftest import DAY

pytestmark = pytest.mark.django_db

IDENTITY = {
    "given_names": "Blessing",
    "family_name": "Okafor",
    "birth_date": datetime.date(1999, 4, 12),
    "phone": "+39 333 123 4567",
}


def new_person(**changes: object) -> services.NewPerson:
    values: dict[str, object] = {
        "gender": "woman",
        "birth_year": 1999,
        "nationality": "NG",
        # The same identity typed differently: case, spaces, name order, phone prefix.
        "identity": {
            "given_names": "okafor",
            "family_name": "  BLESSING ",
            "birth_date": datetime.date(1999, 4, 12),
            "phone": "333-123-4567",
        },
    }
    values.update(changes)
    return services.NewPerson(**values)  # type: ignore[arg-type]


@pytest.fixture
def known_a(partner_a: Organisation) -> Person:
    return person_create(
        acting_user=None,
        code="MI-KNOWN-A",
        organisation=partner_a,
        gender="woman",
        birth_year=1999,
        nationality="NG",
        identity=IDENTITY,
    )


@pytest.fixture
def known_b(partner_b: Organisation) -> Person:
    return person_create(
        acting_user=None,
        code="MI-KNOWN-B",
        organisation=partner_b,
        gender="woman",
        birth_year=1999,
        nationality="NG",
        identity=IDENTITY,
    )


@pytest.fixture
def monitor(lead: Organisation, make_user: Callable[..., User]) -> User:
    return make_user(lead, [Role.MONITORING], username="monitor")


def intake(user: User, person: services.NewPerson) -> Referral:
    return services.referral_create(
        acting_user=user, referred_on=DAY, source_kind="cas", new_person=person
    )


def test_the_coordinator_is_shown_the_person_already_recorded_and_nothing_is_saved(
    coordinator: User, known_a: Person
) -> None:
    people, referrals = Person.objects.count(), Referral.objects.count()
    with pytest.raises(DuplicateDecisionNeeded) as raised:
        intake(coordinator, new_person())
    [candidate] = raised.value.candidates
    assert candidate.person == known_a
    assert [r.value for r in candidate.reasons] == ["identity", "phone"]
    assert (Person.objects.count(), Referral.objects.count()) == (people, referrals)


def test_a_confirmed_new_person_is_created_with_the_referral(
    coordinator: User, known_a: Person
) -> None:
    referral = intake(coordinator, new_person(confirm_new=True))
    assert referral.person != known_a
    assert referral.person.given_names == "okafor"
    # In the coordinator's scope: nothing to flag.
    assert PossibleDuplicate.objects.count() == 0


def test_a_match_outside_the_partners_scope_is_not_shown_and_is_flagged_once_confirmed(
    worker_a: User, known_b: Person
) -> None:
    with pytest.raises(DuplicateDecisionNeeded) as raised:
        intake(worker_a, new_person())
    [candidate] = raised.value.candidates
    assert candidate.person is None  # no code, no organisation, no link
    referral = intake(worker_a, new_person(confirm_new=True))
    flag = PossibleDuplicate.objects.get()
    assert (flag.person, flag.candidate) == (referral.person, known_b)


def test_an_outreach_worker_records_a_new_person_through_a_referral(
    outreach_a: User, partner_a: Organisation
) -> None:
    referral = intake(outreach_a, new_person())
    assert referral.person.organisation == partner_a
    assert referral.source_kind == "cas"


def test_a_different_person_is_created_without_asking(coordinator: User, known_a: Person) -> None:
    other = new_person(
        identity={"given_names": "Joy", "family_name": "Edo", "phone": "+39 320 000 0001"}
    )
    referral = intake(coordinator, other)
    assert referral.person.given_names == "Joy"


def test_the_monitoring_role_records_no_referral(monitor: User) -> None:
    with pytest.raises(PermissionDenied):
        intake(monitor, new_person(confirm_new=True))


def test_an_outreach_worker_is_told_nothing_and_the_match_goes_to_the_coordinator(
    outreach_a: User, known_b: Person
) -> None:
    referral = intake(outreach_a, new_person())
    flag = PossibleDuplicate.objects.get()
    assert (flag.person, flag.candidate) == (referral.person, known_b)
