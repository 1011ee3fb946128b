"""The access log is append-only for the application, and the auditor can read and export it."""

import csv
import io
from collections.abc import Callable

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, connection, transaction
from django.test import Client

from approdi.accounts.models import Organisation, User
from approdi.accounts.roles import Role
from approdi.core import audit
from approdi.core.models import AccessAction, AccessLogEntry, AppendOnlyError


@pytest.fixture
def entry(db: None) -> AccessLogEntry:
    return audit.record(AccessAction.LOGIN_FAILED, actor=None, username="someone")


def test_an_entry_cannot_be_saved_again(entry: AccessLogEntry) -> None:
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AccessLogEntry.objects.get(pk=entry.pk).reason == ""


def test_an_entry_cannot_be_deleted(entry: AccessLogEntry) -> None:
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_entries_cannot_be_updated_in_bulk(entry: AccessLogEntry) -> None:
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(actor_username="x")
    assert AccessLogEntry.objects.get(pk=entry.pk).actor_username == "someone"


def test_the_database_refuses_an_update_too(entry: AccessLogEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accesslogentry SET actor_username = 'x'")
    assert AccessLogEntry.objects.get(pk=entry.pk).actor_username == "someone"


def test_the_database_guards_match_the_documented_ones(entry: AccessLogEntry) -> None:
    """PostgreSQL refuses DELETE too; SQLite guards UPDATE only (see migration 0003)."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accesslogentry")
        assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'core_accesslogentry'"
            )
            assert [row[0] for row in cursor.fetchall()] == ["core_accesslog_no_update"]


def test_the_admin_offers_no_access_log(
    make_user: Callable[..., User], client_for: Callable[[User], Client], lead: Organisation
) -> None:
    admin = make_user(lead, [Role.ADMIN])
    client = client_for(admin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/core/accesslogentry/").status_code == 404


@pytest.fixture
def auditor_client(
    make_user: Callable[..., User], client_for: Callable[[User], Client], lead: Organisation
) -> Client:
    return client_for(make_user(lead, [Role.AUDITOR], username="dpo"))


def test_the_auditor_page_lists_and_filters_entries(auditor_client: Client) -> None:
    audit.record(AccessAction.LOGIN_FAILED, actor=None, username="mallory")
    audit.record(AccessAction.LOGIN_FAILED, actor=None, username="trudy")
    page = auditor_client.get("/audit/", {"action": "login_failed", "username": "mallory"})
    assert page.status_code == 200
    entries = list(page.context["page"])
    assert [e.actor_username for e in entries] == ["mallory"]


def test_the_auditor_filters_the_refused_duplicate_lookups(auditor_client: Client) -> None:
    audit.record(AccessAction.DUPLICATE_LOOKUP_THROTTLED, actor=None, username="mallory")
    audit.record(AccessAction.DUPLICATE_LOOKUP, actor=None, username="mallory")
    page = auditor_client.get("/audit/", {"action": "duplicate_lookup_throttled"})
    body = page.content.decode()
    assert [e.action for e in page.context["page"]] == ["duplicate_lookup_throttled"]
    assert body.count("Ricerche di doppioni rifiutate: raggiunto il limite orario") == 2
    assert '<option value="duplicate_lookup_throttled" selected>' in body


def test_a_reversed_date_range_is_a_clear_error(auditor_client: Client) -> None:
    page = auditor_client.get("/audit/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert page.status_code == 200
    assert page.context["form"].has_error(NON_FIELD_ERRORS, "date_range")
    assert page.context["page"] is None


def test_an_impossible_date_is_a_clear_error(auditor_client: Client) -> None:
    page = auditor_client.get("/audit/", {"date_from": "2026-02-31"})
    assert page.status_code == 200
    assert page.context["form"].has_error("date_from", "invalid")
    assert page.context["page"] is None


def test_the_csv_export_is_logged_and_neutralises_formulas(auditor_client: Client) -> None:
    audit.record(AccessAction.LOGIN_FAILED, actor=None, username='=HYPERLINK("x")')
    response = auditor_client.get("/audit/export.csv", {"action": "login_failed"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:4] == ["at_utc", "username", "organisation", "action"]
    assert [r[1] for r in rows[1:]] == ['\'=HYPERLINK("x")']
    export = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (export.actor_username, export.object_type, export.fields) == (
        "dpo",
        "core.accesslogentry",
        ["action"],
    )


@pytest.mark.parametrize(
    "role",
    [
        Role.COORDINATOR,
        Role.ORG_MANAGER,
        Role.CASE_WORKER,
        Role.LEGAL_ADVISOR,
        Role.OUTREACH_WORKER,
        Role.MONITORING,
        Role.ADMIN,
    ],
)
def test_other_roles_do_not_find_the_access_log(
    role: str,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    lead: Organisation,
) -> None:
    client = client_for(make_user(lead, [role]))
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/export.csv").status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
