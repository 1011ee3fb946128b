"""A bed holds one person at a time, enforced by the database itself.

PostgreSQL: the btree_gist extension and an exclusion constraint over the bed and the
half-open date range [start, end) (an open-ended placement runs to infinity).
SQLite: triggers that abort an INSERT or UPDATE overlapping another placement of the bed.
Other databases get nothing here; the services still lock the bed row and check.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

PG_FORWARD = """
ALTER TABLE shelters_placement ADD CONSTRAINT placement_no_overlap_in_bed
    EXCLUDE USING gist (bed_id WITH =, daterange(start, "end", '[)') WITH &&);
"""
PG_BACKWARD = "ALTER TABLE shelters_placement DROP CONSTRAINT IF EXISTS placement_no_overlap_in_bed;"

# Ranges [s1, e1) and [s2, e2) overlap when s1 < e2 and s2 < e1 (null end: infinity).
SQLITE_CHECK = """
BEGIN
    SELECT RAISE(ABORT, 'placement_no_overlap_in_bed')
    WHERE EXISTS (
        SELECT 1 FROM shelters_placement AS p
        WHERE p.bed_id = NEW.bed_id
          AND p.id IS NOT NEW.id
          AND (NEW."end" IS NULL OR p.start < NEW."end")
          AND (p."end" IS NULL OR NEW.start < p."end")
    );
END;
"""
SQLITE_FORWARD = [
    "CREATE TRIGGER placement_no_overlap_insert BEFORE INSERT ON shelters_placement "
    + SQLITE_CHECK,
    "CREATE TRIGGER placement_no_overlap_update BEFORE UPDATE OF bed_id, start, \"end\" "
    "ON shelters_placement " + SQLITE_CHECK,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS placement_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS placement_no_overlap_update;",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("shelters", "0002_load_placement_end_reasons")]
    operations = [
        # Skipped by Django itself on databases other than PostgreSQL.
        BtreeGistExtension(),
        migrations.RunPython(forward, backward),
    ]
