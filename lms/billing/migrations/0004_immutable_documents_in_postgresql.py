"""Issued invoices, their lines, credit notes and their lines cannot be updated or deleted, and
payments are append-only, enforced by PostgreSQL triggers: not even ``QuerySet.update()``,
``delete()`` or raw SQL can change them (art. 52 AWR: kept unchanged for 7 years).

The one exception is the documented retention purge (``manage.py purge_billing_documents``),
which sets ``gebiedsschool.retention_purge = 'on'`` for its own transaction only
(``SET LOCAL``) to delete documents older than the retention period. A payment's
``recorded_by`` may still become NULL when the staff account that recorded it is deleted
(``on_delete=SET_NULL``); nothing else of a payment changes.

SQLite keeps the Python guard (``ImmutableModel``, ``Payment.save``); this migration does
nothing there.
"""

from django.db import migrations

DOCUMENT_TABLES = (
    "billing_invoice",
    "billing_invoiceline",
    "billing_creditnote",
    "billing_creditnoteline",
)

FUNCTION = """
CREATE OR REPLACE FUNCTION billing_refuse_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('gebiedsschool.retention_purge', true) = 'on' AND TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_TABLE_NAME = 'billing_payment' AND TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) ->> 'recorded_by_id') IS NULL
           AND (to_jsonb(NEW) - 'recorded_by_id') = (to_jsonb(OLD) - 'recorded_by_id') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% of % refused: issued billing documents and payments are immutable',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'raise_exception';
END;
$$ LANGUAGE plpgsql;
"""


def _tables():
    return (*DOCUMENT_TABLES, "billing_payment")


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in _tables():
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION billing_refuse_change()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables():
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS billing_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [("billing", "0003_invoice_corrects")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
