from django.db import migrations

# PostgreSQL only: trigram similarity, so that a misspelt catalogue search ("omgevingwet")
# still finds the module (courses/catalogue.py). SQLite suggests a word instead
# (courses/catalogue_suggest.py).


def create_pg_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm;")


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_pilot_monitoring_entries")]

    operations = [migrations.RunPython(create_pg_trgm, migrations.RunPython.noop)]
