"""The referrals API: same scope as the pages, decisions as actions, bad input is a 400."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from approdi.accounts.models import Organisation, User
from approdi.cases.models import Case
from approdi.people.models import Person
from approdi.referrals.models import Referral
from approdi.referrals.services import NewPerson, referral_accept, referral_create

from .conftest import DAY

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"


def test_create_list_and_decide(
    coordinator: User,
    person_a: Person,
    partner_b: Organisation,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(coordinator)
    response = client.post(
        URL,
        {
            "referred_on": "2024-03-01",
            "source_kind": "national_helpline",
            "person_code": "MI-A-1",
            "urgency": "urgent",
            "presumed_exploitation": ["labour"],
            "notes": "Riservato",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == "MI-A-1"
    assert body["status"] == "received"
    assert "notes" not in body
    referral_id = body["id"]
    listed = client.get(URL).json()
    assert [r["id"] for r in listed["results"]] == [referral_id]

    review = client.post(f"{URL}{referral_id}/review/")
    assert review.status_code == 200 and review.json()["status"] == "under_review"
    accept = client.post(
        f"{URL}{referral_id}/accept/", {"organisation": "beta"}, content_type="application/json"
    )
    assert accept.status_code == 200, accept.json()
    assert accept.json()["status"] == "accepted"
    assert accept.json()["assigned_organisation"] == "beta"
    assert accept.json()["case"] == str(Case.objects.get().uuid)
    again = client.post(f"{URL}{referral_id}/decline/", {"reason": "x"})
    assert again.status_code == 400
    assert again.json() == ["Una segnalazione «Accolta» non può diventare «Non accolta»."]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"person_code": "MI-A-1"},
            {
                "referred_on": ["Indica la data della segnalazione."],
                "source_kind": ["Indica la fonte della segnalazione."],
            },
        ),
        (
            {"person_code": "NOPE", "referred_on": "2024-03-01", "source_kind": "cas"},
            {"person_code": ["Nessuna persona con questo codice tra quelle che puoi vedere."]},
        ),
        (
            {
                "referred_on": "2024-03-01",
                "source_kind": "cas",
                "person_code": "MI-A-1",
                "presumed_exploitation": ["piracy"],
            },
            {"presumed_exploitation": ["Forme di sfruttamento sconosciute: piracy."]},
        ),
    ],
)
def test_bad_input_is_a_400_and_nothing_is_saved(
    coordinator: User,
    person_a: Person,
    payload: dict[str, object],
    errors: dict[str, list[str]],
    client_for: Callable[[User], Client],
) -> None:
    people = Person.objects.count()
    response = client_for(coordinator).post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == errors
    assert Referral.objects.count() == 0
    assert Person.objects.count() == people


def test_a_partner_sees_its_own_and_assigned_referrals_only(
    coordinator: User,
    manager_a: User,
    manager_b: User,
    partner_a: Organisation,
    client_for: Callable[[User], Client],
) -> None:
    def post(user: User, **extra: object) -> str:
        response = client_for(user).post(
            URL,
            {
                "referred_on": "2024-03-01",
                "source_kind": "cas",
                "new_person": {"gender": "woman", "nationality": "NG"},
                **extra,
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.json()
        return str(response.json()["id"])

    own = post(manager_a)
    other = post(manager_b)
    assigned = post(coordinator, assigned_organisation="alfa")
    unassigned = post(coordinator)
    client = client_for(manager_a)
    ids = {r["id"] for r in client.get(URL).json()["results"]}
    assert ids == {own, assigned}
    assert client.get(f"{URL}{other}/").status_code == 404
    assert client.get(f"{URL}{unassigned}/").status_code == 404
    # A partner cannot decide, even on a referral it sees.
    assert client.post(f"{URL}{own}/accept/", {"organisation": "alfa"}).status_code == 403
    assert client.post(f"{URL}{own}/withdraw/", {"reason": "doppia"}).status_code == 200
    # And cannot assign at intake.
    response = client_for(manager_a).post(
        URL,
        {
            "referred_on": "2024-03-01",
            "source_kind": "cas",
            "new_person": {"gender": "woman"},
            "assigned_organisation": "beta",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "assigned_organisation": ["Solo l'Ufficio Filtro assegna le segnalazioni."]
    }
    assert Referral.objects.count() == 4


@pytest.mark.parametrize("role", ["monitoring", "auditor", "admin"])
def test_roles_without_referrals_are_refused(
    role: str,
    lead: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    assert client_for(make_user(lead, [role])).get(URL).status_code == 403


def test_a_new_person_who_may_be_recorded_already_is_a_400_with_the_candidates(
    manager_a: User, person_a: Person, client_for: Callable[[User], Client]
) -> None:
    client = client_for(manager_a)
    payload = {
        "referred_on": "2024-03-01",
        "source_kind": "cas",
        "new_person": {"gender": "woman", "given_names": "Joy", "family_name": "Okafor"},
    }
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["candidates"] == ["MI-A-1"]
    assert body["hidden_match"] == ["False"]
    assert (Referral.objects.count(), Person.objects.count()) == (0, 1)

    payload["new_person"]["confirm_new"] = True  # type: ignore[index]
    response = client.post(URL, payload, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["person"] != "MI-A-1"
    assert Person.objects.count() == 2


def test_the_list_asks_where_each_was_taken_in_with_one_query_per_page(
    worker_a: User,
    coordinator: User,
    partner_b: Organisation,
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(worker_a)

    def accepted_referral() -> None:
        referral = referral_create(
            acting_user=worker_a,
            referred_on=DAY,
            source_kind="street_unit",
            new_person=NewPerson(gender="woman"),
        )
        referral_accept(acting_user=coordinator, referral=referral, organisation=partner_b)

    def queries_for_the_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        assert response.status_code == 200
        assert {r["assigned_organisation"] for r in response.json()["results"]} == {None}
        return len(captured)

    accepted_referral()
    client.get(URL)  # the session's first request does more (its refresh)
    one = queries_for_the_list()
    accepted_referral()
    accepted_referral()
    assert queries_for_the_list() == one
