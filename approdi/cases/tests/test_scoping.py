"""Who sees which case and which of its sections: role × organisation × assignment, in the
pages and the API; sharing grants and their expiry; docket numbers for legal staff only."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.cases import selectors, services
from approdi.cases.models import Activity, Case, LegalProceeding, Permit, ShareGrant
from approdi.core.models import AccessAction, AccessLogEntry
from approdi.core.scoping import visible_to
from approdi.people.models import Person

D = datetime.date
DOCKET = "RGNR 4242/2024"


@pytest.fixture
def records(case: Case, worker: User, partner_a: Organisation, make_user: Callable) -> Case:
    legal = make_user(partner_a, [Role.LEGAL_ADVISOR], username="lex")
    services.activity_add(acting_user=worker, case=case, kind="interview", date=D(2024, 1, 11))
    services.permit_add(acting_user=worker, case=case, kind="art18_special_cases", status="applied")
    services.proceeding_add(
        acting_user=legal,
        case=case,
        kind="criminal",
        role="injured_party",
        stage="investigation",
        docket_number=DOCKET,
    )
    return case


# (role, org, assigned: "worker"|"team"|"", sees the case page, sees content, sees docket)
MATRIX = [
    (Role.COORDINATOR, "lead", "", True, True, False),
    (Role.ORG_MANAGER, "a", "", True, True, False),
    (Role.CASE_WORKER, "a", "worker", True, True, False),
    (Role.CASE_WORKER, "a", "team", True, True, False),
    (Role.CASE_WORKER, "a", "", False, False, False),
    (Role.LEGAL_ADVISOR, "a", "", True, False, True),
    (Role.ORG_MANAGER, "b", "", False, False, False),
    (Role.CASE_WORKER, "b", "", False, False, False),
    (Role.LEGAL_ADVISOR, "b", "", False, False, False),
    (Role.OUTREACH_WORKER, "a", "", False, False, False),
    (Role.MONITORING, "lead", "", False, False, False),
    (Role.AUDITOR, "lead", "", False, False, False),
    (Role.ADMIN, "lead", "", False, False, False),
]


@pytest.fixture
def user_for(
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
    make_user: Callable[..., User],
) -> Callable[[str, str, str, Case], User]:
    orgs = {"lead": lead, "a": partner_a, "b": partner_b}

    def make(role: str, org: str, assigned: str, case: Case) -> User:
        user = make_user(orgs[org], [role])
        if assigned == "worker":
            Case.objects.filter(pk=case.pk).update(case_worker=user)
        elif assigned == "team":
            case.team.add(user)
        return user

    return make


@pytest.mark.parametrize(("role", "org", "assigned", "page", "content", "docket"), MATRIX)
def test_the_case_page_and_its_sections(
    role: str,
    org: str,
    assigned: str,
    page: bool,
    content: bool,
    docket: bool,
    records: Case,
    user_for: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    user = user_for(role, org, assigned, records)
    response = client_for(user).get(f"/cases/{records.uuid}/")
    assert response.status_code == (200 if page else 404)
    body = response.content.decode()
    assert ("MI-A-1" in body) is page
    assert ('data-testid="activities"' in body) is content
    assert ('data-testid="timeline"' in body) is content
    assert ('data-testid="permits"' in body) is page
    assert (DOCKET in body) is docket
    assert "Okafor" not in body
    assert list(visible_to(user, Activity).values_list("kind", flat=True)) == (
        ["interview"] if content else []
    )
    assert visible_to(user, Permit).count() == (1 if page else 0)
    assert sorted(visible_to(user, Person).values_list("code", flat=True)) == (
        ["MI-A-1"] if page or (role == Role.ORG_MANAGER and org == "a") else []
    )


@pytest.mark.parametrize(("role", "org", "assigned", "page", "content", "docket"), MATRIX)
def test_the_api_is_scoped_as_the_pages(
    role: str,
    org: str,
    assigned: str,
    page: bool,
    content: bool,
    docket: bool,
    records: Case,
    user_for: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    client = client_for(user_for(role, org, assigned, records))
    case_role = role in {Role.COORDINATOR, Role.ORG_MANAGER, Role.CASE_WORKER, Role.LEGAL_ADVISOR}
    detail = client.get(f"/api/v1/cases/{records.uuid}/")
    if not case_role:
        assert detail.status_code == 403
        return
    assert detail.status_code == (200 if content else 404)
    proceedings = client.get("/api/v1/proceedings/").json()["results"]
    assert len(proceedings) == (1 if page else 0)
    for item in proceedings:
        assert ("docket_number" in item) is docket
        assert (item.get("docket_number") == DOCKET) is docket
    assert len(client.get("/api/v1/activities/").json()["results"]) == (1 if content else 0)


@pytest.mark.parametrize(
    ("role", "docket"),
    [(Role.LEGAL_ADVISOR, True), (Role.CASE_WORKER, False), (Role.COORDINATOR, False)],
)
def test_the_export_carries_the_docket_for_legal_staff_only(
    role: str,
    docket: bool,
    records: Case,
    partner_a: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
) -> None:
    user = make_user(partner_a, [role])
    Case.objects.filter(pk=records.pk).update(
        case_worker=user if role == Role.CASE_WORKER else None
    )
    response = client_for(user).get("/cases/proceedings.csv")
    text = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert ("docket_number" in header, DOCKET in text) == (docket, docket)
    assert row.startswith("MI-A-1,alfa,criminal,injured_party,investigation")
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT, actor=user)
    assert entry.fields == (["docket_number"] if docket else [])


def test_only_legal_staff_record_a_docket_number(case: Case, worker: User) -> None:
    with pytest.raises(ValidationError):
        services.proceeding_add(
            acting_user=worker,
            case=case,
            kind="criminal",
            role="witness",
            stage="complaint",
            docket_number="1/2024",
        )
    assert LegalProceeding.objects.count() == 0


# Sharing


def test_a_grant_opens_one_case_to_another_organisation_until_it_expires(
    case: Case,
    worker: User,
    partner_b: Organisation,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    other = make_user(partner_b, [Role.CASE_WORKER])
    assert client_for(other).get(f"/cases/{case.uuid}/").status_code == 404
    grant = services.share_grant(
        acting_user=worker,
        case=case,
        organisation=partner_b,
        reason="Multi-agency team",
        expires_on=D(2024, 3, 31),
    )
    page = client_for(other).get(f"/cases/{case.uuid}/")
    assert page.status_code == 200
    owner_page = client_for(worker).get(f"/cases/{case.uuid}/").content.decode()
    assert "Beta" in owner_page and "Multi-agency team" in owner_page
    entry = AccessLogEntry.objects.get(action=AccessAction.SHARE_GRANT)
    assert (entry.actor, entry.object_id) == (worker, str(case.uuid))
    assert entry.fields == ["expires_on", "organisation", "reason"]
    assert list(visible_to(other, Person).values_list("code", flat=True)) == ["MI-A-1"]
    # The receiving organisation cannot pass the case on.
    with pytest.raises(PermissionDenied):
        services.share_grant(
            acting_user=other,
            case=case,
            organisation=case.organisation,
            reason="x",
            expires_on=D(2024, 3, 31),
        )
    # The last day still counts; the day after, the grant has ended by itself.
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 31))
    assert client_for(other).get(f"/cases/{case.uuid}/").status_code == 200
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 4, 1))
    assert client_for(other).get(f"/cases/{case.uuid}/").status_code == 404
    assert client_for(other).get(f"/api/v1/cases/{case.uuid}/").status_code == 404
    assert list(visible_to(other, Person)) == []
    assert ShareGrant.objects.get(pk=grant.pk).revoked_at is None


def test_a_revoked_grant_ends_at_once_and_is_logged(
    case: Case,
    coordinator: User,
    partner_b: Organisation,
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    manager = make_user(partner_b, [Role.ORG_MANAGER])
    grant = services.share_grant(
        acting_user=coordinator,
        case=case,
        organisation=partner_b,
        reason="Hearing",
        expires_on=D(2024, 12, 31),
    )
    assert list(visible_to(manager, Case)) == [case]
    services.share_revoke(acting_user=coordinator, grant=grant)
    assert list(visible_to(manager, Case)) == []
    assert AccessLogEntry.objects.filter(action=AccessAction.SHARE_GRANT).count() == 2


@pytest.mark.parametrize(
    ("org", "reason", "expires", "field"),
    [
        ("a", "x", D(2024, 4, 1), "organisation"),
        ("b", " ", D(2024, 4, 1), "reason"),
        ("b", "x", D(2024, 2, 1), "expires_on"),
    ],
)
def test_bad_grants_are_refused(
    org: str,
    reason: str,
    expires: datetime.date,
    field: str,
    case: Case,
    worker: User,
    partner_a: Organisation,
    partner_b: Organisation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.share_grant(
            acting_user=worker,
            case=case,
            organisation=partner_a if org == "a" else partner_b,
            reason=reason,
            expires_on=expires,
        )
    assert list(refused.value.message_dict) == [field]
    assert ShareGrant.objects.count() == 0


def test_identity_reads_follow_case_visibility_and_are_logged(
    case: Case,
    partner_a: Organisation,
    partner_b: Organisation,
    worker: User,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(selectors, "today", lambda: D(2024, 3, 1))
    unassigned = make_user(partner_a, [Role.CASE_WORKER])
    outsider = make_user(partner_b, [Role.CASE_WORKER])
    url = f"/people/{case.person.uuid}/"
    for user in (unassigned, outsider):
        refused = client_for(user).post(url, {"reason": ""})
        assert refused.status_code == 404 and b"Okafor" not in refused.content
    assert not AccessLogEntry.objects.filter(action=AccessAction.IDENTITY_READ).exists()
    services.share_grant(
        acting_user=worker,
        case=case,
        organisation=partner_b,
        reason="Joint hearing",
        expires_on=D(2024, 3, 31),
    )
    shown = client_for(outsider).post(url, {"reason": ""})
    assert shown.status_code == 200 and b"Okafor" in shown.content
    entry = AccessLogEntry.objects.get(action=AccessAction.IDENTITY_READ)
    assert (entry.actor, entry.object_id, entry.actor_organisation) == (
        outsider,
        str(case.person.uuid),
        "beta",
    )
