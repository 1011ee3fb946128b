"""The governance pages: recording a meeting end to end, clear errors on bad input in the
user's language, the owner's home page, protocols with their document."""

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.governance.models import ActionItem, Attendance, Decision, Meeting, Table
from approdi.network.models import Protocol, ProtocolDocument

pytestmark = pytest.mark.django_db


def test_a_member_records_a_meeting_attendance_decision_and_action_item(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    table: Table,
    partner_a: Organisation,
) -> None:
    manager = make_user(partner_a, [Role.ORG_MANAGER], username="manager.alfa")
    client = client_for(manager)

    response = client.post(
        f"/governance/tables/{table.uuid}/meetings/new/",
        {"date": "2026-11-20", "place": "Casa dei Diritti", "agenda": "1. Posti", "minutes": ""},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/governance/meetings/{meeting.uuid}/"

    base = f"/governance/meetings/{meeting.uuid}"
    assert (
        client.post(
            f"{base}/attendance/", {"who": f"org:{partner_a.uuid}", "status": "present"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/attendance/", {"who": "user:manager.alfa", "status": "present"}
        ).status_code
        == 302
    )
    assert (
        client.post(f"{base}/decisions/", {"text": "Aggiornare la tabella dei posti."}).status_code
        == 302
    )
    assert (
        client.post(
            f"{base}/action-items/",
            {"description": "Inviare i dati.", "owner": manager.pk, "due_date": "2026-12-05"},
        ).status_code
        == 302
    )

    assert list(Attendance.objects.values_list("status", flat=True)) == ["present", "present"]
    assert list(Decision.objects.values_list("text", flat=True)) == [
        "Aggiornare la tabella dei posti."
    ]
    item = ActionItem.objects.get()
    assert (item.owner, item.due_date, item.status) == (manager, datetime.date(2026, 12, 5), "open")
    page = client.get(base + "/").content.decode()
    assert "Aggiornare la tabella dei posti." in page and "Inviare i dati." in page


def test_an_action_item_without_owner_or_due_date_shows_the_errors_in_italian(
    client_for: Callable[[User], Client], coordinator: User, meeting: Meeting
) -> None:
    response = client_for(coordinator).post(
        f"/governance/meetings/{meeting.uuid}/action-items/",
        {"description": "Fare", "owner": "", "due_date": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ogni azione ha bisogno di un responsabile." in page
    assert "Ogni azione ha bisogno di una scadenza." in page
    assert ActionItem.objects.count() == 0


def test_hostile_text_is_escaped_and_an_impossible_date_is_a_clear_error(
    client_for: Callable[[User], Client], coordinator: User, table: Table
) -> None:
    client = client_for(coordinator)
    bad_date = client.post(
        f"/governance/tables/{table.uuid}/meetings/new/", {"date": "2026-02-31", "agenda": "x"}
    )
    assert bad_date.status_code == 200
    assert "Inserisci una data valida." in bad_date.content.decode()
    assert Meeting.objects.count() == 0

    client.post(
        f"/governance/tables/{table.uuid}/meetings/new/",
        {"date": "2026-11-20", "agenda": "<script>alert(1)</script>", "minutes": "=1+1"},
    )
    page = client.get(f"/governance/meetings/{Meeting.objects.get().uuid}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_owner_finds_the_action_item_on_the_home_page_overdue_highlighted(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    partner_a: Organisation,
) -> None:
    owner = make_user(partner_a, [Role.CASE_WORKER])
    ActionItem.objects.create(
        meeting=meeting,
        description="Chiamare la Questura",
        owner=owner,
        due_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    ActionItem.objects.create(
        meeting=meeting,
        description="Già fatto",
        owner=owner,
        due_date=datetime.date.today(),
        status="done",
    )
    home = client_for(owner).get("/").content.decode()
    assert 'data-testid="home-action-items"' in home
    assert "Chiamare la Questura" in home and "Già fatto" not in home
    assert home.count('data-testid="overdue"') == 1

    colleague_home = client_for(make_user(partner_a, [Role.CASE_WORKER])).get("/").content.decode()
    assert 'data-testid="home-action-items"' not in colleague_home
    listing = client_for(make_user(partner_a, [Role.ORG_MANAGER])).get("/governance/action-items/")
    assert "Chiamare la Questura" in listing.content.decode()


def test_monitoring_sees_the_follow_up_counts_and_no_table(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    meeting: Meeting,
    lead: Organisation,
) -> None:
    client = client_for(make_user(lead, [Role.MONITORING]))
    follow_up = client.get("/governance/follow-up/?start=2026-11-01&end=2026-11-30")
    assert follow_up.status_code == 200
    assert "Tavolo tecnico" in follow_up.content.decode()
    assert client.get("/governance/").status_code == 404
    assert client.get(f"/governance/meetings/{meeting.uuid}/").status_code == 404
    reversed_period = client.get("/governance/follow-up/?start=2026-11-30&end=2026-11-01")
    assert "La data di inizio è successiva alla data di fine." in reversed_period.content.decode()


def test_the_coordinator_uploads_a_protocol_document_that_members_download(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator: User,
    lead: Organisation,
    partner_a: Organisation,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(coordinator)
    fake = SimpleUploadedFile("protocollo.pdf", b"<html>not a pdf</html>", "application/pdf")
    refused = client.post(
        "/governance/protocols/new/",
        {
            "title": "Protocollo CAS",
            "kind": "operational",
            "status": "signed",
            "signed_on": "2026-10-01",
            "organisations": [lead.pk, partner_a.pk],
            "document": fake,
        },
    )
    assert refused.status_code == 200
    assert "Il file non è un PDF valido." in refused.content.decode()
    assert Protocol.objects.count() == 0

    real = SimpleUploadedFile("protocollo.pdf", b"%PDF-1.7\n%fake body\n", "application/pdf")
    created = client.post(
        "/governance/protocols/new/",
        {
            "title": "Protocollo CAS",
            "kind": "operational",
            "status": "signed",
            "signed_on": "2026-10-01",
            "valid_until": "2028-09-30",
            "organisations": [lead.pk, partner_a.pk],
            "document": real,
        },
    )
    protocol = Protocol.objects.get()
    assert created.status_code == 302
    assert ProtocolDocument.objects.get().size == len(b"%PDF-1.7\n%fake body\n")
    download = client_for(make_user(partner_a, [Role.CASE_WORKER])).get(
        f"/governance/protocols/{protocol.uuid}/document/"
    )
    assert download.status_code == 200
    assert download.content == b"%PDF-1.7\n%fake body\n"
    assert download["Content-Disposition"] == 'attachment; filename="protocollo.pdf"'
    assert (
        client_for(make_user(lead, [Role.AUDITOR]))
        .get(f"/governance/protocols/{protocol.uuid}/document/")
        .status_code
        == 404
    )


def test_a_signed_protocol_needs_its_date(
    client_for: Callable[[User], Client], coordinator: User, lead: Organisation
) -> None:
    response = client_for(coordinator).post(
        "/governance/protocols/new/",
        {"title": "P", "kind": "operational", "status": "signed", "organisations": [lead.pk]},
    )
    assert "Un protocollo firmato ha bisogno della data di firma." in response.content.decode()
    assert Protocol.objects.count() == 0


def test_the_coordinator_names_members_of_a_table_and_they_see_it(
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    coordinator: User,
    lead: Organisation,
    partner_a: Organisation,
    partner_b: Organisation,
) -> None:
    delegate = make_user(partner_b, [Role.CASE_WORKER], username="delegata.beta")
    make_user(lead, [Role.AUDITOR], username="dpo.comune")
    client = client_for(coordinator)
    form = client.get("/governance/tables/new/").context["form"]
    offered = {label for _value, label in form.fields["member_users"].choices}
    assert "delegata.beta · beta" in offered
    assert not any(label.startswith("dpo.comune") for label in offered)

    response = client.post(
        "/governance/tables/new/",
        {
            "name": "Sottogruppo formazione",
            "kind": "working_group",
            "chair": lead.pk,
            "member_organisations": [lead.pk, partner_a.pk],
            "member_users": [delegate.pk],
            "frequency_months": "3",
            "active": "on",
        },
    )

    table = Table.objects.get()
    assert response.status_code == 302
    assert list(table.member_users.all()) == [delegate]
    assert client_for(delegate).get(f"/governance/tables/{table.uuid}/").status_code == 200
    assert (
        client_for(make_user(partner_b, [Role.CASE_WORKER]))
        .get(f"/governance/tables/{table.uuid}/")
        .status_code
        == 404
    )
