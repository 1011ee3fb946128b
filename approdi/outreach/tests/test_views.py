"""Entry screens (browser form and the phone's JSON), lists, scoping per role, query counts."""

import datetime
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.outreach.models import ContactTally, Outing, ServiceGiven
from approdi.outreach.services import dropin_access_create, phone_contact_create

from .conftest import outing_payload

NEW = "/outreach/outings/new/"


def post_json(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_the_entry_screen_offers_the_user_s_defaults(
    client_for: Callable[[User], Client], outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    make_outing(outreach_a, shift="day", kind="indoor", area="Corso Como", team_size=3)
    response = client_for(outreach_a).get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["shift"] == "day"
    assert form.initial["kind"] == "indoor"
    assert form.initial["area"] == "Corso Como"
    assert form.initial["team_size"] == 3
    assert "organisation" not in form.fields  # fixed: the user's own
    assert 'name="tallies-0-count"' in response.content.decode()


def test_json_entry_creates_the_outing_once_per_key(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    client = client_for(outreach_a)
    data = outing_payload()
    first = post_json(client, NEW, data)
    second = post_json(client, NEW, data)
    assert first.status_code == 201
    assert second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["created"] is False
    outing = Outing.objects.get()
    assert str(outing.idempotency_key) == data["idempotency_key"]
    assert list(
        outing.tallies.values_list(
            "gender", "status", "count", "age_band", "nationality", "setting"
        )
    ) == [("woman", "new", 4, "18_25", "NG", "street_prostitution")]
    assert sorted(outing.services.values_list("service", "material", "quantity")) == [
        ("information", "", 2),
        ("prevention_material", "condoms", 30),
    ]


def test_browser_form_post_creates_and_redirects(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    response = client_for(outreach_a).post(NEW, data=outing_payload())
    assert response.status_code == 302
    assert Outing.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"tallies-0-count": "-2"},
            "tallies-0-count",
            "Ensure this value is greater than or equal to 0.",
        ),
        (
            {"tallies-0-count": "501"},
            "tallies-0-count",
            "Ensure this value is less than or equal to 500.",
        ),
        (
            {"material_condoms": "-1"},
            "material_condoms",
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"date": "2999-01-01"}, "date", "The date cannot be in the future."),
        (
            {"kind": "submarine"},
            "kind",
            "Select a valid choice. submarine is not one of the available choices.",
        ),
        (
            {"territory": "atlantis"},
            "territory",
            "Select a valid choice. atlantis is not one of the available choices.",
        ),
        (
            {"tallies-0-nationality": "QQ"},
            "tallies-0-nationality",
            "“QQ” is not a country code (ISO 3166-1, two letters).",
        ),
        (
            {"tallies-0-setting": "moon"},
            "tallies-0-setting",
            "Select a valid choice. moon is not one of the available choices.",
        ),
        ({"date": "2026-02-31"}, "date", "Enter a valid date."),
    ],
)
def test_bad_json_input_names_the_field_and_saves_nothing(
    client_for: Callable[[User], Client],
    outreach_a: User,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    client = client_for(outreach_a)
    client.cookies["django_language"] = "en"
    response = post_json(client, NEW, outing_payload(**overrides))
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert Outing.objects.count() == 0
    assert ContactTally.objects.count() == 0
    assert ServiceGiven.objects.count() == 0


def test_bad_form_input_is_shown_on_the_field_in_italian(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    response = client_for(outreach_a).post(NEW, data=outing_payload(**{"tallies-0-count": "501"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        'data-error-for="tallies-0-count">Assicurati che questo valore sia minore o uguale a 500.'
        in html
    )
    assert Outing.objects.count() == 0


def test_malformed_json_is_a_plain_404_not_a_server_error(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    response = client_for(outreach_a).post(NEW, data="{nope", content_type="application/json")
    assert response.status_code == 404
    assert Outing.objects.count() == 0


def test_the_coordinator_chooses_the_organisation(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    lead: Organisation,
    partner_b: Organisation,
) -> None:
    coordinator = make_user(lead, [Role.COORDINATOR])
    response = post_json(client_for(coordinator), NEW, outing_payload(organisation="beta"))
    assert response.status_code == 201
    assert Outing.objects.get().organisation == partner_b


def test_a_partner_cannot_post_for_another_organisation(
    client_for: Callable[[User], Client], outreach_a: User, partner_b: Organisation
) -> None:
    response = post_json(client_for(outreach_a), NEW, outing_payload(organisation="beta"))
    assert response.status_code == 201  # the field is not offered: its own organisation
    assert Outing.objects.get().organisation == outreach_a.organisation


def test_dropin_and_phone_json_entry(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    client = client_for(outreach_a)
    key = str(uuid.uuid4())
    dropin = {
        "idempotency_key": key,
        "date": "2026-03-02",
        "territory": "milano",
        "place": "Drop-in",
        "gender": "woman",
        "status": "known",
        "nationality": "RO",
        "language": "ro",
        "mediator_present": "on",
        "service_listening": "1",
    }
    assert post_json(client, "/outreach/dropin/new/", dropin).status_code == 201
    assert post_json(client, "/outreach/dropin/new/", dropin).status_code == 200
    phone = {
        "idempotency_key": key,
        "date": "2026-03-02",
        "territory": "milano",
        "line": "h24_on_call",
        "caller": "police",
    }
    assert post_json(client, "/outreach/phone/new/", phone).status_code == 201
    bad = post_json(
        client,
        "/outreach/phone/new/",
        {**phone, "idempotency_key": str(uuid.uuid4()), "line": "pager"},
    )
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["line"]


ROLE_MATRIX = [
    (Role.OUTREACH_WORKER, 200, {"alfa"}),
    (Role.ORG_MANAGER, 200, {"alfa"}),
    (Role.COORDINATOR, 200, {"alfa", "beta"}),
    (Role.CASE_WORKER, 404, None),
    (Role.LEGAL_ADVISOR, 404, None),
    (Role.MONITORING, 404, None),
    (Role.AUDITOR, 404, None),
    (Role.ADMIN, 404, None),
]


@pytest.mark.parametrize(("role", "status", "organisations"), ROLE_MATRIX)
def test_lists_and_api_are_scoped_per_role(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    partner_a: Organisation,
    outreach_a: User,
    outreach_b: User,
    make_outing: Callable[..., Outing],
    role: str,
    status: int,
    organisations: set[str] | None,
) -> None:
    mine = make_outing(outreach_a)
    theirs = make_outing(outreach_b)
    for worker in (outreach_a, outreach_b):
        assert worker.organisation is not None
        dropin_access_create(
            acting_user=worker,
            organisation=worker.organisation,
            idempotency_key=uuid.uuid4(),
            territory="milano",
            date=datetime.date(2026, 3, 1),
            place="Drop-in",
        )
        phone_contact_create(
            acting_user=worker,
            organisation=worker.organisation,
            idempotency_key=uuid.uuid4(),
            territory="milano",
            date=datetime.date(2026, 3, 1),
            line="h24_on_call",
            caller="police",
        )
    client = client_for(make_user(partner_a, [role]))
    page = client.get("/outreach/outings/")
    assert page.status_code == status
    api = client.get("/api/v1/outings/")
    if organisations is None:
        # The API refuses the role outright (as for people): no row, and no telling
        # whether a record exists: a missing id answers the same.
        assert api.status_code == 403
        assert client.get(f"/api/v1/outings/{mine.uuid}/").status_code == 403
        assert client.get(f"/api/v1/outings/{uuid.uuid4()}/").status_code == 403
        assert client.get("/outreach/dropin/").status_code == 404
        assert client.get("/outreach/phone/").status_code == 404
        assert client.get(NEW).status_code == 404
        return
    assert api.status_code == 200
    assert {row["organisation"] for row in api.json()["results"]} == organisations
    assert {o.organisation.slug for o in page.context["page"]} == organisations
    detail = client.get(f"/api/v1/outings/{theirs.uuid}/")
    assert detail.status_code == (200 if "beta" in organisations else 404)
    for url in ("/api/v1/dropin-accesses/", "/api/v1/phone-contacts/"):
        rows = client.get(url).json()["results"]
        assert {row["organisation"] for row in rows} == organisations
    assert {a.organisation.slug for a in client.get("/outreach/dropin/").context["page"]} == (
        organisations
    )


def test_api_outing_carries_its_tallies(
    client_for: Callable[[User], Client], outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    outing = make_outing(outreach_a)
    body = client_for(outreach_a).get(f"/api/v1/outings/{outing.uuid}/").json()
    assert body["contacts"] == 5
    assert body["tallies"] == [
        {
            "gender": "woman",
            "age_band": "",
            "nationality": "NG",
            "status": "new",
            "setting": "",
            "count": 3,
            "linked_to_person": False,
        },
        {
            "gender": "trans",
            "age_band": "",
            "nationality": "",
            "status": "known",
            "setting": "",
            "count": 2,
            "linked_to_person": False,
        },
    ]
    assert body["services"] == [
        {"service": "prevention_material", "material": "condoms", "quantity": 40}
    ]


def bulk_outings(organisation: Organisation, n: int) -> None:
    outings = Outing.objects.bulk_create(
        Outing(
            organisation=organisation,
            idempotency_key=uuid.uuid4(),
            territory="milano",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            shift="night",
            kind="street",
            team_size=2,
            duration_minutes=120,
        )
        for i in range(n)
    )
    ContactTally.objects.bulk_create(
        ContactTally(outing=o, gender="woman", status="new", count=2) for o in outings
    )
    ServiceGiven.objects.bulk_create(
        ServiceGiven(outing=o, service="information", quantity=1) for o in outings
    )


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm up: the first request of a session also writes the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The same on every page whatever the number of outings: the request's own (session,
# user, second factor), then count, page (organisation joined), tallies, services, and
# for the page the code labels.
@pytest.mark.parametrize(
    ("url", "expected"),
    [("/outreach/outings/", 9), ("/outreach/outings/?page=2", 9), ("/api/v1/outings/", 7)],
)
def test_list_queries_are_fixed_at_60_and_1000_outings(
    client_for: Callable[[User], Client], outreach_a: User, url: str, expected: int
) -> None:
    assert outreach_a.organisation is not None
    client = client_for(outreach_a)
    bulk_outings(outreach_a.organisation, 60)  # two pages at least
    at_small = count_queries(client, url)
    bulk_outings(outreach_a.organisation, 940)
    at_large = count_queries(client, url)
    assert Outing.objects.count() == 1000
    assert at_small == at_large == expected


def test_query_count_at_10_outings_equals_1000(
    client_for: Callable[[User], Client], outreach_a: User
) -> None:
    assert outreach_a.organisation is not None
    client = client_for(outreach_a)
    bulk_outings(outreach_a.organisation, 10)
    small = {u: count_queries(client, u) for u in ("/outreach/outings/", "/api/v1/outings/")}
    bulk_outings(outreach_a.organisation, 990)
    large = {u: count_queries(client, u) for u in ("/outreach/outings/", "/api/v1/outings/")}
    assert small == large == {"/outreach/outings/": 9, "/api/v1/outings/": 7}


def test_service_worker_is_served_for_the_outreach_scope(client: Client, db: None) -> None:
    response = client.get("/outreach/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/outreach/"
    body = response.content.decode()
    assert '"/outreach/outings/new/"' in body
    assert "outreach/offline-entry.js" in body


def test_sync_gives_a_token_to_writers_only(
    client_for: Callable[[User], Client],
    outreach_a: User,
    make_user: Callable[..., User],
    partner_a: Organisation,
) -> None:
    body = client_for(outreach_a).get("/outreach/sync/").json()
    assert body["user"] == "street.alfa"
    assert len(body["csrf"]) == 64
    assert (
        client_for(make_user(partner_a, [Role.MONITORING])).get("/outreach/sync/").status_code
        == 404
    )


def test_the_list_shows_labels_and_head_counts_never_a_person(
    client_for: Callable[[User], Client], outreach_a: User, make_outing: Callable[..., Outing]
) -> None:
    make_outing(outreach_a)
    html = client_for(outreach_a).get("/outreach/outings/").content.decode()
    assert "<td>Milano</td>" in html
    assert "<td>Strada</td>" in html
    assert "3 donna nuovo, 2 trans conosciuto" in html
    assert "Preservativi × 40" in html


def test_a_manager_links_a_dropin_access_to_a_person_of_its_scope(
    client_for: Callable[[User], Client],
    make_user: Callable[..., User],
    partner_a: Organisation,
    partner_b: Organisation,
    outreach_a: User,
) -> None:
    from approdi.outreach.models import DropInAccess
    from approdi.people.services import person_create

    manager = make_user(partner_a, [Role.ORG_MANAGER])
    client = client_for(manager)
    post_json(
        client,
        "/outreach/dropin/new/",
        {
            "idempotency_key": str(uuid.uuid4()),
            "date": "2026-03-02",
            "territory": "milano",
            "place": "Drop-in",
        },
    )
    access = DropInAccess.objects.get()
    person_create(acting_user=None, code="MI-2026-0001", organisation=partner_a, gender="woman")
    person_create(acting_user=None, code="MI-2026-0002", organisation=partner_b, gender="woman")
    url = f"/outreach/dropin/{access.uuid}/link/"

    hidden = client.post(url, {"code": "MI-2026-0002"})
    assert hidden.status_code == 200
    assert hidden.context["form"].errors["code"] == ["Nessuna persona con questo codice."]
    missing = client.post(url, {"code": "MI-2026-9999"})
    assert missing.context["form"].errors["code"] == hidden.context["form"].errors["code"]
    access.refresh_from_db()
    assert access.person is None

    assert client.post(url, {"code": "MI-2026-0001"}).status_code == 302
    access.refresh_from_db()
    assert access.person is not None and access.person.code == "MI-2026-0001"
    assert "✓" in client.get("/outreach/dropin/").content.decode()

    # An outreach worker cannot link; another organisation's manager does not find the record.
    assert client_for(outreach_a).get(url).status_code == 404
    other = make_user(partner_b, [Role.ORG_MANAGER])
    assert client_for(other).get(url).status_code == 404
    assert client.get(f"/outreach/people/{access.uuid}/link/").status_code == 404
