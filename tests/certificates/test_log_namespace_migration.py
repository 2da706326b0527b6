"""Issue 16: the data migration renames existing ``certificate.*`` log rows to
``certificates.*`` (and back)."""

import importlib

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

migration = importlib.import_module("lms.certificates.migrations.0004_log_action_namespace")


def test_old_rows_are_renamed_and_back(user):
    # bulk_create: an old row's action is no longer registered, which save() would refuse.
    entry, other = ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=ContentType.objects.get_for_model(user),
            object_id=str(user.pk),
            label="x",
            action=action,
            timestamp=timezone.now(),
        )
        for action in ("certificate.issue", "enrolment.confirm")
    )
    migration.forwards(apps, None)
    entry.refresh_from_db()
    other.refresh_from_db()
    assert (entry.action, other.action) == ("certificates.issue", "enrolment.confirm")
    migration.backwards(apps, None)
    entry.refresh_from_db()
    assert entry.action == "certificate.issue"
