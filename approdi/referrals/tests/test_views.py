"""Pages of referrals: the queue, intake, decisions; roles and scope give 404."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from approdi.accounts.models import Organisation, User
from approdi.cases.models import Case
from approdi.core.models import AccessLogEntry
from approdi.people.models import Person
from approdi.referrals.models import Referral
from approdi.referrals.services import NewPerson, referral_accept, referral_create

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_queue_page_shows_the_most_pressing_first(
    coordinator: User,
    person_a: Person,
    partner_a: Organisation,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    make_referral(person_a, urgency="ordinary")
    from approdi.people.services import person_create

    other = person_create(acting_user=None, code="MI-A-2", organisation=partner_a, gender="man")
    make_referral(other, urgency="immediate_danger")
    response = client_for(coordinator).get(reverse("referrals:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("MI-A-2") < body.index("MI-A-1")
    assert "Coda delle segnalazioni" in body


def test_home_panel_for_the_coordinator_only(
    coordinator: User,
    worker_a: User,
    person_a: Person,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    make_referral(person_a)
    body = client_for(coordinator).get("/").content.decode()
    assert 'data-testid="home-referrals"' in body and "MI-A-1" in body
    assert 'data-testid="home-referrals"' not in client_for(worker_a).get("/").content.decode()


def test_intake_form_creates_a_new_person(
    manager_a: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager_a).post(
        reverse("referrals:create"),
        {
            "referred_on": "2024-03-01",
            "source_kind": "cas",
            "urgency": "urgent",
            "presumed_exploitation": ["sexual"],
            "new_gender": "woman",
            "new_nationality": "NG",
            "new_given_names": "Blessing",
            "notes": "Segnalata dal CAS di via Corelli",
        },
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.uuid])
    assert referral.person.given_names == "Blessing"
    assert referral.urgency == "urgent"
    assert referral.presumed_exploitation == ["sexual"]


def test_intake_without_source_or_date_rerenders_with_the_messages(
    manager_a: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager_a).post(
        reverse("referrals:create"), {"urgency": "ordinary", "new_gender": "woman"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Indica la data della segnalazione." in body
    assert "Indica la fonte della segnalazione." in body
    assert Referral.objects.count() == 0
    assert Person.objects.count() == 0


def test_accept_from_the_page_opens_the_case(
    coordinator: User,
    person_a: Person,
    partner_b: Organisation,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = make_referral(person_a)
    client = client_for(coordinator)
    url = reverse("referrals:decide", args=[referral.uuid, "accept"])
    response = client.post(
        url,
        {
            "accept-organisation": partner_b.pk,
            "accept-programme": "art13_first_assistance",
            "accept-path": "social",
        },
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert Case.objects.get().organisation == partner_b
    # Deciding again is refused with the reason, nothing changes.
    response = client.post(
        reverse("referrals:decide", args=[referral.uuid, "decline"]), {"decline-reason": "x"}
    )
    assert response.status_code == 200
    assert "Una segnalazione «Accolta» non può diventare «Non accolta»." in (
        response.content.decode()
    )
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_decline_without_reason_rerenders(
    coordinator: User,
    person_a: Person,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = make_referral(person_a)
    response = client_for(coordinator).post(
        reverse("referrals:decide", args=[referral.uuid, "decline"]), {"decline-reason": ""}
    )
    assert response.status_code == 200
    assert "Indica il motivo del rifiuto." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "received"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("manager_a", 200),
        # Colleagues of the head of team who made it: not their referral, not their case.
        ("worker_a", 404),
        ("outreach_a", 404),
        ("manager_b", 404),
        ("worker_b", 404),
    ],
)
def test_referral_page_by_role(
    who: str,
    status: int,
    request: pytest.FixtureRequest,
    manager_a: User,
    person_a: Person,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = make_referral(person_a, by=manager_a)
    user = request.getfixturevalue(who)
    response = client_for(user).get(reverse("referrals:detail", args=[referral.uuid]))
    assert response.status_code == status


@pytest.mark.parametrize("role", ["monitoring", "auditor", "admin"])
def test_pages_are_404_for_roles_without_referrals(
    role: str,
    lead: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(make_user(lead, [role]))
    assert client.get(reverse("referrals:list")).status_code == 404
    assert client.get(reverse("referrals:create")).status_code == 404


def test_partner_cannot_decide_from_the_page(
    manager_a: User,
    person_a: Person,
    partner_a: Organisation,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = make_referral(person_a, by=manager_a)
    response = client_for(manager_a).post(
        reverse("referrals:decide", args=[referral.uuid, "accept"]),
        {
            "accept-organisation": partner_a.pk,
            "accept-programme": "art13_first_assistance",
            "accept-path": "social",
        },
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "received"


def test_outreach_sees_its_referral_without_the_assessment_link(
    outreach_a: User,
    manager_a: User,
    person_a: Person,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = make_referral(person_a, by=manager_a)
    body = client_for(outreach_a).get(reverse("referrals:detail", args=[referral.uuid]))
    assert 'data-testid="record-assessment"' not in body.content.decode()
    body = client_for(manager_a).get(reverse("referrals:detail", args=[referral.uuid]))
    assert 'data-testid="record-assessment"' in body.content.decode()


def test_intake_shows_the_person_already_recorded_then_uses_them(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager_a)
    data = {
        "referred_on": "2024-03-01",
        "source_kind": "cas",
        "urgency": "ordinary",
        "new_gender": "woman",
        "new_given_names": "OKAFOR",
        "new_family_name": "joy",
    }
    response = client.post(reverse("referrals:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="duplicate-candidates"' in body
    assert 'data-testid="candidate-code">MI-A-1<' in body
    assert "potrebbe essere già registrata" in body
    assert (Referral.objects.count(), Person.objects.count()) == (0, 1)

    response = client.post(reverse("referrals:create"), {**data, "use_code": "MI-A-1"})
    assert response.status_code == 302
    assert Referral.objects.get().person == person_a
    assert Person.objects.count() == 1


def test_intake_creates_the_new_person_once_confirmed(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager_a).post(
        reverse("referrals:create"),
        {
            "referred_on": "2024-03-01",
            "source_kind": "cas",
            "urgency": "ordinary",
            "new_gender": "woman",
            "new_given_names": "Joy",
            "new_family_name": "Okafor",
            "new_confirm": "on",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.person != person_a
    assert Person.objects.count() == 2


def test_the_partner_that_referred_her_learns_the_outcome_not_where_she_is(
    worker_a: User,
    coordinator: User,
    partner_b: Organisation,
    make_referral: Callable[..., Referral],
    client_for: Callable[[User], Client],
) -> None:
    referral = referral_create(
        acting_user=worker_a,
        referred_on=DAY,
        source_kind="street_unit",
        new_person=NewPerson(gender="woman"),
    )
    referral_accept(acting_user=coordinator, referral=referral, organisation=partner_b)
    client = client_for(worker_a)
    detail = client.get(reverse("referrals:detail", args=[referral.uuid])).content.decode()
    assert "Accolta" in detail
    assert partner_b.name not in detail
    assert 'data-testid="case"' not in detail
    assert "un'altra organizzazione della rete" in detail
    listing = client.get(reverse("referrals:list")).content.decode()
    assert partner_b.name not in listing
    api = client.get(f"/api/v1/referrals/{referral.uuid}/").json()
    assert (api["status"], api["assigned_organisation"], api["case"]) == ("accepted", None, None)
    # The coordination office sees where.
    coordinator_view = client_for(coordinator).get(f"/api/v1/referrals/{referral.uuid}/").json()
    assert coordinator_view["assigned_organisation"] == partner_b.slug


def test_a_lookup_that_finds_someone_is_in_the_access_log(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    response = client_for(manager_a).post(
        reverse("referrals:create"),
        {
            "referred_on": "2024-03-01",
            "source_kind": "cas",
            "urgency": "ordinary",
            "new_gender": "woman",
            "new_given_names": "Joy",
            "new_family_name": "Okafor",
        },
    )
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get(action="duplicate_lookup")
    assert (entry.actor, entry.object_type, entry.object_id, entry.fields) == (
        manager_a,
        "people.person",
        str(person_a.uuid),
        ["names"],
    )
