"""Database triggers that refuse UPDATE and DELETE on the audit log, on SQLite and PostgreSQL.

SQLite's DELETE trigger asks ``sigap_audit_locked()``, a function SIGAP registers on each of its
connections (sigap/people/dbguard.py); a connection without it cannot delete at all. Only the
test suite's flush between transactional tests ever unlocks it. PostgreSQL's flush uses TRUNCATE,
which row triggers do not see.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER people_auditevent_no_update BEFORE UPDATE ON people_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER people_auditevent_no_delete BEFORE DELETE ON people_auditevent
       WHEN sigap_audit_locked()
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS people_auditevent_no_update",
    "DROP TRIGGER IF EXISTS people_auditevent_no_delete",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION people_auditevent_refuse() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER people_auditevent_append_only BEFORE UPDATE OR DELETE ON people_auditevent
       FOR EACH ROW EXECUTE FUNCTION people_auditevent_refuse()""",
]
POSTGRES_UNDO = [
    "DROP TRIGGER IF EXISTS people_auditevent_append_only ON people_auditevent",
    "DROP FUNCTION IF EXISTS people_auditevent_refuse()",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_UNDO, "postgresql": POSTGRES_UNDO}.get(
        schema_editor.connection.vendor, []
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
