"""``manage.py purge_billing_documents [--dry-run]``: delete billing documents past the 7-year
retention period (art. 52 AWR). See ``lms/billing/retention.py`` and docs/billing-retention.md."""

from django.core.management.base import BaseCommand

from lms.billing import retention


class Command(BaseCommand):
    help = "Delete invoices and credit notes past the 7-year retention period (art. 52 AWR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        counts = retention.purge(dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(
            f"Issued before {retention.cutoff():%Y-%m-%d}: {verb} {summary or 'nothing'}"
        )
