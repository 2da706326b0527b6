"""Issue 16: log action names start with their app label; ``certificate.*`` becomes
``certificates.*`` in the existing action-log rows (Wagtail's ModelLogEntry)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

OLD, NEW = "certificate.", "certificates."


def rename(apps, old, new):
    entries = apps.get_model("wagtailcore", "ModelLogEntry").objects
    entries.filter(action__startswith=old).update(
        action=Concat(Value(new), Substr(F("action"), len(old) + 1))
    )


def forwards(apps, schema_editor):
    rename(apps, OLD, NEW)


def backwards(apps, schema_editor):
    rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0003_completion_rules_registers_templates"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
