"""The API shell: token and session authentication, schema and docs, pagination, UUIDs."""

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.api.models import ApiToken, hash_token
from approdi.cases.tests.factories import open_case
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.people.services import person_create


@pytest.fixture
def worker(make_user: Callable[..., User], partner_a: Organisation) -> User:
    return make_user(partner_a, [Role.CASE_WORKER], username="wanda")


def make_token(username: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", username, "--name", "sync", stdout=out)
    return out.getvalue().strip()


def test_create_api_token_prints_a_key_stored_only_as_a_hash(worker: User) -> None:
    key = make_token("wanda")
    token = ApiToken.objects.get(user=worker)
    assert len(key) == 43
    assert token.key_hash == hash_token(key) and key not in token.key_hash
    assert token.prefix == key[:8]
    assert AccessLogEntry.objects.filter(action=AccessAction.API_TOKEN).count() == 1


def test_a_token_authenticates_and_sees_the_same_scope_as_the_ui(
    worker: User, partner_a: Organisation, partner_b: Organisation
) -> None:
    own = person_create(acting_user=None, code="A-1", organisation=partner_a, gender="woman")
    other = person_create(acting_user=None, code="B-1", organisation=partner_b, gender="woman")
    # A case worker sees the people of the cases assigned to them.
    open_case(own, case_worker=worker)
    open_case(other)
    client = Client(HTTP_AUTHORIZATION=f"Token {make_token('wanda')}")
    listing = client.get("/api/v1/people/")
    assert listing.status_code == 200
    assert listing.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": str(own.uuid),
                "code": "A-1",
                "organisation": "alfa",
                "gender": "woman",
                "birth_year": None,
                "nationality": "",
            }
        ],
    }
    assert client.get(f"/api/v1/people/{other.uuid}/").status_code == 404
    assert ApiToken.objects.get(user=worker).last_used_at is not None


@pytest.mark.parametrize("header", ["Token nope", "Token", "Token a b", "Token \u00e9\u00e9"])
def test_a_bad_token_is_refused(header: str, worker: User) -> None:
    response = Client(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1")).get(
        "/api/v1/me/"
    )
    assert response.status_code == 401


def test_a_revoked_token_or_inactive_user_is_refused(worker: User) -> None:
    key = make_token("wanda")
    ApiToken.objects.update(revoked=True)
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me/").status_code == 401
    key = make_token("wanda")
    User.objects.filter(pk=worker.pk).update(is_active=False)
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me/").status_code == 401


def test_create_api_token_for_an_unknown_user_fails_clearly(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No active user 'ghost'"):
        call_command("create_api_token", "ghost")


def test_anonymous_callers_get_401(db: None) -> None:
    assert Client().get("/api/v1/organisations/").status_code == 401


def test_organisations_are_listed_by_slug_with_uuid_ids(
    worker: User,
    client_for: Callable[[User], Client],
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    body = client_for(worker).get("/api/v1/organisations/").json()
    assert [r["slug"] for r in body["results"]] == ["alfa", "beta"]
    assert body["results"][0]["id"] == str(partner_a.uuid)
    assert client_for(worker).get("/api/v1/organisations/beta/").json()["name"] == "Beta"


def test_lists_are_paginated(
    worker: User, client_for: Callable[[User], Client], partner_a: Organisation
) -> None:
    for n in range(3):
        person = person_create(
            acting_user=None, code=f"A-{n}", organisation=partner_a, gender="woman"
        )
        open_case(person, case_worker=worker)
    body = client_for(worker).get("/api/v1/people/", {"page_size": 2}).json()
    assert (body["count"], len(body["results"])) == (3, 2)
    assert body["next"].endswith("page=2&page_size=2")
    assert client_for(worker).get("/api/v1/people/", {"page": 99}).status_code == 404


def test_code_lists_are_readable_and_filterable(
    worker: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(worker).get("/api/v1/code-lists/", {"list_name": "outing_kind"}).json()
    assert [r["code"] for r in body["results"]] == [
        "street",
        "indoor",
        "begging",
        "roma_camp",
        "labour_site",
    ]


def test_the_schema_and_the_docs_are_served(
    worker: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(worker)
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert {"/api/v1/people/", "/api/v1/people/{id}/", "/api/v1/me/"} <= set(paths)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"<script>" not in docs.content  # the split view keeps the CSP: no inline script


def test_session_writes_need_the_csrf_token(worker: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(worker)
    from approdi.conftest import verify_second_factor

    verify_second_factor(client, worker)
    assert client.post("/api/v1/people/", {}).status_code == 403


def test_the_schema_generates_without_warnings(db: None) -> None:
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null", stdout=out)
