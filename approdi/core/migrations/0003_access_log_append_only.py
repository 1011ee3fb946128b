"""Make the access log append-only in the database too, not only in the application.

PostgreSQL: a trigger refuses UPDATE and DELETE (deployments should also revoke those
privileges and TRUNCATE from the application's role: see docs/deploy.md).
SQLite: a trigger refuses UPDATE. DELETE is refused by the application only, because the
test runner empties SQLite tables with DELETE between transactional tests.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION core_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The access log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_accesslog_no_change
    BEFORE UPDATE OR DELETE ON core_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION core_accesslog_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS core_accesslog_no_change ON core_accesslogentry;
DROP FUNCTION IF EXISTS core_accesslog_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_accesslog_no_update BEFORE UPDATE ON core_accesslogentry
BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS core_accesslog_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_load_domain_codes")]
    operations = [migrations.RunPython(forward, backward)]
